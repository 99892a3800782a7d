CREATE TABLE "insights_support_weekly" (
	"workspace_id" uuid NOT NULL,
	"week" date NOT NULL,
	"dim" text NOT NULL,
	"key" text,
	"conversations" integer NOT NULL,
	"responded" integer NOT NULL,
	"closed" integer NOT NULL,
	"replied_closed" integer NOT NULL,
	"replies_sum" integer NOT NULL,
	"one_touch" integer NOT NULL,
	"ever_closed" integer NOT NULL,
	"reopened" integer NOT NULL,
	"sla_met" integer NOT NULL,
	"sla_late" integer NOT NULL,
	"sla_waiting" integer NOT NULL,
	"sla_waiting_due_max" timestamp with time zone,
	"csat_responses" integer NOT NULL,
	"csat_good" integer NOT NULL,
	"frt_b" integer[],
	"frt_n" integer[],
	"frt_office_b" integer[],
	"frt_office_n" integer[],
	"res_b" integer[],
	"res_n" integer[],
	"res_office_b" integer[],
	"res_office_n" integer[],
	"nrt_b" integer[],
	"nrt_n" integer[]
);
--> statement-breakpoint
ALTER TABLE "insights_support_weekly" ADD CONSTRAINT "insights_support_weekly_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "insights_support_weekly_idx" ON "insights_support_weekly" USING btree ("workspace_id","dim","week");
--> statement-breakpoint
-- An existing install's weekly rows, summed from its daily rows as the facts jobs sum them, so a
-- long report is right from the first start after the upgrade, not only after the next sweep.
WITH d AS MATERIALIZED (
  SELECT (d.day - ((extract(isodow FROM d.day)::int + 6) % 7))::date AS week, d.* FROM "insights_support_daily" d
),
counts AS (
  SELECT workspace_id, week, dim, key, sum(conversations)::int AS conversations, sum(responded)::int AS responded, sum(closed)::int AS closed, sum(replied_closed)::int AS replied_closed, sum(replies_sum)::int AS replies_sum, sum(one_touch)::int AS one_touch, sum(ever_closed)::int AS ever_closed, sum(reopened)::int AS reopened, sum(sla_met)::int AS sla_met, sum(sla_late)::int AS sla_late, sum(sla_waiting)::int AS sla_waiting, sum(csat_responses)::int AS csat_responses, sum(csat_good)::int AS csat_good, max(sla_waiting_due_max) AS sla_waiting_due_max
  FROM d GROUP BY 1, 2, 3, 4
),
hist AS (
  SELECT workspace_id, week, dim, key, m, b, sum(n)::int AS n FROM (
    SELECT d.workspace_id, d.week, d.dim, d.key, 0 AS m, x.b, x.n FROM d CROSS JOIN LATERAL unnest(d.frt_b, d.frt_n) AS x(b, n) UNION ALL
    SELECT d.workspace_id, d.week, d.dim, d.key, 1 AS m, x.b, x.n FROM d CROSS JOIN LATERAL unnest(d.frt_office_b, d.frt_office_n) AS x(b, n) UNION ALL
    SELECT d.workspace_id, d.week, d.dim, d.key, 2 AS m, x.b, x.n FROM d CROSS JOIN LATERAL unnest(d.res_b, d.res_n) AS x(b, n) UNION ALL
    SELECT d.workspace_id, d.week, d.dim, d.key, 3 AS m, x.b, x.n FROM d CROSS JOIN LATERAL unnest(d.res_office_b, d.res_office_n) AS x(b, n) UNION ALL
    SELECT d.workspace_id, d.week, d.dim, d.key, 4 AS m, x.b, x.n FROM d CROSS JOIN LATERAL unnest(d.nrt_b, d.nrt_n) AS x(b, n)
  ) v GROUP BY 1, 2, 3, 4, 5, 6
),
arrays AS (
  SELECT workspace_id, week, dim, key,
    array_agg(b ORDER BY b) FILTER (WHERE m = 0) AS frt_b, array_agg(n ORDER BY b) FILTER (WHERE m = 0) AS frt_n,
    array_agg(b ORDER BY b) FILTER (WHERE m = 1) AS frt_office_b, array_agg(n ORDER BY b) FILTER (WHERE m = 1) AS frt_office_n,
    array_agg(b ORDER BY b) FILTER (WHERE m = 2) AS res_b, array_agg(n ORDER BY b) FILTER (WHERE m = 2) AS res_n,
    array_agg(b ORDER BY b) FILTER (WHERE m = 3) AS res_office_b, array_agg(n ORDER BY b) FILTER (WHERE m = 3) AS res_office_n,
    array_agg(b ORDER BY b) FILTER (WHERE m = 4) AS nrt_b, array_agg(n ORDER BY b) FILTER (WHERE m = 4) AS nrt_n
  FROM hist GROUP BY 1, 2, 3, 4
)
INSERT INTO "insights_support_weekly" (workspace_id, week, dim, key, conversations, responded, closed, replied_closed, replies_sum, one_touch, ever_closed, reopened, sla_met, sla_late, sla_waiting, csat_responses, csat_good, sla_waiting_due_max, frt_b, frt_n, frt_office_b, frt_office_n, res_b, res_n, res_office_b, res_office_n, nrt_b, nrt_n)
SELECT c.workspace_id, c.week, c.dim, c.key, c.conversations, c.responded, c.closed, c.replied_closed, c.replies_sum, c.one_touch, c.ever_closed, c.reopened, c.sla_met, c.sla_late, c.sla_waiting, c.csat_responses, c.csat_good, c.sla_waiting_due_max, a.frt_b, a.frt_n, a.frt_office_b, a.frt_office_n, a.res_b, a.res_n, a.res_office_b, a.res_office_n, a.nrt_b, a.nrt_n
FROM counts c LEFT JOIN arrays a ON a.workspace_id = c.workspace_id AND a.week = c.week AND a.dim = c.dim AND a.key IS NOT DISTINCT FROM c.key;
