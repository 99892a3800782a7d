import { describe, expect, it } from 'vitest';
import { holm } from './holm.ts';
import { CompensatedSum, coMoments, mergeCoMoments, mergeMoments, moments, sampleVariance } from './moments.ts';

describe('sufficient statistics', () => {
  it('keeps the variance exact when the mean dwarfs the spread (raw Σy² − (Σy)²/n would not)', () => {
    const ys = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16];
    expect(sampleVariance(moments(ys))).toBe(30);
    const sum = ys.reduce((a, b) => a + b, 0);
    const textbook = (ys.reduce((a, b) => a + b * b, 0) - (sum * sum) / 4) / 3;
    expect(textbook).not.toBe(30);
  });

  it('compensated sums do not lose small terms next to large ones', () => {
    const s = new CompensatedSum();
    for (const v of [1e16, 1, 1, 1, 1, -1e16]) s.add(v);
    expect(s.value).toBe(4);
  });

  it('merging two groups gives the moments of their union', () => {
    const xa = [1, 2, 3, 10];
    const ya = [2, 1, 7, 4];
    const xb = [5, 5.5, 0, 2, 9];
    const yb = [3, 8, 1, 1, 2];
    const merged = mergeCoMoments(coMoments(xa, ya), coMoments(xb, yb));
    const direct = coMoments([...xa, ...xb], [...ya, ...yb]);
    expect(merged.x.mean).toBeCloseTo(direct.x.mean, 14);
    expect(merged.y.m2).toBeCloseTo(direct.y.m2, 12);
    expect(merged.cxy).toBeCloseTo(direct.cxy, 12);
    expect(mergeMoments(moments([]), moments(xa))).toEqual(moments(xa));
    expect(sampleVariance(moments([3]))).toBeNull();
  });
});

describe('Holm', () => {
  it('steps down and keeps the adjusted values monotone, as multipletests(method="holm")', () => {
    expect(holm([0.01, 0.04, 0.03])).toEqual([0.03, 0.06, 0.06]);
    expect(holm([0.5, 0.9])).toEqual([1, 1]);
  });

  it('leaves undefined p-values null and out of the family', () => {
    expect(holm([null, 0.02, 0.03])).toEqual([null, 0.04, 0.04]);
  });
});
