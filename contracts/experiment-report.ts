import { z } from 'zod';
import { ConversionComparison, CupedComparison, ExperimentView, MeanComparison, MetricDefinition } from './experiments.ts';

/**
 * `GET /api/v1/experiments/:id/report`: everything the report page shows, computed from per-arm
 * sufficient statistics aggregated in the database. Undefined figures are null, never NaN.
 */

const Fig = z.number().nullable();

export const MetricRole = z.enum(['primary', 'secondary', 'guardrail']);

export const ReportArm = z.object({
  variant: z.string(),
  n: z.number(),
  mean: Fig,
  sd: Fig,
  pre_mean: Fig,
  /**
   * time_to_value only: median days from exposure to the first value over all the arm's units
   * (those without it count as later than any day), null when fewer than half got there.
   */
  median_days: Fig.optional(),
});

/** The figure the report leads with for one treatment arm against control. */
export const Headline = z.object({
  /** Treatment minus control: points of rate for binary metrics, units of the metric otherwise. */
  estimate: Fig,
  ci_low: Fig,
  ci_high: Fig,
  rel_diff: Fig,
  rel_ci_low: Fig,
  rel_ci_high: Fig,
  p_value: Fig,
  /** Holm across the treatment arms of this metric; null with a single treatment arm. */
  p_value_holm: Fig,
  /** Which analysis the headline comes from. */
  method: z.enum(['two_proportions', 'cuped', 'welch', 'msprt_proportions', 'msprt_means']),
  significant: z.boolean(),
});

export const ReportComparison = z.object({
  variant: z.string(),
  headline: Headline,
  conversion: ConversionComparison.nullable(),
  welch: MeanComparison.nullable(),
  cuped: CupedComparison.nullable(),
  /** Always-valid p-value and confidence sequence (sequential mode only). */
  sequential: z.object({ p_value: Fig, ci_low: Fig, ci_high: Fig }).nullable(),
});

export const ReportMetric = z.object({
  definition: MetricDefinition,
  role: MetricRole,
  binary: z.boolean(),
  arms: z.array(ReportArm),
  comparisons: z.array(ReportComparison),
});

export const CumulativePoint = z.object({ day: z.string(), n: z.number(), estimate: Fig, ci_low: Fig, ci_high: Fig });

export const ExperimentReport = z.object({
  experiment: ExperimentView,
  generated_at: z.string(),
  /**
   * Where the figures come from: the per-unit rollup, holding the data recorded up to `as_of`
   * (kept current by a background job, normally within a minute or two), or computed from the
   * raw data at `as_of` = now (before the rollup exists, or for another observational event).
   */
  freshness: z.object({ source: z.enum(['rollup', 'live']), as_of: z.string() }),
  control: z.string(),
  mode: z.enum(['fixed', 'sequential']),
  alpha: z.number(),
  progress: z.object({
    planned_units_per_arm: z.number(),
    smallest_arm: z.number(),
    /** Smallest arm over the plan, at most 1. */
    share: z.number(),
    reached: z.boolean(),
  }),
  srm: z.object({ chi2: Fig, df: z.number(), p_value: Fig, mismatch: z.boolean() }),
  /** False with a sample-ratio mismatch: every result below is then untrustworthy. */
  trustworthy: z.boolean(),
  /** interim: fixed horizon not reached ("do not decide"); final: reached; always_valid: sequential. */
  stage: z.enum(['no_data', 'interim', 'final', 'always_valid']),
  metrics: z.array(ReportMetric),
  /** The primary metric's estimate and interval over units exposed up to each day. */
  cumulative: z.array(z.object({ variant: z.string(), points: z.array(CumulativePoint) })),
  /** Exploratory (not pre-registered): the primary metric by an attribute of the unit. */
  breakdown: z
    .object({
      field: z.string(),
      rows: z.array(z.object({ value: z.string().nullable(), arms: z.array(ReportArm), comparisons: z.array(z.object({ variant: z.string(), headline: Headline })) })),
    })
    .nullable(),
  /**
   * Correlation, not causation: the primary metric of units who did `event` against those who
   * did not, pooling every arm, as a team would compare without an experiment.
   */
  observational: z
    .object({
      event: z.string(),
      did: ReportArm,
      did_not: ReportArm,
      ratio: Fig,
      difference: Fig,
    })
    .nullable(),
});
export type ExperimentReport = z.infer<typeof ExperimentReport>;
export type Headline = z.infer<typeof Headline>;
export type ReportArm = z.infer<typeof ReportArm>;
export type ReportComparison = z.infer<typeof ReportComparison>;

export const ReportQuery = z.object({
  breakdown: z.string().regex(/^(?:attributes\.)?[A-Za-z0-9_]{1,64}$/, 'must be a field name or attributes.<key>').optional(),
  observe: z.string().trim().min(1).max(200).optional().describe('Event for the observational comparison (default: the registration’s)'),
});
export type ReportQuery = z.infer<typeof ReportQuery>;

export const ShareLink = z.object({ id: z.string(), created_at: z.string(), revoked_at: z.string().nullable() });
export const ShareLinkCreated = ShareLink.extend({ token: z.string(), path: z.string() });
