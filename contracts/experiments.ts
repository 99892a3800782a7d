import { z } from 'zod';

/**
 * Wire shapes of experiment analysis (the contract is ../shared/STATS.md): the design JSON that
 * `baton experiments analyze` reads and the result JSON it prints. Variant names are free text,
 * so every map keyed by them is built with own properties only (no prototype lookups).
 */

const SPLIT_TOLERANCE = 1e-9;

const VariantName = z
  .string()
  .min(1, 'must not be empty')
  .max(200)
  .refine((v) => v === v.trim(), 'must not start or end with spaces (CSV cells are trimmed)');

/**
 * The split arrives as an object keyed by variant name; taken as entries so that names such as
 * `__proto__` stay ordinary keys.
 */
const SplitEntries = z.preprocess(
  (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v) : null),
  z.array(z.tuple([z.string(), z.unknown()]), 'must be an object of variant → share'),
);

export const ExperimentDesign = z
  .object({
    control: z.string().min(1, 'is required').max(200),
    variants: z.array(VariantName).min(2, 'needs at least two variants').max(100),
    intended_split: SplitEntries,
    alpha: z.number().gt(0).lt(1).default(0.05),
    confidence: z.number().gt(0).lt(1).optional(),
    duration_days: z.number().positive().optional(),
  })
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    d.variants.forEach((v, i) => {
      if (seen.has(v)) ctx.addIssue({ code: 'custom', path: ['variants', i], message: `"${v}" appears twice` });
      seen.add(v);
    });
    if (!seen.has(d.control)) ctx.addIssue({ code: 'custom', path: ['control'], message: 'must be one of variants' });
    const split = new Map(d.intended_split);
    for (const v of seen) {
      if (!split.has(v)) ctx.addIssue({ code: 'custom', path: ['intended_split', v], message: 'is missing (every variant needs a share)' });
    }
    let total = 0;
    for (const [k, share] of split) {
      if (!seen.has(k)) ctx.addIssue({ code: 'custom', path: ['intended_split', k], message: 'is not one of variants' });
      else if (typeof share !== 'number' || !(share > 0 && share <= 1))
        ctx.addIssue({ code: 'custom', path: ['intended_split', k], message: 'must be a share above 0 and at most 1' });
      else total += share;
    }
    if (Math.abs(total - 1) > SPLIT_TOLERANCE)
      ctx.addIssue({ code: 'custom', path: ['intended_split'], message: `shares must add up to 1 (they add up to ${total})` });
    if (d.confidence !== undefined && Math.abs(d.confidence - (1 - d.alpha)) > 1e-12)
      ctx.addIssue({ code: 'custom', path: ['confidence'], message: 'must equal 1 − alpha' });
  })
  .transform((d) => ({
    ...d,
    intended_split: new Map(d.intended_split as [string, number][]),
    confidence: d.confidence ?? 1 - d.alpha,
  }));
export type ExperimentDesign = z.output<typeof ExperimentDesign>;

/** A figure that is undefined for this data (e.g. a lift against a zero control) is null. */
const Fig = z.number().nullable();
export type Figure = z.infer<typeof Fig>;

export const VariantFigures = z.object({
  n: z.number(),
  conversions: z.number(),
  conversion_rate: Fig,
  revenue_mean: Fig,
  revenue_sd: Fig,
  pre_revenue_mean: Fig,
  conversations_mean: Fig,
  conversations_sd: Fig,
  searches_mean: Fig,
  searches_sd: Fig,
});
export type VariantFigures = z.infer<typeof VariantFigures>;

export const SrmResult = z.object({ chi2: Fig, df: z.number(), p_value: Fig });
export type SrmResult = z.infer<typeof SrmResult>;

export const ConversionComparison = z.object({
  abs_diff: Fig,
  rel_diff: Fig,
  pooled_rate: Fig,
  pooled_se: Fig,
  z: Fig,
  p_value: Fig,
  se: Fig,
  ci_low: Fig,
  ci_high: Fig,
  rel_se: Fig,
  rel_ci_low: Fig,
  rel_ci_high: Fig,
  p_value_holm: Fig.optional(),
});
export type ConversionComparison = z.infer<typeof ConversionComparison>;

/** What a Welch test of a mean difference reports, plain or CUPED-adjusted (after `mean_diff`). */
const WelchTestFigures = {
  se: Fig,
  df: Fig,
  t: Fig,
  p_value: Fig,
  ci_low: Fig,
  ci_high: Fig,
  p_value_holm: Fig.optional(),
};

export const MeanComparison = z.object({ mean_diff: Fig, rel_diff: Fig, ...WelchTestFigures });
export type MeanComparison = z.infer<typeof MeanComparison>;

export const CupedComparison = z.object({ theta: Fig, mean_diff: Fig, ...WelchTestFigures });
export type CupedComparison = z.infer<typeof CupedComparison>;

export const Comparison = z.object({
  conversion: ConversionComparison,
  revenue: MeanComparison,
  conversations: MeanComparison,
  searches: MeanComparison,
  revenue_cuped: CupedComparison,
});
export type Comparison = z.infer<typeof Comparison>;

export const AnalysisResult = z.object({
  results: z.object({
    variants: z.record(z.string(), VariantFigures),
    srm: SrmResult,
    comparisons: z.record(z.string(), Comparison),
  }),
});
export type AnalysisResult = z.infer<typeof AnalysisResult>;

// ---- Experiments and flags on the wire (/api/v1/experiments, /api/v1/flags/evaluate) ----

/** Flag and experiment keys: lower-case words joined by `.`, `_` or `-` (e.g. `help.links`). */
export const FlagKey = z
  .string()
  .regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/, 'must be lower-case letters and digits joined by . _ or -')
  .max(100);

/**
 * Any JSON value a flag can take (true/false, a string, a number, a list, an object of settings).
 * Spelled out rather than z.json(), whose recursive schema OpenAPI generators cannot resolve.
 */
export const FlagValue = z.union([z.boolean(), z.string(), z.number(), z.null(), z.array(z.unknown()), z.record(z.string(), z.unknown())]);
export type FlagValue = z.infer<typeof FlagValue>;

export const ExperimentUnit = z.enum(['contact', 'company', 'visitor']);
export type ExperimentUnit = z.infer<typeof ExperimentUnit>;

const Share = z.number().min(0).max(1);

/** A metric's key within its experiment (`converted_to_paid`, `conversations`). */
export const MetricKey = FlagKey;
export type MetricKey = z.infer<typeof MetricKey>;

/**
 * A metric computed from Baton's own data for each unit over a window after the unit's first
 * exposure (for a company unit, the data of all its contacts):
 * - conversion: did `event` happen within `window_days` (0/1);
 * - count: how many `event`s within `window_days`;
 * - revenue: with source `event_property`, the sum of the numeric `property` of `event` within
 *   `window_days`; with source `company_mrr`, the unit's company MRR now, at analysis time (for a
 *   contact unit, the sum over its companies). `cap_percentile` (e.g. 0.99) caps every unit's
 *   value at that percentile of all units' values (winsorizing outliers); raw is the default;
 * - retention: active (any event, or `event` when given) in days 28–35 after exposure (0/1);
 * - time_to_value: the share of units who did `event` within `window_days` (0/1, tested as a
 *   proportion), with each arm's median days to the first `event` (descriptive);
 * - conversations_started, messages_sent: conversations the unit started and messages it wrote
 *   in the Messenger within `window_days` (from the Inbox);
 * - first_response: mean minutes to the first reply over the unit's conversations started in the
 *   window; csat: mean rating (1–5) of those conversations. Both only over units with such a
 *   conversation.
 * The CUPED covariate is the same metric over the `window_days` before exposure (none for MRR,
 * first_response and csat).
 */
export const MetricDefinition = z
  .object({
    key: MetricKey,
    label: z.string().trim().min(1).max(200),
    kind: z.enum(['conversion', 'count', 'revenue', 'retention', 'time_to_value', 'conversations_started', 'messages_sent', 'first_response', 'csat']),
    event: z.string().trim().min(1).max(200).optional(),
    property: z.string().trim().min(1).max(64).optional(),
    source: z.enum(['event_property', 'company_mrr']).default('event_property'),
    window_days: z.number().int().min(1).max(365).default(28),
    cap_percentile: z.number().min(0.5).lt(1).optional(),
  })
  .superRefine((m, ctx) => {
    const needsEvent = m.kind === 'conversion' || m.kind === 'count' || m.kind === 'time_to_value' || (m.kind === 'revenue' && m.source === 'event_property');
    if (needsEvent && !m.event) ctx.addIssue({ code: 'custom', path: ['event'], message: `is required for a ${m.kind} metric` });
    if (m.kind === 'revenue' && m.source === 'event_property' && !m.property)
      ctx.addIssue({ code: 'custom', path: ['property'], message: 'is required: the numeric event property to sum' });
    if (m.cap_percentile !== undefined && m.kind !== 'revenue')
      ctx.addIssue({ code: 'custom', path: ['cap_percentile'], message: 'applies to revenue metrics only' });
  });
export type MetricDefinition = z.output<typeof MetricDefinition>;

/** Binary metrics use the two-proportion comparison; the others Welch's t (and CUPED). */
export const isBinaryMetric = (m: Pick<MetricDefinition, 'kind'>) => m.kind === 'conversion' || m.kind === 'retention' || m.kind === 'time_to_value';

/**
 * Written before the start and locked by it: what the team expects, what decides, and how they
 * will look. A later change needs a reason and is kept in the experiment's change log.
 */
export const Registration = z
  .object({
    hypotheses: z
      .array(z.object({ text: z.string().trim().min(1).max(2000), metric: MetricKey, direction: z.enum(['increase', 'decrease', 'any']) }))
      .min(1, 'write at least one hypothesis')
      .max(20),
    /** Every metric the report computes; the three lists below name them by key. */
    metrics: z.array(MetricDefinition).min(1, 'define at least the primary metric').max(20),
    primary_metric: MetricKey,
    secondary_metrics: z.array(MetricKey).max(10).default([]),
    guardrails: z.array(MetricKey).max(10).default([]),
    alpha: z.number().gt(0).lt(0.5).default(0.05),
    power: z.number().gt(0.5).lt(1).default(0.8),
    /** fixed: decide only at the planned sample; sequential: always-valid results at any look. */
    mode: z.enum(['fixed', 'sequential']),
    planned_units_per_arm: z.number().int().positive().max(1e9),
    /** For the report's observational comparison: "units who did this event" (e.g. article_viewed). */
    observational_event: z.string().trim().min(1).max(200).optional(),
  })
  .superRefine((r, ctx) => {
    const keys = new Set<string>();
    r.metrics.forEach((m, i) => {
      if (keys.has(m.key)) ctx.addIssue({ code: 'custom', path: ['metrics', i, 'key'], message: 'appears twice' });
      keys.add(m.key);
    });
    const known = (key: string, path: (string | number)[]) => {
      if (!keys.has(key)) ctx.addIssue({ code: 'custom', path, message: `"${key}" is not one of metrics` });
    };
    known(r.primary_metric, ['primary_metric']);
    r.secondary_metrics.forEach((k, i) => known(k, ['secondary_metrics', i]));
    r.guardrails.forEach((k, i) => known(k, ['guardrails', i]));
    r.hypotheses.forEach((h, i) => known(h.metric, ['hypotheses', i, 'metric']));
    if (r.secondary_metrics.includes(r.primary_metric))
      ctx.addIssue({ code: 'custom', path: ['secondary_metrics'], message: 'must not repeat the primary metric' });
  });
export type Registration = z.output<typeof Registration>;

export const RegistrationUpdate = z.object({
  registration: Registration,
  /** Required once the experiment has started: every change after the start is logged with it. */
  reason: z.string().trim().min(1).max(2000).optional(),
});

/** `POST /api/v1/experiments/sample-size`: the calculator of the design form. */
export const SampleSizeBody = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('proportions'),
    baseline: z.number().gt(0).lt(1),
    mde: z.number().refine((v) => v !== 0, 'must not be 0'),
    relative: z.boolean().default(false),
    alpha: z.number().gt(0).lt(0.5).default(0.05),
    power: z.number().gt(0.5).lt(1).default(0.8),
    arms: z.number().int().min(2).max(20).default(2),
    daily_units: z.number().positive().optional(),
    traffic: z.number().gt(0).max(1).default(1),
  }),
  z.object({
    kind: z.literal('means'),
    sd: z.number().positive(),
    mde: z.number().refine((v) => v !== 0, 'must not be 0'),
    alpha: z.number().gt(0).lt(0.5).default(0.05),
    power: z.number().gt(0.5).lt(1).default(0.8),
    arms: z.number().int().min(2).max(20).default(2),
    daily_units: z.number().positive().optional(),
    traffic: z.number().gt(0).max(1).default(1),
  }),
]);
export type SampleSizeBody = z.output<typeof SampleSizeBody>;

export const SampleSize = z.object({
  effect_size: z.number(),
  units_per_arm: z.number().int(),
  total_units: z.number().int(),
  /** Only with daily_units: days until every arm has its units. */
  days: z.number().int().nullable(),
});
export type SampleSize = z.infer<typeof SampleSize>;

/**
 * Who may enter: members of a segment (of the experiment's unit: a contact or a company segment)
 * during an entry window. Units outside it get the flag's default and record no exposure.
 */
export const Eligibility = z.object({
  segment_id: z.uuid().nullable().default(null),
  entry_starts_at: z.iso.datetime({ offset: true }).nullable().default(null),
  entry_ends_at: z.iso.datetime({ offset: true }).nullable().default(null),
});
export type Eligibility = z.output<typeof Eligibility>;

export const ExperimentCreate = z
  .object({
    key: FlagKey,
    name: z.string().trim().min(1).max(200),
    flag_key: FlagKey,
    unit: ExperimentUnit,
    traffic: Share.default(1),
    /** The first variant is the control. */
    variants: z
      .array(z.object({ key: FlagKey, weight: z.number().positive().max(1000), value: FlagValue }))
      .min(2)
      .max(20),
    layer: z.object({ key: FlagKey, start: Share, end: Share }).optional(),
    eligibility: Eligibility.optional(),
    registration: Registration.optional(),
  })
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    d.variants.forEach((v, i) => {
      if (seen.has(v.key)) ctx.addIssue({ code: 'custom', path: ['variants', i, 'key'], message: 'appears twice' });
      seen.add(v.key);
    });
    if (d.layer && !(d.layer.start < d.layer.end)) ctx.addIssue({ code: 'custom', path: ['layer', 'end'], message: 'must be above start' });
    const e = d.eligibility;
    if (e?.entry_starts_at && e.entry_ends_at && !(Date.parse(e.entry_starts_at) < Date.parse(e.entry_ends_at)))
      ctx.addIssue({ code: 'custom', path: ['eligibility', 'entry_ends_at'], message: 'must be after entry_starts_at' });
  });
export type ExperimentCreate = z.output<typeof ExperimentCreate>;

export const ExperimentView = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  flag_key: z.string(),
  unit: ExperimentUnit,
  status: z.enum(['draft', 'running', 'stopped']),
  traffic: z.number(),
  layer: z.object({ key: z.string(), start: z.number(), end: z.number() }).nullable(),
  eligibility: Eligibility,
  variants: z.array(z.object({ key: z.string(), weight: z.number(), value: FlagValue, exposures: z.number().int() })),
  registration: Registration.nullable(),
  /** Changes to the registration after the start, oldest first. */
  changes: z.array(z.object({ at: z.string(), reason: z.string(), before: Registration, after: Registration })),
  created_at: z.string(),
  started_at: z.string().nullable(),
  stopped_at: z.string().nullable(),
});
export type ExperimentView = z.infer<typeof ExperimentView>;

export const FlagEvaluateBody = z.object({
  /** The ids this caller knows; each experiment uses the one of its unit. */
  units: z
    .object({ contact: z.string().min(1).max(200).optional(), company: z.string().min(1).max(200).optional(), visitor: z.string().min(1).max(200).optional() })
    .refine((u) => u.contact !== undefined || u.company !== undefined || u.visitor !== undefined, 'needs at least one of contact, company, visitor'),
  /** Only these flags; all known flags when absent. */
  flags: z.array(FlagKey).max(100).optional(),
});
export type FlagEvaluateBody = z.infer<typeof FlagEvaluateBody>;

export const FlagEvaluation = z.object({
  /** The contact is in the workspace's global holdout: no experiment, proactive features off. */
  held_out: z.boolean(),
  flags: z.record(
    z.string(),
    z.object({
      value: FlagValue.nullable(),
      /** The running experiment that decided the value, if the unit is enrolled in one. */
      experiment: z.string().nullable(),
      variant: z.string().nullable(),
    }),
  ),
});
export type FlagEvaluation = z.infer<typeof FlagEvaluation>;

export const HoldoutBody = z.object({ share: z.number().min(0).max(0.5).describe('Share of contacts held out of every proactive feature, 0 to 0.5') });
export const HoldoutView = z.object({ share: z.number() });

export const MAX_UPLOAD_BYTES = 32 * 1024 * 1024;

/** `POST /api/v1/experiments/analyze`: the offline analysis of an uploaded CSV (STATS.md). */
export const AnalyzeUploadBody = z.object({
  design: z.unknown().describe('The design object of STATS.md (control, variants, intended_split, alpha)'),
  units_csv: z.string().min(1).describe('The units CSV of STATS.md, as text'),
});

