CREATE TABLE "campaign_runs" (
	"workspace_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"stopped_at" timestamp with time zone,
	CONSTRAINT "campaign_runs_workspace_id_campaign_id_started_at_pk" PRIMARY KEY("workspace_id","campaign_id","started_at")
);
--> statement-breakpoint
-- Campaigns started before runs were recorded: one run from the first start, stopped at the last change when paused now.
INSERT INTO "campaign_runs" ("workspace_id", "campaign_id", "started_at", "stopped_at")
SELECT "workspace_id", "id", "started_at", CASE WHEN "state" = 'paused' THEN "updated_at" END FROM "campaigns" WHERE "started_at" IS NOT NULL;
