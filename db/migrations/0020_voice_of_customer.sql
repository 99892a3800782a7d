CREATE TABLE "feedback_items" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"shipped_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_items_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "feedback_links" (
	"workspace_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"source" text NOT NULL,
	"agent_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_links_workspace_id_item_id_conversation_id_pk" PRIMARY KEY("workspace_id","item_id","conversation_id")
);
--> statement-breakpoint
CREATE TABLE "feedback_notified" (
	"workspace_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"conversation_id" uuid,
	"sent_at" timestamp with time zone,
	CONSTRAINT "feedback_notified_workspace_id_item_id_contact_id_pk" PRIMARY KEY("workspace_id","item_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "feedback_notify_runs" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"default_locale" text NOT NULL,
	"texts" jsonb NOT NULL,
	"agent_id" uuid,
	"total" integer NOT NULL,
	"sent" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "feedback_notify_runs_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "feedback_items" ADD CONSTRAINT "feedback_items_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_notify_runs" ADD CONSTRAINT "feedback_notify_runs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "feedback_links_conversation_idx" ON "feedback_links" USING btree ("workspace_id","conversation_id");--> statement-breakpoint
CREATE INDEX "feedback_notify_runs_item_idx" ON "feedback_notify_runs" USING btree ("workspace_id","item_id","created_at");