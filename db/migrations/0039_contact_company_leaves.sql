CREATE TABLE "contact_company_leaves" (
	"workspace_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"left_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "contact_company_leaves_left_idx" ON "contact_company_leaves" USING btree ("workspace_id","left_at");