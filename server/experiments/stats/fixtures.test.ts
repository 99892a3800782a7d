import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeFiles } from '../analyze-files.ts';

/**
 * The analysis against scipy/statsmodels reference values made by scripts/stats-fixtures.py
 * (committed with its CSVs, so this runs without Python): every field to 1e-6 relative or 1e-9
 * absolute, nulls exactly where the reference has no defined value.
 */

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const CASES = fs.readdirSync(FIXTURES).sort();

/** Walks both documents together and lists every mismatch with its path. */
function mismatches(actual: unknown, expected: unknown, at: string, out: string[], worst: { rel: number }): void {
  if (expected === null || typeof expected !== 'object') {
    if (typeof expected === 'number' && typeof actual === 'number') {
      const abs = Math.abs(actual - expected);
      const rel = expected === 0 ? (abs === 0 ? 0 : Infinity) : abs / Math.abs(expected);
      if (expected !== 0) worst.rel = Math.max(worst.rel, rel);
      if (!(abs <= 1e-9 || rel <= 1e-6)) out.push(`${at}: ${actual} ≠ ${expected} (rel ${rel})`);
    } else if (actual !== expected) out.push(`${at}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`);
    return;
  }
  if (actual === null || typeof actual !== 'object') {
    out.push(`${at}: ${JSON.stringify(actual)} is not an object`);
    return;
  }
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(e)]);
  for (const k of keys) {
    if (!Object.hasOwn(e, k)) out.push(`${at}.${k}: not in the reference`);
    else if (!Object.hasOwn(a, k)) out.push(`${at}.${k}: missing`);
    else mismatches(a[k], e[k], `${at}.${k}`, out, worst);
  }
}

describe('analysis matches the scipy/statsmodels reference', () => {
  it('has all the cases STATS.md asks for', () => {
    expect(CASES).toEqual(['aa-null', 'large-effect', 'revenue-outlier', 'srm', 'three-arms', 'tiny', 'zero-control']);
  });

  it.each(CASES)('%s', (name) => {
    const read = (f: string) => fs.readFileSync(path.join(FIXTURES, name, f), 'utf8');
    const expected = JSON.parse(read('expected.json'));
    const actual = JSON.parse(JSON.stringify(analyzeFiles(read('design.json'), read('units.csv'))));
    const problems: string[] = [];
    const worst = { rel: 0 };
    mismatches(actual, expected, 'results', problems, worst);
    expect(problems).toEqual([]);
    console.log(`${name}: largest relative error ${worst.rel.toExponential(2)}`);
  });

  it('reports tiny p-values without underflow, and nulls against a zero control', () => {
    const read = (c: string, f: string) => fs.readFileSync(path.join(FIXTURES, c, f), 'utf8');
    const large = analyzeFiles(read('large-effect', 'design.json'), read('large-effect', 'units.csv')).results;
    const p = large.comparisons.treatment!.conversion.p_value!;
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-30);
    const zero = analyzeFiles(read('zero-control', 'design.json'), read('zero-control', 'units.csv')).results;
    expect(zero.comparisons.treatment!.conversion.rel_diff).toBeNull();
    expect(zero.comparisons.treatment!.revenue.rel_diff).toBeNull();
    const srm = analyzeFiles(read('srm', 'design.json'), read('srm', 'units.csv')).results.srm;
    expect(srm.p_value!).toBeLessThan(0.001);
  });
});
