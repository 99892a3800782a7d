DROP INDEX "webhook_deliveries_webhook_idx";--> statement-breakpoint
CREATE INDEX "webhook_deliveries_webhook_idx" ON "webhook_deliveries" USING btree ("workspace_id","webhook_id","id");