ALTER TABLE "articles" ADD COLUMN "source_conversation_id" uuid;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "source_message_id" uuid;--> statement-breakpoint
ALTER TABLE "search_log" ADD COLUMN "own_locale_hits" integer;--> statement-breakpoint
CREATE UNIQUE INDEX "articles_source_message_key" ON "articles" USING btree ("workspace_id","source_message_id");