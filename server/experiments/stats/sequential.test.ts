import { describe, expect, it } from 'vitest';
import { compareConversion } from './conversion.ts';
import { moments } from './moments.ts';
import { halfWidth, inverseLikelihoodRatio, meansLook, proportionsLook, SequentialMonitor } from './sequential.ts';
import { welch } from './welch.ts';

/** sfc32, a small seeded PRNG, so every run of the simulation draws the same numbers. */
function sfc32(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

const ALPHA = 0.05;
const EXPERIMENTS = 1000;
const DAYS = 14;
const PER_ARM_PER_DAY = 100;

interface Rates {
  fixedHorizon: number;
  naivePeeking: number;
  msprt: number;
}

/**
 * Runs EXPERIMENTS simulated experiments with a look every day and counts how often each way of
 * deciding declares a difference: the fixed-horizon test only at the planned end, the same test
 * at every daily look (peeking), and the mSPRT at every daily look.
 */
function simulateConversion(controlRate: number, treatmentRate: number, seed: number): Rates {
  const random = sfc32(seed);
  const tau2 = 0.02 ** 2;
  let fixed = 0;
  let naive = 0;
  let msprt = 0;
  for (let e = 0; e < EXPERIMENTS; e++) {
    const t = { n: 0, conversions: 0 };
    const c = { n: 0, conversions: 0 };
    const monitor = new SequentialMonitor(tau2, ALPHA);
    let peeked = false;
    let stopped = false;
    for (let day = 1; day <= DAYS; day++) {
      for (let i = 0; i < PER_ARM_PER_DAY; i++) {
        t.conversions += random() < treatmentRate ? 1 : 0;
        c.conversions += random() < controlRate ? 1 : 0;
      }
      t.n += PER_ARM_PER_DAY;
      c.n += PER_ARM_PER_DAY;
      const p = compareConversion(t, c, 1 - ALPHA).p_value ?? 1;
      if (p < ALPHA) peeked = true;
      if (day === DAYS && p < ALPHA) fixed++;
      if (monitor.observe(proportionsLook(t, c)).p_value < ALPHA) stopped = true;
    }
    naive += peeked ? 1 : 0;
    msprt += stopped ? 1 : 0;
  }
  return { fixedHorizon: fixed / EXPERIMENTS, naivePeeking: naive / EXPERIMENTS, msprt: msprt / EXPERIMENTS };
}

/** The same for a difference in means of a skewed (exponential) metric such as revenue. */
function simulateMeans(seed: number): Rates {
  const random = sfc32(seed);
  const draw = () => -Math.log(1 - random()) * 30;
  let fixed = 0;
  let naive = 0;
  let msprt = 0;
  for (let e = 0; e < EXPERIMENTS; e++) {
    const t: number[] = [];
    const c: number[] = [];
    const monitor = new SequentialMonitor(3 ** 2, ALPHA);
    let peeked = false;
    let stopped = false;
    for (let day = 1; day <= DAYS; day++) {
      for (let i = 0; i < PER_ARM_PER_DAY; i++) {
        t.push(draw());
        c.push(draw());
      }
      const mt = moments(t);
      const mc = moments(c);
      const p = welch(mt, mc, 1 - ALPHA).p_value ?? 1;
      if (p < ALPHA) peeked = true;
      if (day === DAYS && p < ALPHA) fixed++;
      if (monitor.observe(meansLook(mt, mc)).p_value < ALPHA) stopped = true;
    }
    naive += peeked ? 1 : 0;
    msprt += stopped ? 1 : 0;
  }
  return { fixedHorizon: fixed / EXPERIMENTS, naivePeeking: naive / EXPERIMENTS, msprt: msprt / EXPERIMENTS };
}

// With 1,000 experiments the standard error of a rate near 0.05 is 0.007: bounds are ±3 of them.
const expectHonest = (rates: Rates) => {
  expect(rates.fixedHorizon).toBeGreaterThan(0.03);
  expect(rates.fixedHorizon).toBeLessThan(0.07);
  expect(rates.msprt).toBeLessThan(0.07);
  // Deciding at any of 14 daily looks with the fixed-horizon test inflates the error clearly.
  expect(rates.naivePeeking).toBeGreaterThan(0.1);
  expect(rates.naivePeeking).toBeGreaterThan(2 * rates.fixedHorizon);
};

describe('A/A simulation: 1,000 experiments, 14 daily looks', () => {
  it('conversion: fixed-horizon and mSPRT stay at about alpha, naive peeking does not', () => {
    const rates = simulateConversion(0.1, 0.1, 1);
    console.log('conversion A/A false-positive rates', rates);
    expectHonest(rates);
  });

  it('means: the same holds for a skewed revenue-like metric', () => {
    const rates = simulateMeans(2);
    console.log('means A/A false-positive rates', rates);
    expectHonest(rates);
  });

  it('mSPRT still finds a real effect (10% → 14%) in most experiments', () => {
    const rates = simulateConversion(0.1, 0.14, 3);
    console.log('conversion 10% → 14% detection rates', rates);
    expect(rates.msprt).toBeGreaterThan(0.5);
  });
});

describe('mSPRT', () => {
  it('the confidence interval excludes 0 exactly when 1/Λ < alpha', () => {
    const tau2 = 0.01;
    for (const estimate of [-0.3, -0.1, -0.01, 0, 0.02, 0.05, 0.2]) {
      for (const variance of [1e-4, 1e-3, 1e-2]) {
        const look = { estimate, variance };
        const excludes = Math.abs(estimate) > halfWidth(look, tau2, ALPHA)!;
        expect(excludes).toBe(inverseLikelihoodRatio(look, tau2) < ALPHA);
      }
    }
  });

  it('p-values only fall and intervals only narrow across looks; no variance yet means no evidence', () => {
    const monitor = new SequentialMonitor(0.0004, ALPHA);
    expect(monitor.observe(proportionsLook({ n: 10, conversions: 0 }, { n: 10, conversions: 0 }))).toEqual({ p_value: 1, ci_low: null, ci_high: null });
    const a = monitor.observe({ estimate: 0.05, variance: 0.0004 });
    const b = monitor.observe({ estimate: -0.05, variance: 0.0004 });
    expect(b.p_value).toBeLessThanOrEqual(a.p_value);
    expect(b.ci_low!).toBeGreaterThanOrEqual(a.ci_low!);
    expect(b.ci_high!).toBeLessThanOrEqual(a.ci_high!);
    expect(meansLook(moments([1]), moments([1, 2]))).toBeNull();
    expect(() => new SequentialMonitor(0, ALPHA)).toThrow(RangeError);
  });
});
