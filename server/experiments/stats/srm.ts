import type { SrmResult } from '../../../contracts/experiments.ts';
import { chiSquareUpper } from './distributions.ts';
import { defined } from './figures.ts';

/** Pearson chi-square goodness of fit of observed arm sizes against the intended shares. */
export function sampleRatioMismatch(observed: readonly number[], shares: readonly number[]): SrmResult {
  const df = observed.length - 1;
  const total = observed.reduce((a, b) => a + b, 0);
  if (total === 0) return { chi2: null, df, p_value: null };
  let chi2 = 0;
  observed.forEach((n, i) => {
    const expected = total * shares[i]!;
    chi2 += (n - expected) ** 2 / expected;
  });
  return { chi2: defined(chi2), df, p_value: defined(chiSquareUpper(chi2, df)) };
}
