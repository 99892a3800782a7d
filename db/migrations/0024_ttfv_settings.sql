CREATE TABLE "ttfv_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"milestone_event" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ttfv_settings" ADD CONSTRAINT "ttfv_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;