CREATE TABLE "company_mrr_history" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"plan" text,
	"mrr" numeric(14, 2),
	CONSTRAINT "company_mrr_history_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "conversation_closes" (
	"workspace_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"closed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "conversation_closes_workspace_id_conversation_id_closed_at_pk" PRIMARY KEY("workspace_id","conversation_id","closed_at")
);
--> statement-breakpoint
CREATE TABLE "digest_subscriptions" (
	"workspace_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"weekly_digest" boolean DEFAULT false NOT NULL,
	"last_sent_week" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "digest_subscriptions_workspace_id_agent_id_pk" PRIMARY KEY("workspace_id","agent_id")
);
--> statement-breakpoint
ALTER TABLE "digest_subscriptions" ADD CONSTRAINT "digest_subscriptions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "company_mrr_history_company_idx" ON "company_mrr_history" USING btree ("workspace_id","company_id","at");--> statement-breakpoint
-- Hand-written (drizzle-kit does not generate triggers): keep when regenerating this migration.
CREATE FUNCTION "record_company_mrr"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.plan IS DISTINCT FROM OLD.plan OR NEW.mrr IS DISTINCT FROM OLD.mrr THEN
    INSERT INTO company_mrr_history (workspace_id, company_id, at, plan, mrr) VALUES (NEW.workspace_id, NEW.id, now(), NEW.plan, NEW.mrr);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "companies_mrr_history" AFTER INSERT OR UPDATE OF plan, mrr ON "companies" FOR EACH ROW EXECUTE FUNCTION "record_company_mrr"();
--> statement-breakpoint
INSERT INTO "company_mrr_history" (workspace_id, company_id, at, plan, mrr) SELECT workspace_id, id, created_at, plan, mrr FROM "companies";
