CREATE TABLE "insights_conversation_facts" (
	"workspace_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"contact_id" uuid,
	"channel" text NOT NULL,
	"team_id" uuid,
	"assignee_id" uuid,
	"tier" text,
	"sla_policy_id" uuid,
	"tag_ids" uuid[],
	"closed" boolean NOT NULL,
	"first_response_at" timestamp with time zone,
	"first_response_due_at" timestamp with time zone,
	"frt_seconds" double precision,
	"frt_office_seconds" double precision,
	"resolution_seconds" double precision,
	"resolution_office_seconds" double precision,
	"replies" integer NOT NULL,
	"closes" integer NOT NULL,
	"next_response_seconds" double precision[],
	"csat_rating" integer,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "insights_conversation_facts_workspace_id_conversation_id_pk" PRIMARY KEY("workspace_id","conversation_id")
);
--> statement-breakpoint
CREATE TABLE "insights_conversation_facts_state" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"built_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "insights_conversation_facts" ADD CONSTRAINT "insights_conversation_facts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insights_conversation_facts_state" ADD CONSTRAINT "insights_conversation_facts_state_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "insights_conversation_facts_created_idx" ON "insights_conversation_facts" USING btree ("workspace_id","created_at");