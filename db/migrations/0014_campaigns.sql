CREATE TABLE "campaign_deliveries" (
	"workspace_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"shows" integer DEFAULT 0 NOT NULL,
	"first_sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"first_seen_at" timestamp with time zone,
	"last_seen_at" timestamp with time zone,
	"clicked_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"dismissed_at" timestamp with time zone,
	"dismissed_for_good" boolean DEFAULT false NOT NULL,
	"goal_at" timestamp with time zone,
	CONSTRAINT "campaign_deliveries_workspace_id_campaign_id_contact_id_pk" PRIMARY KEY("workspace_id","campaign_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "campaign_receipts" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"session_id" text NOT NULL,
	"kind" text NOT NULL,
	"step" integer,
	"capped" boolean NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_receipts_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "campaign_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"type" text NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"name" text NOT NULL,
	"audience_segment_id" uuid,
	"trigger" jsonb NOT NULL,
	"pages" jsonb NOT NULL,
	"schedule" jsonb NOT NULL,
	"frequency" jsonb NOT NULL,
	"priority" integer DEFAULT 50 NOT NULL,
	"goal" jsonb,
	"control_pct" integer DEFAULT 0 NOT NULL,
	"default_locale" text DEFAULT 'en' NOT NULL,
	"content" jsonb NOT NULL,
	"experiment_id" uuid,
	"started_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaigns_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "campaign_settings" ADD CONSTRAINT "campaign_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_deliveries_contact_idx" ON "campaign_deliveries" USING btree ("workspace_id","contact_id");--> statement-breakpoint
CREATE INDEX "campaign_receipts_contact_idx" ON "campaign_receipts" USING btree ("workspace_id","contact_id","at");--> statement-breakpoint
CREATE INDEX "campaign_receipts_campaign_idx" ON "campaign_receipts" USING btree ("workspace_id","campaign_id","kind");--> statement-breakpoint
CREATE INDEX "campaigns_state_idx" ON "campaigns" USING btree ("workspace_id","state");