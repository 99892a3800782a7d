CREATE TABLE "campaign_runs" (
	"workspace_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"stopped_at" timestamp with time zone,
	CONSTRAINT "campaign_runs_workspace_id_campaign_id_started_at_pk" PRIMARY KEY("workspace_id","campaign_id","started_at")
);
--> statement-breakpoint
CREATE TABLE "insights_weekly_activity" (
	"workspace_id" uuid NOT NULL,
	"week" timestamp with time zone NOT NULL,
	"active_contacts" integer NOT NULL,
	"active_companies" integer NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "insights_weekly_activity_workspace_id_week_pk" PRIMARY KEY("workspace_id","week")
);
--> statement-breakpoint
ALTER TABLE "insights_weekly_activity" ADD CONSTRAINT "insights_weekly_activity_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Campaigns started before runs were recorded: one run from the first start, stopped at the last change when paused now.
INSERT INTO "campaign_runs" ("workspace_id", "campaign_id", "started_at", "stopped_at")
SELECT "workspace_id", "id", "started_at", CASE WHEN "state" = 'paused' THEN "updated_at" END FROM "campaigns" WHERE "started_at" IS NOT NULL;
