CREATE TABLE "signal_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"sample_rate" real DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checklist_ticks" (
	"workspace_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"item_id" text NOT NULL,
	"done_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "checklist_ticks_workspace_id_campaign_id_contact_id_item_id_pk" PRIMARY KEY("workspace_id","campaign_id","contact_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "survey_answers" (
	"workspace_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"question_id" text NOT NULL,
	"answer" jsonb NOT NULL,
	"score" integer,
	"answered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_answers_workspace_id_campaign_id_contact_id_question_id_pk" PRIMARY KEY("workspace_id","campaign_id","contact_id","question_id")
);
--> statement-breakpoint
ALTER TABLE "signal_settings" ADD CONSTRAINT "signal_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;