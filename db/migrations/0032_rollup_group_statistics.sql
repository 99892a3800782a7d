-- A report groups an experiment's stored unit rows by arm, exposure day and observed split: a few
-- hundred groups. Without statistics on the day expression the planner guesses one group per row,
-- and so never splits the aggregate over parallel workers (2.1 s → 0.9 s over a million rows).
CREATE STATISTICS IF NOT EXISTS "experiment_rollup_units_report_groups" (ndistinct)
  ON "variant", (("exposed_at" AT TIME ZONE 'UTC')::date), "obs" FROM "experiment_rollup_units";
