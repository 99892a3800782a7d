CREATE TABLE "help_page_suggestions" (
	"workspace_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"pattern" text NOT NULL,
	"article_ids" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "help_page_suggestions_workspace_id_position_pk" PRIMARY KEY("workspace_id","position")
);
--> statement-breakpoint
ALTER TABLE "help_page_suggestions" ADD CONSTRAINT "help_page_suggestions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;