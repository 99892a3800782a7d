import type { CupedComparison, ExperimentView, MetricDefinition, Registration } from '../../../contracts/experiments.ts';
import { isBinaryMetric } from '../../../contracts/experiments.ts';
import type { ExperimentReport, Headline, ReportArm, ReportComparison } from '../../../contracts/experiment-report.ts';
import { compareConversion } from '../stats/conversion.ts';
import { compareCuped } from '../stats/cuped.ts';
import { phiInverse } from '../stats/distributions.ts';
import { defined } from '../stats/figures.ts';
import { holm } from '../stats/holm.ts';
import { EMPTY_MOMENTS, meanOf, mergeCoMoments, sampleVariance } from '../stats/moments.ts';
import { meansLook, proportionsLook, SequentialMonitor } from '../stats/sequential.ts';
import type { MetricAggregates, MetricArm } from '../stats/sql-summary.ts';
import { metricArmFromAggregates } from '../stats/sql-summary.ts';
import { sampleRatioMismatch } from '../stats/srm.ts';
import { welch } from '../stats/welch.ts';

/**
 * The report from per-(variant, day) sufficient statistics: pure, so every figure can be checked
 * against hand-computed values. Binary metrics lead with the two-proportion comparison, numeric
 * ones with CUPED-adjusted Welch (the same numbers as STATS.md); in sequential mode the headline p
 * and interval are mSPRT's always-valid ones, accumulated day by day.
 */

export const SRM_THRESHOLD = 0.001;

const EMPTY_ARM: MetricArm = { n: 0, total: 0, values: { x: EMPTY_MOMENTS, y: EMPTY_MOMENTS, cxy: 0 } };

const mergeArm = (a: MetricArm, b: MetricArm): MetricArm => ({ n: a.n + b.n, total: a.total + b.total, values: mergeCoMoments(a.values, b.values) });

/** Arms of rows matching `keep`, merged per variant. */
export function armsOf(rows: readonly MetricAggregates[], keep: (r: MetricAggregates) => boolean = () => true): Map<string, MetricArm> {
  const arms = new Map<string, MetricArm>();
  for (const r of rows) if (keep(r)) arms.set(r.variant, mergeArm(arms.get(r.variant) ?? EMPTY_ARM, metricArmFromAggregates(r)));
  return arms;
}

function reportArm(variant: string, a: MetricArm): ReportArm {
  const v = sampleVariance(a.values.y);
  return { variant, n: a.n, mean: meanOf(a.values.y), sd: v === null ? null : defined(Math.sqrt(v)), pre_mean: meanOf(a.values.x) };
}

/** The fixed-horizon figures of one treatment arm against control. */
function fixedComparison(binary: boolean, t: MetricArm, c: MetricArm, confidence: number) {
  if (binary) {
    const conversion = compareConversion({ n: t.n, conversions: t.total }, { n: c.n, conversions: c.total }, confidence);
    return { conversion, welch: null, cuped: null };
  }
  return { conversion: null, welch: welch(t.values.y, c.values.y, confidence), cuped: compareCuped(t.values, c.values, confidence) };
}

function headlineOf(f: ReturnType<typeof fixedComparison>, alpha: number): Omit<Headline, 'p_value_holm'> {
  if (f.conversion) {
    const c = f.conversion;
    return {
      estimate: c.abs_diff, ci_low: c.ci_low, ci_high: c.ci_high, rel_diff: c.rel_diff, rel_ci_low: c.rel_ci_low, rel_ci_high: c.rel_ci_high,
      p_value: c.p_value, method: 'two_proportions', significant: c.p_value !== null && c.p_value < alpha,
    };
  }
  // CUPED whenever a covariate exists (theta ≠ 0); it estimates the same difference with less noise.
  const cuped = f.cuped as CupedComparison;
  const useCuped = cuped.theta !== null && cuped.theta !== 0 && cuped.p_value !== null;
  const src = useCuped ? cuped : f.welch!;
  const rel = f.welch!.rel_diff;
  const controlMean = rel === null || f.welch!.mean_diff === null ? null : f.welch!.mean_diff / rel;
  const relOf = (v: number | null) => (v === null || controlMean === null || controlMean === 0 ? null : defined(v / controlMean));
  return {
    estimate: src.mean_diff, ci_low: src.ci_low, ci_high: src.ci_high,
    rel_diff: relOf(src.mean_diff), rel_ci_low: relOf(src.ci_low), rel_ci_high: relOf(src.ci_high),
    p_value: src.p_value, method: useCuped ? 'cuped' : 'welch', significant: src.p_value !== null && src.p_value < alpha,
  };
}

/**
 * τ² of the mSPRT mixture: the squared effect the design was powered for, from the planned
 * sample and the metric's pooled variance (the mde a fixed test of that size would detect).
 */
function tau2(binary: boolean, arms: MetricArm[], plannedPerArm: number, alpha: number, power: number): number | null {
  const all = arms.reduce(mergeArm, EMPTY_ARM);
  if (all.n < 2) return null;
  const variance = binary ? (all.total / all.n) * (1 - all.total / all.n) : sampleVariance(all.values.y);
  if (variance === null || !(variance > 0)) return null;
  const mde = (phiInverse(1 - alpha / 2) + phiInverse(power)) * Math.sqrt((2 * variance) / plannedPerArm);
  return mde * mde;
}

export interface ReportInput {
  experiment: ExperimentView;
  registration: Registration;
  /** Per metric key: its rows grouped by exposure day. */
  daily: ReadonlyMap<string, readonly MetricAggregates[]>;
  /** Per time_to_value metric key: each variant's median days to the first value. */
  medianDays?: ReadonlyMap<string, ReadonlyMap<string, number | null>>;
  breakdown: { field: string; rows: readonly MetricAggregates[] } | null;
  observational: { event: string; rows: readonly MetricAggregates[] } | null;
  freshness: ExperimentReport['freshness'];
  now: Date;
}

export function buildReport(input: ReportInput): ExperimentReport {
  const { experiment, registration: reg } = input;
  const variants = experiment.variants.map((v) => v.key);
  const control = variants[0]!;
  const treatments = variants.slice(1);
  const confidence = 1 - reg.alpha;
  const weightSum = experiment.variants.reduce((s, v) => s + v.weight, 0);
  const observed = experiment.variants.map((v) => v.exposures);
  const srm = sampleRatioMismatch(observed, experiment.variants.map((v) => v.weight / weightSum));
  const mismatch = srm.p_value !== null && srm.p_value < SRM_THRESHOLD;
  const smallest = Math.min(...observed);
  const reached = smallest >= reg.planned_units_per_arm;
  const total = observed.reduce((a, b) => a + b, 0);
  const stage = total === 0 ? 'no_data' : reg.mode === 'sequential' ? 'always_valid' : reached ? 'final' : 'interim';
  const role = (key: string) => (key === reg.primary_metric ? 'primary' : reg.guardrails.includes(key) ? 'guardrail' : 'secondary');
  const order = [reg.primary_metric, ...reg.secondary_metrics, ...reg.guardrails];
  const definitions = order.map((k) => reg.metrics.find((m) => m.key === k)!).filter(Boolean);

  const sequentialOf = (m: MetricDefinition, rows: readonly MetricAggregates[], t: string) => {
    const binary = isBinaryMetric(m);
    const all = armsOf(rows);
    const t2 = tau2(binary, [all.get(t) ?? EMPTY_ARM, all.get(control) ?? EMPTY_ARM], reg.planned_units_per_arm, reg.alpha, reg.power);
    if (t2 === null) return { p_value: null, ci_low: null, ci_high: null };
    const monitor = new SequentialMonitor(t2, reg.alpha);
    let result = monitor.observe(null);
    for (const day of [...new Set(rows.map((r) => r.grp!))].sort()) {
      const upTo = armsOf(rows, (r) => r.grp! <= day);
      const tt = upTo.get(t) ?? EMPTY_ARM;
      const cc = upTo.get(control) ?? EMPTY_ARM;
      result = monitor.observe(binary ? proportionsLook({ n: tt.n, conversions: tt.total }, { n: cc.n, conversions: cc.total }) : meansLook(tt.values.y, cc.values.y));
    }
    return { p_value: defined(result.p_value), ci_low: result.ci_low, ci_high: result.ci_high };
  };

  const compareAll = (binary: boolean, arms: Map<string, MetricArm>, sequential?: (t: string) => ReportComparison['sequential']): ReportComparison[] => {
    const comparisons = treatments.map((t): ReportComparison => {
      const f = fixedComparison(binary, arms.get(t) ?? EMPTY_ARM, arms.get(control) ?? EMPTY_ARM, confidence);
      const seq = sequential ? sequential(t) : null;
      let headline: Headline = { ...headlineOf(f, reg.alpha), p_value_holm: null };
      if (seq) {
        headline = {
          ...headline,
          ci_low: seq.ci_low,
          ci_high: seq.ci_high,
          p_value: seq.p_value,
          method: binary ? 'msprt_proportions' : 'msprt_means',
          significant: seq.p_value !== null && seq.p_value < reg.alpha,
        };
      }
      return { variant: t, headline, ...f, sequential: seq };
    });
    if (treatments.length >= 2) {
      const adjusted = holm(comparisons.map((c) => c.headline.p_value));
      comparisons.forEach((c, i) => {
        c.headline.p_value_holm = adjusted[i]!;
        c.headline.significant = adjusted[i] !== null && adjusted[i]! < reg.alpha;
      });
    }
    return comparisons;
  };

  const metrics = definitions.map((m) => {
    const rows = input.daily.get(m.key) ?? [];
    const arms = armsOf(rows);
    const binary = isBinaryMetric(m);
    const medians = input.medianDays?.get(m.key);
    return {
      definition: m,
      role: role(m.key),
      binary,
      arms: variants.map((v) => ({ ...reportArm(v, arms.get(v) ?? EMPTY_ARM), ...(medians ? { median_days: medians.get(v) ?? null } : {}) })),
      comparisons: compareAll(binary, arms, reg.mode === 'sequential' ? (t) => sequentialOf(m, rows, t) : undefined),
    } satisfies ExperimentReport['metrics'][number];
  });

  const primary = reg.metrics.find((m) => m.key === reg.primary_metric)!;
  const primaryRows = input.daily.get(primary.key) ?? [];
  const days = [...new Set(primaryRows.map((r) => r.grp!))].sort();
  const cumulative = treatments.map((t) => ({
    variant: t,
    points: days.map((day) => {
      const upTo = armsOf(primaryRows, (r) => r.grp! <= day);
      const tt = upTo.get(t) ?? EMPTY_ARM;
      const cc = upTo.get(control) ?? EMPTY_ARM;
      const h = headlineOf(fixedComparison(isBinaryMetric(primary), tt, cc, confidence), reg.alpha);
      return { day, n: tt.n + cc.n, estimate: h.estimate, ci_low: h.ci_low, ci_high: h.ci_high };
    }),
  }));

  const breakdown = input.breakdown && {
    field: input.breakdown.field,
    rows: [...new Set(input.breakdown.rows.map((r) => r.grp))].map((value) => {
      const arms = armsOf(input.breakdown!.rows, (r) => r.grp === value);
      return {
        value,
        arms: variants.map((v) => reportArm(v, arms.get(v) ?? EMPTY_ARM)),
        comparisons: compareAll(isBinaryMetric(primary), arms).map((c) => ({ variant: c.variant, headline: c.headline })),
      };
    }).sort((a, b) => b.arms.reduce((s, x) => s + x.n, 0) - a.arms.reduce((s, x) => s + x.n, 0)),
  };

  let observational: ExperimentReport['observational'] = null;
  if (input.observational) {
    const pooled = (g: string) => input.observational!.rows.filter((r) => r.grp === g).map(metricArmFromAggregates).reduce(mergeArm, EMPTY_ARM);
    const did = reportArm('did', pooled('yes'));
    const didNot = reportArm('did_not', pooled('no'));
    observational = {
      event: input.observational.event,
      did,
      did_not: didNot,
      ratio: did.mean !== null && didNot.mean ? defined(did.mean / didNot.mean) : null,
      difference: did.mean !== null && didNot.mean !== null ? defined(did.mean - didNot.mean) : null,
    };
  }

  return {
    experiment,
    generated_at: input.now.toISOString(),
    freshness: input.freshness,
    control,
    mode: reg.mode,
    alpha: reg.alpha,
    progress: { planned_units_per_arm: reg.planned_units_per_arm, smallest_arm: smallest, share: Math.min(1, smallest / reg.planned_units_per_arm), reached },
    srm: { ...srm, mismatch },
    trustworthy: !mismatch,
    stage,
    metrics,
    cumulative,
    breakdown,
    observational,
  };
}
