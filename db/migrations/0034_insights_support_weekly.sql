CREATE TABLE "insights_support_weekly" (
	"workspace_id" uuid NOT NULL,
	"week" date NOT NULL,
	"dim" text NOT NULL,
	"key" text,
	"conversations" integer NOT NULL,
	"responded" integer NOT NULL,
	"closed" integer NOT NULL,
	"replied_closed" integer NOT NULL,
	"replies_sum" integer NOT NULL,
	"one_touch" integer NOT NULL,
	"ever_closed" integer NOT NULL,
	"reopened" integer NOT NULL,
	"sla_met" integer NOT NULL,
	"sla_late" integer NOT NULL,
	"sla_waiting" integer NOT NULL,
	"sla_waiting_due_max" timestamp with time zone,
	"csat_responses" integer NOT NULL,
	"csat_good" integer NOT NULL,
	"frt_b" integer[],
	"frt_n" integer[],
	"frt_office_b" integer[],
	"frt_office_n" integer[],
	"res_b" integer[],
	"res_n" integer[],
	"res_office_b" integer[],
	"res_office_n" integer[],
	"nrt_b" integer[],
	"nrt_n" integer[]
);
--> statement-breakpoint
ALTER TABLE "insights_support_weekly" ADD CONSTRAINT "insights_support_weekly_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "insights_support_weekly_idx" ON "insights_support_weekly" USING btree ("workspace_id","dim","week");