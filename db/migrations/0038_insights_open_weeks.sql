CREATE TABLE "insights_open_week_companies" (
	"workspace_id" uuid NOT NULL,
	"week" timestamp with time zone NOT NULL,
	"company_id" uuid NOT NULL,
	CONSTRAINT "insights_open_week_companies_workspace_id_week_company_id_pk" PRIMARY KEY("workspace_id","week","company_id")
);
--> statement-breakpoint
CREATE TABLE "insights_open_weeks" (
	"workspace_id" uuid NOT NULL,
	"week" timestamp with time zone NOT NULL,
	"counted_through" timestamp with time zone NOT NULL,
	CONSTRAINT "insights_open_weeks_workspace_id_week_pk" PRIMARY KEY("workspace_id","week")
);
--> statement-breakpoint
ALTER TABLE "insights_open_week_companies" ADD CONSTRAINT "insights_open_week_companies_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insights_open_weeks" ADD CONSTRAINT "insights_open_weeks_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;