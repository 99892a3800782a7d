DROP INDEX "events_received_idx";--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "xid" bigint DEFAULT (pg_current_xact_id()::text)::bigint NOT NULL;--> statement-breakpoint
ALTER TABLE "experiment_rollups" ADD COLUMN "snapshot" text;--> statement-breakpoint
CREATE INDEX "events_xid_idx" ON "events" USING btree ("workspace_id","xid");--> statement-breakpoint
-- pg_current_xact_id() is stable, not volatile, so the ADD COLUMN above does not rewrite events:
-- existing rows read this migration's transaction id, which every later snapshot sees as committed.
COMMENT ON COLUMN "events"."xid" IS 'Writing transaction (pg_current_xact_id): the experiments rollup change feed';
