import { phi, phiInverse } from './distributions.ts';

/**
 * Sample size for a two-arm, two-sided test at equal allocation, by the normal approximation of
 * statsmodels' NormalIndPower: power(n) = Φ(d·√(n/2) − z) + Φ(−d·√(n/2) − z), z = Φ⁻¹(1 − α/2),
 * solved exactly for n per arm (the second term, the far tail, is kept). For proportions the
 * standardized effect is Cohen's h = 2·asin√p₁ − 2·asin√p₀ (variance-stabilized, so one formula
 * serves every baseline); for means d = MDE / sd.
 */

export interface PowerTarget {
  alpha: number;
  power: number;
}

export interface SampleSize {
  /** The standardized effect size the calculation used. */
  effectSize: number;
  /** Units per arm, rounded up. */
  perArm: number;
  /** The unrounded solution. */
  exactPerArm: number;
}

function check(target: PowerTarget): void {
  if (!(target.alpha > 0 && target.alpha < 1)) throw new RangeError('alpha must be between 0 and 1');
  if (!(target.power > target.alpha && target.power < 1)) throw new RangeError('power must be between alpha and 1');
}

/** Power of the two-sided test with n units per arm and standardized effect d. */
export function powerAt(d: number, perArm: number, alpha: number): number {
  const z = phiInverse(1 - alpha / 2);
  const shift = Math.abs(d) * Math.sqrt(perArm / 2);
  return phi(shift - z) + phi(-shift - z);
}

/** Solves powerAt(d, n) = power for n (power rises monotonically in n). */
function solve(d: number, target: PowerTarget): SampleSize {
  check(target);
  if (!(Math.abs(d) > 0 && Number.isFinite(d))) throw new RangeError('the minimum detectable effect must be a non-zero finite difference');
  const z = phiInverse(1 - target.alpha / 2);
  const zb = phiInverse(target.power);
  // The one-tailed closed form is an upper bound; bisect on [lo, hi] to the double's precision.
  let hi = 2 * ((z + zb) / d) ** 2;
  let lo = 0;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (powerAt(d, mid, target.alpha) < target.power) lo = mid;
    else hi = mid;
  }
  return { effectSize: d, exactPerArm: hi, perArm: Math.ceil(hi - 1e-9) };
}

export interface ProportionsInput extends PowerTarget {
  /** The control's expected rate, 0 < baseline < 1. */
  baseline: number;
  /** The smallest change worth detecting: absolute (0.02 = two points) unless `relative`. */
  mde: number;
  relative?: boolean;
}

export function sampleSizeProportions(input: ProportionsInput): SampleSize {
  const p0 = input.baseline;
  if (!(p0 > 0 && p0 < 1)) throw new RangeError('baseline must be a rate between 0 and 1');
  const p1 = input.relative ? p0 * (1 + input.mde) : p0 + input.mde;
  if (!(p1 > 0 && p1 < 1)) throw new RangeError('baseline plus the effect must stay a rate between 0 and 1');
  return solve(2 * Math.asin(Math.sqrt(p1)) - 2 * Math.asin(Math.sqrt(p0)), input);
}

export interface MeansInput extends PowerTarget {
  /** Standard deviation of the metric per unit. */
  sd: number;
  /** Smallest difference of means worth detecting, in the metric's unit. */
  mde: number;
}

export function sampleSizeMeans(input: MeansInput): SampleSize {
  if (!(input.sd > 0 && Number.isFinite(input.sd))) throw new RangeError('sd must be a positive number');
  return solve(input.mde / input.sd, input);
}

/** Days until every arm has its units, when `dailyUnits` eligible units arrive per day and `traffic` of them enrol. */
export function durationDays(perArm: number, arms: number, dailyUnits: number, traffic = 1): number {
  if (!(dailyUnits > 0) || !(traffic > 0 && traffic <= 1) || !(arms >= 2)) throw new RangeError('daily units, traffic and arms must be positive');
  return Math.ceil((perArm * arms) / (dailyUnits * traffic));
}
