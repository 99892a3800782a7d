CREATE TABLE "experiment_changes" (
	"workspace_id" uuid NOT NULL,
	"experiment_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"reason" text NOT NULL,
	"before" jsonb NOT NULL,
	"after" jsonb NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "experiment_changes_workspace_id_experiment_id_id_pk" PRIMARY KEY("workspace_id","experiment_id","id")
);
--> statement-breakpoint
CREATE TABLE "experiment_exposures" (
	"workspace_id" uuid NOT NULL,
	"experiment_id" uuid NOT NULL,
	"unit_id" text NOT NULL,
	"variant" text NOT NULL,
	"exposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "experiment_exposures_workspace_id_experiment_id_unit_id_pk" PRIMARY KEY("workspace_id","experiment_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "experiment_holdouts" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"salt" text NOT NULL,
	"share" double precision NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "experiment_variants" (
	"workspace_id" uuid NOT NULL,
	"experiment_id" uuid NOT NULL,
	"key" text NOT NULL,
	"position" integer NOT NULL,
	"weight" double precision NOT NULL,
	"value" jsonb NOT NULL,
	CONSTRAINT "experiment_variants_workspace_id_experiment_id_key_pk" PRIMARY KEY("workspace_id","experiment_id","key")
);
--> statement-breakpoint
CREATE TABLE "experiments" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"flag_key" text NOT NULL,
	"unit" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"salt" text NOT NULL,
	"traffic" double precision NOT NULL,
	"layer_key" text,
	"layer_start" double precision,
	"layer_end" double precision,
	"registration" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"stopped_at" timestamp with time zone,
	CONSTRAINT "experiments_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "experiment_changes" ADD CONSTRAINT "experiment_changes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_changes" ADD CONSTRAINT "experiment_changes_workspace_id_experiment_id_experiments_workspace_id_id_fk" FOREIGN KEY ("workspace_id","experiment_id") REFERENCES "public"."experiments"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_holdouts" ADD CONSTRAINT "experiment_holdouts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_variants" ADD CONSTRAINT "experiment_variants_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_variants" ADD CONSTRAINT "experiment_variants_workspace_id_experiment_id_experiments_workspace_id_id_fk" FOREIGN KEY ("workspace_id","experiment_id") REFERENCES "public"."experiments"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "experiment_exposures_variant_idx" ON "experiment_exposures" USING btree ("workspace_id","experiment_id","variant");--> statement-breakpoint
CREATE UNIQUE INDEX "experiments_key_key" ON "experiments" USING btree ("workspace_id","key");--> statement-breakpoint
CREATE INDEX "experiments_flag_idx" ON "experiments" USING btree ("workspace_id","flag_key","status");