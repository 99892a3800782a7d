ALTER TABLE "events" DROP CONSTRAINT "events_workspace_id_workspaces_id_fk";
--> statement-breakpoint
ALTER TABLE "page_views" DROP CONSTRAINT "page_views_workspace_id_workspaces_id_fk";
