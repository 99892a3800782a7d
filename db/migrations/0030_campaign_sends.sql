CREATE TABLE "campaign_sends" (
	"workspace_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"session_id" text NOT NULL,
	"id" uuid NOT NULL,
	"campaign_ids" uuid[] NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_sends_workspace_id_contact_id_session_id_id_pk" PRIMARY KEY("workspace_id","contact_id","session_id","id")
);
--> statement-breakpoint
-- The sent receipts of one decision share its transaction's time: each decision becomes one row.
INSERT INTO "campaign_sends" ("workspace_id", "contact_id", "session_id", "id", "campaign_ids", "at")
SELECT "workspace_id", "contact_id", "session_id", gen_random_uuid(), array_agg(DISTINCT "campaign_id"), "at"
FROM "campaign_receipts" WHERE "kind" = 'sent'
GROUP BY "workspace_id", "contact_id", "session_id", "at";--> statement-breakpoint
DELETE FROM "campaign_receipts" WHERE "kind" = 'sent';
