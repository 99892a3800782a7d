import type { ArmConversions } from './conversion.ts';
import { sampleVariance, type Moments } from './moments.ts';

/**
 * Sequential testing for experiments that are watched while they run: the mixture sequential
 * probability ratio test (mSPRT) with a normal mixing distribution N(0, τ²) over the true
 * difference θ (Johari, Pekelis & Walsh, "Always valid inference", 2017).
 *
 * At each look the estimate θ̂ = ȳₜ − ȳ꜀ has plug-in variance V = s²ₜ/nₜ + s²꜀/n꜀, and
 *   Λ = √(V / (V + τ²)) · exp( τ²·θ̂² / (2·V·(V + τ²)) )
 * is the mixture likelihood ratio against θ = 0. The always-valid p-value is the running minimum
 * of 1/Λ, and the confidence sequence is the running intersection of
 *   θ̂ ± √( V·(V + τ²)/τ² · (ln((V + τ²)/V) − 2·ln α) ),
 * the set of θ the same test would not reject. Both keep their guarantee however often and
 * whenever one looks, so an experiment may stop at the first look with p < α.
 *
 * τ² says how large effects are expected to be; the mde² of the design is a good default (the
 * test is most sensitive near effects of that size).
 */

/** One look: the difference estimate and its variance. */
export interface Look {
  estimate: number;
  variance: number;
}

export interface SequentialResult {
  /** Always-valid p-value (non-increasing over looks). */
  p_value: number;
  /** Confidence sequence at this look (narrowing over looks); null while the variance is unknown. */
  ci_low: number | null;
  ci_high: number | null;
}

/** The look for a difference in conversion rates, with the unpooled plug-in variance. */
export function proportionsLook(t: ArmConversions, c: ArmConversions): Look | null {
  if (t.n === 0 || c.n === 0) return null;
  const pt = t.conversions / t.n;
  const pc = c.conversions / c.n;
  return { estimate: pt - pc, variance: (pt * (1 - pt)) / t.n + (pc * (1 - pc)) / c.n };
}

/** The look for a difference in means (sample variances, ddof 1). */
export function meansLook(t: Moments, c: Moments): Look | null {
  const vt = sampleVariance(t);
  const vc = sampleVariance(c);
  if (vt === null || vc === null) return null;
  return { estimate: t.mean - c.mean, variance: vt / t.n + vc / c.n };
}

/** 1/Λ for one look (not yet the running minimum); 1 when the variance is still zero. */
export function inverseLikelihoodRatio(look: Look, tau2: number): number {
  const v = look.variance;
  if (!(v > 0)) return 1;
  const logLambda = 0.5 * Math.log(v / (v + tau2)) + (tau2 * look.estimate * look.estimate) / (2 * v * (v + tau2));
  return Math.min(1, Math.exp(-logLambda));
}

/** Half-width of this look's confidence interval of the sequence (before intersecting). */
export function halfWidth(look: Look, tau2: number, alpha: number): number | null {
  const v = look.variance;
  if (!(v > 0)) return null;
  return Math.sqrt(((v * (v + tau2)) / tau2) * (Math.log((v + tau2) / v) - 2 * Math.log(alpha)));
}

/** Follows one comparison across looks: running-minimum p-value and intersected intervals. */
export class SequentialMonitor {
  private p = 1;
  private low = -Infinity;
  private high = Infinity;

  constructor(
    private readonly tau2: number,
    private readonly alpha: number,
  ) {
    if (!(tau2 > 0 && Number.isFinite(tau2))) throw new RangeError('tau² must be a positive number');
    if (!(alpha > 0 && alpha < 1)) throw new RangeError('alpha must be between 0 and 1');
  }

  observe(look: Look | null): SequentialResult {
    if (look) {
      this.p = Math.min(this.p, inverseLikelihoodRatio(look, this.tau2));
      const half = halfWidth(look, this.tau2, this.alpha);
      if (half !== null) {
        this.low = Math.max(this.low, look.estimate - half);
        this.high = Math.min(this.high, look.estimate + half);
      }
    }
    return {
      p_value: this.p,
      ci_low: Number.isFinite(this.low) ? this.low : null,
      ci_high: Number.isFinite(this.high) ? this.high : null,
    };
  }
}
