CREATE TABLE "experiment_share_links" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"experiment_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "experiment_share_links_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "experiments" ADD COLUMN "eligibility_segment_id" uuid;--> statement-breakpoint
ALTER TABLE "experiments" ADD COLUMN "entry_starts_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "experiments" ADD COLUMN "entry_ends_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "experiment_share_links" ADD CONSTRAINT "experiment_share_links_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_share_links" ADD CONSTRAINT "experiment_share_links_workspace_id_experiment_id_experiments_workspace_id_id_fk" FOREIGN KEY ("workspace_id","experiment_id") REFERENCES "public"."experiments"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "experiment_share_links_token_key" ON "experiment_share_links" USING btree ("workspace_id","token_hash");--> statement-breakpoint
CREATE INDEX "experiment_share_links_experiment_idx" ON "experiment_share_links" USING btree ("workspace_id","experiment_id");