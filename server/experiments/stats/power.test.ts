import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { durationDays, powerAt, sampleSizeMeans, sampleSizeProportions } from './power.ts';

/** statsmodels NormalIndPower.solve_power values, made by scripts/stats-fixtures.py. */
interface PowerFixture {
  kind: 'proportions' | 'means';
  baseline?: number;
  sd?: number;
  mde: number;
  alpha: number;
  power: number;
  effect_size: number;
  n_per_arm: number;
}
const FIXTURES: PowerFixture[] = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'power-fixtures.json'), 'utf8'));

describe('sample size', () => {
  it.each(FIXTURES.map((f) => [`${f.kind} mde ${f.mde} α ${f.alpha} power ${f.power}`, f] as const))('matches statsmodels: %s', (_, f) => {
    const r =
      f.kind === 'proportions'
        ? sampleSizeProportions({ baseline: f.baseline!, mde: f.mde, alpha: f.alpha, power: f.power })
        : sampleSizeMeans({ sd: f.sd!, mde: f.mde, alpha: f.alpha, power: f.power });
    expect(Math.abs(r.effectSize - f.effect_size) / Math.abs(f.effect_size)).toBeLessThan(1e-12);
    expect(Math.abs(r.exactPerArm - f.n_per_arm) / f.n_per_arm).toBeLessThan(1e-6);
    expect(r.perArm).toBe(Math.ceil(f.n_per_arm));
    expect(powerAt(r.effectSize, r.perArm, f.alpha)).toBeGreaterThanOrEqual(f.power);
  });

  it('takes a relative MDE, and turns sample size and traffic into days', () => {
    const abs = sampleSizeProportions({ baseline: 0.1, mde: 0.02, alpha: 0.05, power: 0.8 });
    const rel = sampleSizeProportions({ baseline: 0.1, mde: 0.2, relative: true, alpha: 0.05, power: 0.8 });
    expect(rel.perArm).toBe(abs.perArm);
    // 3,835 per arm, two arms, 500 eligible a day of which half enrol → 30.68 → 31 days.
    expect(durationDays(abs.perArm, 2, 500, 0.5)).toBe(31);
  });

  it('refuses inputs without an answer', () => {
    expect(() => sampleSizeProportions({ baseline: 0.1, mde: 0, alpha: 0.05, power: 0.8 })).toThrow(RangeError);
    expect(() => sampleSizeProportions({ baseline: 0.95, mde: 0.1, alpha: 0.05, power: 0.8 })).toThrow(RangeError);
    expect(() => sampleSizeMeans({ sd: 0, mde: 1, alpha: 0.05, power: 0.8 })).toThrow(RangeError);
    expect(() => sampleSizeMeans({ sd: 1, mde: 1, alpha: 0.05, power: 1 })).toThrow(RangeError);
    expect(() => durationDays(100, 2, 0)).toThrow(RangeError);
  });
});
