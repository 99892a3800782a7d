import type {
  AnalysisResult,
  Comparison,
  ExperimentDesign,
  Figure,
  VariantFigures,
} from '../../../contracts/experiments.ts';
import { compareConversion } from './conversion.ts';
import { compareCuped } from './cuped.ts';
import { defined } from './figures.ts';
import { holm } from './holm.ts';
import { EMPTY_MOMENTS, meanOf, sampleVariance, type CoMoments, type Moments } from './moments.ts';
import { sampleRatioMismatch } from './srm.ts';
import { welch } from './welch.ts';

/**
 * Everything the analysis needs from one arm — no unit-level data. Built from parsed units
 * (summarize.ts) or, later, by a SQL aggregation (count, sum, avg, var_samp, covar_samp).
 */
export interface ArmSummary {
  n: number;
  conversions: number;
  /** x = pre_revenue (the CUPED covariate), y = revenue. */
  revenue: CoMoments;
  conversations: Moments;
  searches: Moments;
}

export const emptyArm = (): ArmSummary => ({
  n: 0,
  conversions: 0,
  revenue: { x: EMPTY_MOMENTS, y: EMPTY_MOMENTS, cxy: 0 },
  conversations: EMPTY_MOMENTS,
  searches: EMPTY_MOMENTS,
});

const sd = (m: Moments): Figure => {
  const v = sampleVariance(m);
  return v === null ? null : defined(Math.sqrt(v));
};

function variantFigures(a: ArmSummary): VariantFigures {
  return {
    n: a.n,
    conversions: a.conversions,
    conversion_rate: a.n > 0 ? a.conversions / a.n : null,
    revenue_mean: meanOf(a.revenue.y),
    revenue_sd: sd(a.revenue.y),
    pre_revenue_mean: meanOf(a.revenue.x),
    conversations_mean: meanOf(a.conversations),
    conversations_sd: sd(a.conversations),
    searches_mean: meanOf(a.searches),
    searches_sd: sd(a.searches),
  };
}

function compare(t: ArmSummary, c: ArmSummary, confidence: number): Comparison {
  return {
    conversion: compareConversion(t, c, confidence),
    revenue: welch(t.revenue.y, c.revenue.y, confidence),
    conversations: welch(t.conversations, c.conversations, confidence),
    searches: welch(t.searches, c.searches, confidence),
    revenue_cuped: compareCuped(t.revenue, c.revenue, confidence),
  };
}

const METRICS = ['conversion', 'revenue', 'conversations', 'searches', 'revenue_cuped'] as const;

/** The analysis of STATS.md from per-arm sufficient statistics. Arms missing from the map are empty. */
export function analyze(design: ExperimentDesign, arms: ReadonlyMap<string, ArmSummary>): AnalysisResult {
  const arm = (v: string) => arms.get(v) ?? emptyArm();
  const control = arm(design.control);
  const treatments = design.variants.filter((v) => v !== design.control);
  const comparisons = treatments.map((v) => [v, compare(arm(v), control, design.confidence)] as const);
  if (treatments.length >= 2) {
    for (const metric of METRICS) {
      const adjusted = holm(comparisons.map(([, c]) => c[metric].p_value));
      comparisons.forEach(([, c], i) => (c[metric].p_value_holm = adjusted[i]!));
    }
  }
  return {
    results: {
      variants: Object.fromEntries(design.variants.map((v) => [v, variantFigures(arm(v))])),
      srm: sampleRatioMismatch(
        design.variants.map((v) => arm(v).n),
        design.variants.map((v) => design.intended_split.get(v)!),
      ),
      comparisons: Object.fromEntries(comparisons),
    },
  };
}
