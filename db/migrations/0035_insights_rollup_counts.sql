CREATE TABLE "insights_conversation_quarters" (
	"workspace_id" uuid NOT NULL,
	"slot" timestamp with time zone NOT NULL,
	"conversations" integer NOT NULL,
	CONSTRAINT "insights_conversation_quarters_workspace_id_slot_pk" PRIMARY KEY("workspace_id","slot")
);
--> statement-breakpoint
ALTER TABLE "insights_weekly_activity" ADD COLUMN "conversations" integer;--> statement-breakpoint
ALTER TABLE "insights_weekly_activity" ADD COLUMN "company_conversations" integer;--> statement-breakpoint
ALTER TABLE "insights_weekly_activity" ADD COLUMN "deflections" integer;--> statement-breakpoint
ALTER TABLE "insights_conversation_quarters" ADD CONSTRAINT "insights_conversation_quarters_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversations_created_idx" ON "conversations" USING btree ("workspace_id","created_at");