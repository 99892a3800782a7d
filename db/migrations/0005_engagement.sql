CREATE TABLE "email_series" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"trigger" jsonb NOT NULL,
	"audience_segment_id" uuid,
	"goal" jsonb,
	"default_locale" text DEFAULT 'en' NOT NULL,
	"track" boolean DEFAULT true NOT NULL,
	"steps" jsonb NOT NULL,
	"started_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "email_series_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "email_unsubscribes" (
	"workspace_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"series_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "email_unsubscribes_workspace_id_contact_id_pk" PRIMARY KEY("workspace_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "series_deliveries" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"series_id" uuid NOT NULL,
	"step" integer NOT NULL,
	"contact_id" uuid NOT NULL,
	"outbox_id" uuid NOT NULL,
	"token" text NOT NULL,
	"links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"locale" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"opened_at" timestamp with time zone,
	"clicked_at" timestamp with time zone,
	CONSTRAINT "series_deliveries_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "series_enrollments" (
	"workspace_id" uuid NOT NULL,
	"series_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"state" text DEFAULT 'active' NOT NULL,
	"next_step" integer DEFAULT 0 NOT NULL,
	"next_at" timestamp with time zone NOT NULL,
	"enrolled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "series_enrollments_workspace_id_series_id_contact_id_pk" PRIMARY KEY("workspace_id","series_id","contact_id")
);
--> statement-breakpoint
ALTER TABLE "outbox_emails" ADD COLUMN "dispatched_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "email_series" ADD CONSTRAINT "email_series_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "series_deliveries_step_idx" ON "series_deliveries" USING btree ("workspace_id","series_id","step");--> statement-breakpoint
CREATE INDEX "series_enrollments_due_idx" ON "series_enrollments" USING btree ("workspace_id","state","next_at");