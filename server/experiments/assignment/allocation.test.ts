import { describe, expect, it } from 'vitest';
import { chiSquareUpper } from '../stats/distributions.ts';
import { assign, bucketOf, CompiledExperiment, CompiledHoldout, decisionSeed, layerRanges } from './allocation.ts';
import { murmur3, murmur3Bytes } from './murmur3.ts';

const IDS = Array.from({ length: 100_000 }, (_, i) => `contact-${i}`);

/** Pearson chi-square of observed counts against equal expected counts. */
function uniformity(counts: number[]): number {
  const expected = counts.reduce((a, b) => a + b, 0) / counts.length;
  const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
  return chiSquareUpper(chi2, counts.length - 1);
}

describe('murmur3_32', () => {
  it('matches the published test vectors', () => {
    expect(murmur3('', 0)).toBe(0);
    expect(murmur3('', 1)).toBe(0x514e28b7);
    expect(murmur3('hello', 0)).toBe(0x248bfa47);
    expect(murmur3('The quick brown fox jumps over the lazy dog', 0)).toBe(0x2e4ff723);
  });

  it('hashes the UTF-8 bytes of any string (as TextEncoder encodes them)', () => {
    for (const s of ['ü', 'Казахстан', '中文用户', '👩‍💻 emoji', 'lone \ud800 surrogate', 'x'.repeat(1000)]) {
      const bytes = new TextEncoder().encode(s);
      expect(murmur3(s, 7)).toBe(murmur3Bytes(bytes, bytes.length, 7));
    }
  });

  it('reads ASCII straight from the string with the same result as its bytes, for every tail length and a wide char anywhere', () => {
    const base = 'abcdefghijklmnopqrstuvwxyz0123456789-ABCDEF';
    for (let length = 0; length <= base.length; length++) {
      const ascii = base.slice(0, length);
      const bytes = new TextEncoder().encode(ascii);
      expect(murmur3(ascii, 0x9747b28c)).toBe(murmur3Bytes(bytes, bytes.length, 0x9747b28c));
      for (let at = 0; at < length; at++) {
        const wide = `${ascii.slice(0, at)}é${ascii.slice(at + 1)}`;
        const wideBytes = new TextEncoder().encode(wide);
        expect(murmur3(wide, 11)).toBe(murmur3Bytes(wideBytes, wideBytes.length, 11));
      }
    }
  });

  it('gives the hashes it always gave (pinned: a change would reshuffle running experiments)', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `0191d3a2-${((i * 2654435761) >>> 0).toString(16).padStart(8, '0')}-7000-8000-${i.toString(16).padStart(12, '0')}`.slice(0, 20 + (i % 17)));
    let digest = 0;
    for (const [i, id] of ids.entries()) digest = (Math.imul(digest, 31) + murmur3(id, i * 7919)) | 0;
    expect(digest >>> 0).toBe(3376607828);
    expect(murmur3('0191d3a2-9e3779b1-7000-8000-000000000001', 0x9747b28c)).toBe(1755255649);
    expect(murmur3('Казахстан-ü-中文', 3)).toBe(3669819057);
  });
});

describe('assignment', () => {
  it('spreads 100,000 ids uniformly over [0, 1) (chi-square over 100 bins)', () => {
    const seed = decisionSeed('exp-salt-1', 'variant');
    const bins = new Array<number>(100).fill(0);
    for (const id of IDS) bins[Math.floor(bucketOf(seed, id) * 100)]!++;
    expect(uniformity(bins)).toBeGreaterThan(0.001);
  });

  it('splits by the variant weights, balanced for 50/50', () => {
    const even = new CompiledExperiment({ salt: 's-even', traffic: 1, variants: [{ key: 'control', weight: 1 }, { key: 'test', weight: 1 }] });
    const counts = { control: 0, test: 0 };
    for (const id of IDS) {
      const a = even.assign(id);
      if (a.enrolled) counts[a.variant as 'control' | 'test']++;
    }
    expect(uniformity([counts.control, counts.test])).toBeGreaterThan(0.001);
    const skewed = new CompiledExperiment({ salt: 's-skew', traffic: 1, variants: [{ key: 'a', weight: 9 }, { key: 'b', weight: 1 }] });
    const b = IDS.filter((id) => (skewed.assign(id) as { variant: string }).variant === 'b').length;
    expect(b / IDS.length).toBeGreaterThan(0.095);
    expect(b / IDS.length).toBeLessThan(0.105);
  });

  it('is sticky: the same unit gets the same answer on every call and after a restart', () => {
    const allocation = { salt: 'sticky', traffic: 0.5, variants: [{ key: 'a', weight: 1 }, { key: 'b', weight: 2 }] };
    const first = new CompiledExperiment(allocation);
    const again = new CompiledExperiment(structuredClone(allocation));
    for (const id of IDS.slice(0, 5000)) {
      expect(again.assign(id)).toEqual(first.assign(id));
      expect(first.assign(id)).toEqual(first.assign(id));
    }
    // Pinned answers: a change to the hash or the seeds would reshuffle running experiments.
    expect(IDS.slice(0, 6).map((id) => first.assign(id))).toEqual([
      { enrolled: false, reason: 'traffic' },
      { enrolled: false, reason: 'traffic' },
      { enrolled: true, variant: 'b' },
      { enrolled: true, variant: 'b' },
      { enrolled: true, variant: 'a' },
      { enrolled: false, reason: 'traffic' },
    ]);
  });

  it('is independent between experiments (contingency chi-square of their buckets)', () => {
    const a = decisionSeed('experiment-a', 'variant');
    const b = decisionSeed('experiment-b', 'variant');
    const k = 10;
    const table = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    for (const id of IDS) table[Math.floor(bucketOf(a, id) * k)]![Math.floor(bucketOf(b, id) * k)]!++;
    const rows = table.map((r) => r.reduce((x, y) => x + y, 0));
    const cols = table[0]!.map((_, j) => table.reduce((s, r) => s + r[j]!, 0));
    let chi2 = 0;
    table.forEach((r, i) => r.forEach((o, j) => {
      const e = (rows[i]! * cols[j]!) / IDS.length;
      chi2 += (o - e) ** 2 / e;
    }));
    expect(chiSquareUpper(chi2, (k - 1) * (k - 1))).toBeGreaterThan(0.001);
  });

  it('keeps experiments of one layer mutually exclusive', () => {
    const [r1, r2, r3] = layerRanges('onboarding-layer', [0.3, 0.3, 0.4]);
    const exps = [r1, r2, r3].map((layer, i) => new CompiledExperiment({ salt: `layered-${i}`, traffic: 1, variants: [{ key: 'on', weight: 1 }], layer }));
    const enrolled = [0, 0, 0];
    let notExactlyOne = 0;
    for (const id of IDS) {
      const hits = exps.map((e) => e.assign(id).enrolled);
      if (hits.filter(Boolean).length !== 1) notExactlyOne++;
      hits.forEach((h, i) => (enrolled[i]! += h ? 1 : 0));
    }
    expect(notExactlyOne).toBe(0);
    expect(enrolled[0]! / IDS.length).toBeCloseTo(0.3, 1);
    expect(() => layerRanges('l', [0.6, 0.6])).toThrow(RangeError);
  });

  it('raising the traffic only adds units; nobody enrolled changes arm', () => {
    const variants = [{ key: 'a', weight: 1 }, { key: 'b', weight: 1 }];
    const small = new CompiledExperiment({ salt: 'ramp', traffic: 0.2, variants });
    const large = new CompiledExperiment({ salt: 'ramp', traffic: 0.5, variants });
    let enrolledSmall = 0;
    for (const id of IDS.slice(0, 20_000)) {
      const s = small.assign(id);
      if (s.enrolled) {
        enrolledSmall++;
        expect(large.assign(id)).toEqual(s);
      }
    }
    expect(enrolledSmall / 20_000).toBeCloseTo(0.2, 1);
  });

  it('a global holdout keeps its share away from every experiment', () => {
    const holdout = new CompiledHoldout({ salt: 'workspace-holdout', share: 0.1 });
    const exps = ['x', 'y'].map((s) => new CompiledExperiment({ salt: s, traffic: 1, variants: [{ key: 'on', weight: 1 }] }));
    let held = 0;
    let wrong = 0;
    for (const id of IDS) {
      const results = exps.map((e) => assign(e, id, holdout));
      if (holdout.holds(id)) {
        held++;
        if (!results.every((r) => !r.enrolled && r.reason === 'global_holdout')) wrong++;
      } else if (!results.every((r) => r.enrolled)) wrong++;
    }
    expect(wrong).toBe(0);
    expect(held / IDS.length).toBeGreaterThan(0.095);
    expect(held / IDS.length).toBeLessThan(0.105);
  });

  it('refuses impossible allocations', () => {
    expect(() => new CompiledExperiment({ salt: 's', traffic: 1.5, variants: [{ key: 'a', weight: 1 }] })).toThrow(RangeError);
    expect(() => new CompiledExperiment({ salt: 's', traffic: 1, variants: [{ key: 'a', weight: 0 }] })).toThrow(RangeError);
    expect(() => new CompiledExperiment({ salt: 's', traffic: 1, variants: [] })).toThrow(RangeError);
    expect(() => new CompiledHoldout({ salt: 's', share: -0.1 })).toThrow(RangeError);
  });
});
