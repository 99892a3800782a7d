CREATE TABLE "sla_breaches" (
	"workspace_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"breached_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sla_breaches_workspace_id_conversation_id_kind_due_at_pk" PRIMARY KEY("workspace_id","conversation_id","kind","due_at")
);
--> statement-breakpoint
ALTER TABLE "conversation_routing" ADD COLUMN "next_response_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversation_routing" ADD COLUMN "resolution_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD COLUMN "next_response_minutes" integer;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD COLUMN "resolution_minutes" integer;--> statement-breakpoint
ALTER TABLE "sla_breaches" ADD CONSTRAINT "sla_breaches_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;