CREATE TABLE "qa_message_comments" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"review_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "qa_message_comments_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "qa_reviews" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"scorecard_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"source" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"scores" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"score" double precision,
	"comment" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "qa_reviews_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "qa_scorecards" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"criteria" jsonb NOT NULL,
	"weekly_sample" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "qa_scorecards_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "qa_message_comments" ADD CONSTRAINT "qa_message_comments_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qa_reviews" ADD CONSTRAINT "qa_reviews_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qa_scorecards" ADD CONSTRAINT "qa_scorecards_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "qa_message_comments_review_idx" ON "qa_message_comments" USING btree ("workspace_id","review_id");--> statement-breakpoint
CREATE UNIQUE INDEX "qa_reviews_assignment_key" ON "qa_reviews" USING btree ("workspace_id","scorecard_id","conversation_id","reviewer_id");--> statement-breakpoint
CREATE INDEX "qa_reviews_reviewer_idx" ON "qa_reviews" USING btree ("workspace_id","reviewer_id","status");--> statement-breakpoint
CREATE INDEX "qa_reviews_agent_idx" ON "qa_reviews" USING btree ("workspace_id","agent_id","completed_at");