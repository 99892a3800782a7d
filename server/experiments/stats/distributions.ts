import gammainc from '@stdlib/math-base-special-gammainc';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/**
 * The distribution functions the analysis needs, from @stdlib (maintained, accurate to a few ulp
 * for real-valued degrees of freedom). Tails are always taken directly from the lower CDF of the
 * negated statistic (or the upper regularized gamma), never as 1 − CDF, so p-values of 1e-100
 * stay 1e-100 instead of cancelling to 0 below 1e-16.
 */

/** Φ(x) for the standard normal. */
export const phi = (x: number): number => normalCdf(x, 0, 1);

/** Φ⁻¹(p) for the standard normal. */
export const phiInverse = (p: number): number => normalQuantile(p, 0, 1);

/** Two-sided p-value of a standard-normal statistic: 2·Φ(−|z|). */
export const normalTwoSided = (z: number): number => Math.min(1, 2 * phi(-Math.abs(z)));

/** Two-sided p-value of a Student-t statistic with real-valued df: 2·F_df(−|t|). */
export const studentTwoSided = (t: number, df: number): number => Math.min(1, 2 * tCdf(-Math.abs(t), df));

/** F_df⁻¹(p) for Student's t with real-valued df. */
export const studentQuantile = (p: number, df: number): number => tQuantile(p, df);

/** P(χ²_df ≥ x): the upper regularized incomplete gamma Q(df/2, x/2). */
export const chiSquareUpper = (x: number, df: number): number => (x <= 0 ? 1 : gammainc(x / 2, df / 2, true, true));
