CREATE TABLE "experiment_rollup_units" (
	"workspace_id" uuid NOT NULL,
	"experiment_id" uuid NOT NULL,
	"unit_id" text NOT NULL,
	"unit_uuid" uuid,
	"variant" text NOT NULL,
	"exposed_at" timestamp with time zone NOT NULL,
	"obs" text,
	"v" double precision[] NOT NULL,
	"p" double precision[] NOT NULL,
	"d" double precision[] NOT NULL,
	CONSTRAINT "experiment_rollup_units_workspace_id_experiment_id_unit_id_pk" PRIMARY KEY("workspace_id","experiment_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "experiment_rollups" (
	"workspace_id" uuid NOT NULL,
	"experiment_id" uuid NOT NULL,
	"fingerprint" text NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"units" integer NOT NULL,
	"built_at" timestamp with time zone NOT NULL,
	CONSTRAINT "experiment_rollups_workspace_id_experiment_id_pk" PRIMARY KEY("workspace_id","experiment_id")
);
--> statement-breakpoint
ALTER TABLE "experiment_rollups" ADD CONSTRAINT "experiment_rollups_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_rollups" ADD CONSTRAINT "experiment_rollups_workspace_id_experiment_id_experiments_workspace_id_id_fk" FOREIGN KEY ("workspace_id","experiment_id") REFERENCES "public"."experiments"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "events_received_idx" ON "events" USING btree ("workspace_id","received_at");