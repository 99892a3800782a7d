/**
 * Sufficient statistics of one arm, in central-moment form: for every numeric column its count,
 * mean and M2 = Σ (y − ȳ)², and the co-moment C = Σ (x − x̄)(y − ȳ) for the CUPED pair.
 *
 * Why central moments rather than raw Σy and Σy²: the textbook Σy² − (Σy)²/n cancels
 * catastrophically when the mean is large against the spread (revenue in cents, counts with a big
 * offset), losing every digit of the variance. Central moments keep full precision, merge exactly
 * (Chan et al.), and are what a database returns directly — PostgreSQL's avg/var_samp/covar_samp
 * on float8 use the Youngs–Cramer update, and on numeric they are exact — so a SQL aggregation
 * feeds these same functions unchanged. From raw units we compute them in two passes with
 * Neumaier-compensated sums, which matches a two-pass numpy reference to about 1e-15.
 */

/** Count, mean and M2 = Σ (y − ȳ)² of one column. */
export interface Moments {
  n: number;
  mean: number;
  m2: number;
}

/** Σ (x − x̄)(y − ȳ) together with both columns' moments. */
export interface CoMoments {
  x: Moments;
  y: Moments;
  cxy: number;
}

export const EMPTY_MOMENTS: Moments = { n: 0, mean: 0, m2: 0 };

/** Neumaier's compensated sum: error bounded independently of the number of terms. */
export class CompensatedSum {
  private sum = 0;
  private carry = 0;

  add(v: number): void {
    const t = this.sum + v;
    if (Math.abs(this.sum) >= Math.abs(v)) this.carry += this.sum - t + v;
    else this.carry += v - t + this.sum;
    this.sum = t;
  }

  get value(): number {
    return this.sum + this.carry;
  }
}

/** Two-pass moments of a column: compensated mean first, then compensated squared deviations. */
export function moments(values: ArrayLike<number>): Moments {
  const n = values.length;
  if (n === 0) return EMPTY_MOMENTS;
  const s = new CompensatedSum();
  for (let i = 0; i < n; i++) s.add(values[i]!);
  const mean = s.value / n;
  const m2 = new CompensatedSum();
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    m2.add(d * d);
  }
  return { n, mean, m2: m2.value };
}

/** Two-pass moments of two paired columns and their co-moment. */
export function coMoments(xs: ArrayLike<number>, ys: ArrayLike<number>): CoMoments {
  const x = moments(xs);
  const y = moments(ys);
  const c = new CompensatedSum();
  for (let i = 0; i < x.n; i++) c.add((xs[i]! - x.mean) * (ys[i]! - y.mean));
  return { x, y, cxy: c.value };
}

/** Moments of the union of two disjoint groups (Chan, Golub & LeVeque). */
export function mergeMoments(a: Moments, b: Moments): Moments {
  const n = a.n + b.n;
  if (a.n === 0) return b;
  if (b.n === 0) return a;
  const delta = b.mean - a.mean;
  return { n, mean: a.mean + (delta * b.n) / n, m2: a.m2 + b.m2 + (delta * delta * a.n * b.n) / n };
}

/** Co-moments of the union of two disjoint groups. */
export function mergeCoMoments(a: CoMoments, b: CoMoments): CoMoments {
  const n = a.x.n + b.x.n;
  if (a.x.n === 0) return b;
  if (b.x.n === 0) return a;
  const dx = b.x.mean - a.x.mean;
  const dy = b.y.mean - a.y.mean;
  return {
    x: mergeMoments(a.x, b.x),
    y: mergeMoments(a.y, b.y),
    cxy: a.cxy + b.cxy + (dx * dy * a.x.n * b.x.n) / n,
  };
}

/** Sample variance (ddof 1); null below two observations. */
export const sampleVariance = (m: Moments): number | null => (m.n >= 2 ? Math.max(0, m.m2) / (m.n - 1) : null);

/** Mean; null without observations. */
export const meanOf = (m: Moments): number | null => (m.n > 0 ? m.mean : null);
