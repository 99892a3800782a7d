import { sql, type SQL } from 'drizzle-orm';
import type { ArmSummary } from './analyze.ts';
import type { CoMoments, Moments } from './moments.ts';

/**
 * Per-arm sufficient statistics computed by the database, so an analysis never loads its units
 * into Node. `unitAggregatesSql(source)` groups a relation with the STATS.md unit columns
 * (variant, converted, revenue, pre_revenue, conversations, searches) by variant; PostgreSQL's
 * float8 avg/var_samp/covar_samp use the Youngs–Cramer updates, so the central moments come back
 * as precise as our two-pass sums (the fixture test checks both drivers against scipy).
 *
 * `source` is SQL text from our own code (a table name or a subquery), never user input.
 */
export const unitAggregatesSql = (source: string): string => `
  select variant,
    count(*)::float8 as n,
    sum(converted)::float8 as conversions,
    avg(revenue::float8) as revenue_mean,
    coalesce(var_samp(revenue::float8) * (count(*) - 1), 0) as revenue_m2,
    avg(pre_revenue::float8) as pre_revenue_mean,
    coalesce(var_samp(pre_revenue::float8) * (count(*) - 1), 0) as pre_revenue_m2,
    coalesce(covar_samp(pre_revenue::float8, revenue::float8) * (count(*) - 1), 0) as revenue_cxy,
    avg(conversations::float8) as conversations_mean,
    coalesce(var_samp(conversations::float8) * (count(*) - 1), 0) as conversations_m2,
    avg(searches::float8) as searches_mean,
    coalesce(var_samp(searches::float8) * (count(*) - 1), 0) as searches_m2
  from (${source}) as units
  group by variant`;

/** One row of `unitAggregatesSql`. */
export interface UnitAggregates {
  variant: string;
  n: number;
  conversions: number;
  revenue_mean: number;
  revenue_m2: number;
  pre_revenue_mean: number;
  pre_revenue_m2: number;
  revenue_cxy: number;
  conversations_mean: number;
  conversations_m2: number;
  searches_mean: number;
  searches_m2: number;
}

export function armSummaryFromAggregates(row: UnitAggregates): ArmSummary {
  const n = Number(row.n);
  const m = (mean: number, m2: number): Moments => ({ n, mean: Number(mean), m2: Number(m2) });
  return {
    n,
    conversions: Number(row.conversions),
    revenue: { x: m(row.pre_revenue_mean, row.pre_revenue_m2), y: m(row.revenue_mean, row.revenue_m2), cxy: Number(row.revenue_cxy) },
    conversations: m(row.conversations_mean, row.conversations_m2),
    searches: m(row.searches_mean, row.searches_m2),
  };
}

/**
 * One metric's sufficient statistics per (variant, group) from a relation of unit rows with
 * columns `variant`, `grp` (a breakdown value, or null), `value` and `pre` (the CUPED covariate).
 * `source` is SQL built by our own code, never user input.
 */
export const metricAggregatesSql = (source: SQL): SQL => sql`
  select variant, grp,
    count(*)::float8 as n,
    sum(value)::float8 as total,
    avg(value)::float8 as mean,
    coalesce(var_samp(value) * (count(*) - 1), 0)::float8 as m2,
    avg(pre)::float8 as pre_mean,
    coalesce(var_samp(pre) * (count(*) - 1), 0)::float8 as pre_m2,
    coalesce(covar_samp(pre, value) * (count(*) - 1), 0)::float8 as cxy
  from (${source}) as units
  group by variant, grp`;

/** One row of `metricAggregatesSql`. */
export interface MetricAggregates {
  variant: string;
  grp: string | null;
  /** Whether the unit did the report's observed event ('yes'/'no'), when asked for. */
  obs?: string | null;
  n: number;
  total: number;
  mean: number;
  m2: number;
  pre_mean: number;
  pre_m2: number;
  cxy: number;
}

/** A metric's arm (or arm × group) statistics: x = pre-period covariate, y = the metric. */
export interface MetricArm {
  n: number;
  /** Σ value: the conversions of a binary metric. */
  total: number;
  values: CoMoments;
}

export function metricArmFromAggregates(row: MetricAggregates): MetricArm {
  const n = Number(row.n);
  return {
    n,
    total: Number(row.total),
    values: {
      x: { n, mean: Number(row.pre_mean), m2: Number(row.pre_m2) },
      y: { n, mean: Number(row.mean), m2: Number(row.m2) },
      cxy: Number(row.cxy),
    },
  };
}
