DROP INDEX "contacts_last_seen_idx";--> statement-breakpoint
CREATE INDEX "contacts_signed_up_idx" ON "contacts" USING btree ("workspace_id","signed_up_at" NULLS FIRST,"id");--> statement-breakpoint
CREATE INDEX "contacts_name_idx" ON "contacts" USING btree ("workspace_id","name" NULLS FIRST,"id");--> statement-breakpoint
CREATE INDEX "contacts_email_idx" ON "contacts" USING btree ("workspace_id","email" NULLS FIRST,"id");--> statement-breakpoint
CREATE INDEX "contacts_last_seen_idx" ON "contacts" USING btree ("workspace_id","last_seen_at" NULLS FIRST,"id");