import type { ConversionComparison } from '../../../contracts/experiments.ts';
import { normalTwoSided, phiInverse } from './distributions.ts';
import { defined, upperQuantileLevel } from './figures.ts';

/** Units and conversions of one arm. */
export interface ArmConversions {
  n: number;
  conversions: number;
}

const NONE: ConversionComparison = {
  abs_diff: null,
  rel_diff: null,
  pooled_rate: null,
  pooled_se: null,
  z: null,
  p_value: null,
  se: null,
  ci_low: null,
  ci_high: null,
  rel_se: null,
  rel_ci_low: null,
  rel_ci_high: null,
};

/**
 * Pooled two-proportion z-test for the p-value, unpooled Wald interval for the difference, and the
 * first-order delta method for the relative lift pₜ/p꜀ − 1 (symmetric on the relative scale).
 */
export function compareConversion(t: ArmConversions, c: ArmConversions, confidence: number): ConversionComparison {
  if (t.n === 0 || c.n === 0) return NONE;
  const zStar = phiInverse(upperQuantileLevel(confidence));
  const pt = t.conversions / t.n;
  const pc = c.conversions / c.n;
  const absDiff = pt - pc;
  const pooled = (t.conversions + c.conversions) / (t.n + c.n);
  const pooledSe = Math.sqrt(pooled * (1 - pooled) * (1 / t.n + 1 / c.n));
  const z = pooledSe > 0 ? absDiff / pooledSe : null;
  const vt = (pt * (1 - pt)) / t.n;
  const vc = (pc * (1 - pc)) / c.n;
  const se = Math.sqrt(vt + vc);
  const relDiff = pc > 0 ? pt / pc - 1 : null;
  const relSe = pc > 0 ? Math.sqrt(vt / (pc * pc) + (pt * pt * vc) / pc ** 4) : null;
  return {
    abs_diff: defined(absDiff),
    rel_diff: defined(relDiff),
    pooled_rate: defined(pooled),
    pooled_se: defined(pooledSe),
    z: defined(z),
    p_value: z === null ? null : defined(normalTwoSided(z)),
    se: defined(se),
    ci_low: defined(absDiff - zStar * se),
    ci_high: defined(absDiff + zStar * se),
    rel_se: defined(relSe),
    rel_ci_low: relDiff === null || relSe === null ? null : defined(relDiff - zStar * relSe),
    rel_ci_high: relDiff === null || relSe === null ? null : defined(relDiff + zStar * relSe),
  };
}
