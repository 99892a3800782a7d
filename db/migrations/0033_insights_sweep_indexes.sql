CREATE INDEX "conversations_updated_idx" ON "conversations" USING btree ("workspace_id","updated_at");--> statement-breakpoint
CREATE INDEX "conversation_routing_routed_idx" ON "conversation_routing" USING btree ("workspace_id","routed_at");--> statement-breakpoint
CREATE INDEX "conversation_tags_created_idx" ON "conversation_tags" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "conversation_closes_closed_idx" ON "conversation_closes" USING btree ("workspace_id","closed_at");