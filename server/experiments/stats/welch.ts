import type { MeanComparison } from '../../../contracts/experiments.ts';
import { studentQuantile, studentTwoSided } from './distributions.ts';
import { defined, upperQuantileLevel } from './figures.ts';
import { meanOf, sampleVariance, type Moments } from './moments.ts';

/** One arm as Welch's test sees it: size, mean, and sample variance (ddof 1). */
export interface ArmMean {
  n: number;
  mean: number | null;
  variance: number | null;
}

export const armMean = (m: Moments): ArmMean => ({ n: m.n, mean: meanOf(m), variance: sampleVariance(m) });

export type WelchCore = Omit<MeanComparison, 'rel_diff' | 'p_value_holm'>;

const NONE: WelchCore = { mean_diff: null, se: null, df: null, t: null, p_value: null, ci_low: null, ci_high: null };

/**
 * Welch's unequal-variance t-test of treatment minus control with the Welch–Satterthwaite df,
 * real-valued. The df is computed on variances scaled by the larger one, which is the same
 * number but cannot overflow when variances are huge.
 */
export function welchCore(t: ArmMean, c: ArmMean, confidence: number): WelchCore {
  if (t.mean === null || c.mean === null) return NONE;
  const meanDiff = t.mean - c.mean;
  if (t.variance === null || c.variance === null) return { ...NONE, mean_diff: defined(meanDiff) };
  const at = t.variance / t.n;
  const ac = c.variance / c.n;
  const se = Math.sqrt(at + ac);
  if (!(se > 0)) return { ...NONE, mean_diff: defined(meanDiff), se: defined(se) };
  const scale = Math.max(at, ac);
  const rt = at / scale;
  const rc = ac / scale;
  const df = (rt + rc) ** 2 / ((rt * rt) / (t.n - 1) + (rc * rc) / (c.n - 1));
  const stat = meanDiff / se;
  const half = studentQuantile(upperQuantileLevel(confidence), df) * se;
  return {
    mean_diff: defined(meanDiff),
    se: defined(se),
    df: defined(df),
    t: defined(stat),
    p_value: defined(studentTwoSided(stat, df)),
    ci_low: defined(meanDiff - half),
    ci_high: defined(meanDiff + half),
  };
}

/** Relative difference of means ȳₜ/ȳ꜀ − 1; null against a zero control. */
export const relativeDiff = (t: number | null, c: number | null): number | null =>
  t === null || c === null || c === 0 ? null : defined(t / c - 1);

/** The full Welch comparison of one numeric column. */
export function welch(t: Moments, c: Moments, confidence: number): MeanComparison {
  const core = welchCore(armMean(t), armMean(c), confidence);
  return {
    mean_diff: core.mean_diff,
    rel_diff: relativeDiff(meanOf(t), meanOf(c)),
    se: core.se,
    df: core.df,
    t: core.t,
    p_value: core.p_value,
    ci_low: core.ci_low,
    ci_high: core.ci_high,
  };
}
