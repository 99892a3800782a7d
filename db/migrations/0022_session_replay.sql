CREATE TABLE "replay_chunks" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"visitor_id" uuid NOT NULL,
	"recording_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"events" jsonb NOT NULL,
	"bytes" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "replay_chunks_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "replay_chunks_recording_seq" ON "replay_chunks" USING btree ("workspace_id","recording_id","seq");--> statement-breakpoint
CREATE INDEX "replay_chunks_contact_time" ON "replay_chunks" USING btree ("workspace_id","contact_id","ended_at");--> statement-breakpoint
CREATE INDEX "replay_chunks_created" ON "replay_chunks" USING btree ("workspace_id","created_at");