import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeFiles } from './analyze-files.ts';
import { ExperimentInputError } from './input/errors.ts';
import { UNIT_COLUMNS } from './input/units-csv.ts';

/**
 * Hostile CSVs and designs thrown at the analyzer: it either refuses with an ExperimentInputError
 * (never another exception) or returns a result whose every number is finite and whose figures
 * respect the invariants of their formulas.
 */

function walkNumbers(value: unknown, at: string, visit: (n: number, at: string) => void): void {
  if (typeof value === 'number') visit(value, at);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walkNumbers(v, `${at}.${k}`, visit);
}

const outcomes = { analyzed: 0, refused: 0 };

/** Runs the analyzer and checks the outcome is a clear refusal or a sane result; true if analyzed. */
function check(design: string, units: string): boolean {
  let result;
  try {
    result = analyzeFiles(design, units);
  } catch (err) {
    if (!(err instanceof ExperimentInputError)) throw err;
    expect(err.message.length).toBeGreaterThan(0);
    expect(err.message.length).toBeLessThan(2000);
    outcomes.refused++;
    return false;
  }
  outcomes.analyzed++;
  walkNumbers(JSON.parse(JSON.stringify(result)), 'results', (n, at) => {
    if (!Number.isFinite(n)) throw new Error(`${at} is ${n}`);
  });
  walkNumbers(result, 'results', (n, at) => {
    if (!Number.isFinite(n)) throw new Error(`${at} is ${n}`);
    if (/p_value/.test(at) && !(n >= 0 && n <= 1)) throw new Error(`${at} = ${n} is not a probability`);
    if (/\.(n|conversions|df|se|pooled_se|rel_se|revenue_sd)$/.test(at) && n < 0) throw new Error(`${at} = ${n} < 0`);
  });
  for (const c of Object.values(result.results.comparisons)) {
    for (const m of [c.conversion, c.revenue, c.conversations, c.searches, c.revenue_cuped]) {
      if (m.ci_low !== null && m.ci_high !== null) expect(m.ci_low).toBeLessThanOrEqual(m.ci_high);
    }
  }
  return true;
}

const hostileCell = fc.oneof(
  fc.constantFrom('', ' ', '-1', '-0', 'NaN', 'Infinity', '-Infinity', '1e400', '1e15', '1e16', '9007199254740993', '0x10', '1,5', '1.', '.5', '5e-324',
    '"', '""', '\n', '\r\n', 'null', '__proto__', 'constructor', '\u0000', '\uFEFF', '1 2', '0', '1', '2', '3.25'),
  fc.string({ maxLength: 8 }),
  fc.double({ noNaN: false }).map(String),
  fc.nat({ max: 1000 }).map(String),
);

const variantName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('control', 'treatment', '__proto__', 'constructor', 'toString', 'a,b', 'с кириллицей', '"q"', 'x\ny') },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 6 }) },
);

/** A valid design, except when `tamper` breaks one field of it. */
const design = fc
  .record({
    variants: fc.uniqueArray(variantName, { minLength: 2, maxLength: 4 }),
    weights: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 4, maxLength: 4 }),
    tamper: fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom('split', 'control', 'alpha', 'dupe', 'extra', 'confidence') },
    ),
  })
  .map(({ variants, weights, tamper }) => {
    const total = variants.reduce((a, _, i) => a + weights[i]!, 0);
    const split: Record<string, number> = {};
    variants.forEach((v, i) => Object.defineProperty(split, v, { value: weights[i]! / total, enumerable: true, writable: true }));
    const d: Record<string, unknown> = { control: variants[0], variants, intended_split: split, alpha: 0.05, confidence: 0.95, duration_days: 28 };
    if (tamper === 'split') split[variants[0]!] = 2;
    if (tamper === 'control') d.control = 'nobody-has-this-name';
    if (tamper === 'alpha') d.alpha = -1;
    if (tamper === 'dupe') d.variants = [...variants, variants[0]];
    if (tamper === 'extra') split['nobody-has-this-name'] = 0;
    if (tamper === 'confidence') d.confidence = 0.9;
    // Names with outer spaces are refused by design (CSV cells are trimmed).
    const tampered = tamper !== undefined || variants.some((v) => v !== v.trim());
    return { variants, tampered, text: JSON.stringify(d) };
  });

const csvField = (s: string) => (/[",\n\r]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s);

/** A value of a clean column: legal, but with extremes (zero spread, 1e15, denormal-small). */
const cleanDecimal = fc.oneof(
  fc.double({ min: 0, max: 1e6, noNaN: true }).map(String),
  fc.constantFrom('0', '0', '10', '10.5', '1e15', '0.001', '5e-324', '1.'),
);
const cleanCount = fc.oneof(fc.nat({ max: 5 }).map(String), fc.constantFrom('0', '999999999999999'));

/**
 * A units CSV over the design's variants. A clean one has every column and only legal cells
 * (still with extremes); a broken one may drop a column and mixes hostile cells in.
 */
const units = (variants: string[]) =>
  fc.boolean().chain((broken) => {
    const cell = (clean: fc.Arbitrary<string>) => (broken ? fc.oneof({ weight: 12, arbitrary: clean }, { weight: 1, arbitrary: hostileCell }) : clean);
    const all = [...UNIT_COLUMNS, 'plan'];
    return fc
      .record({
        order: broken ? fc.shuffledSubarray(all, { minLength: all.length - 2, maxLength: all.length }) : fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }),
        rows: fc.array(
          fc.record({
            variant: cell(fc.constantFrom(...variants)),
            converted: cell(fc.constantFrom('0', '1')),
            revenue: cell(cleanDecimal),
            pre_revenue: cell(cleanDecimal),
            conversations: cell(cleanCount),
            searches: cell(cleanCount),
            plan: hostileCell,
          }),
          { maxLength: 30 },
        ),
        dupeId: fc.boolean().map((b) => broken && b),
        quoteAll: fc.boolean(),
      })
      .map(({ order, rows, dupeId, quoteAll }) => {
        const q = (s: string) => (quoteAll ? `"${s.replace(/"/g, '""')}"` : csvField(s));
        const lines = [order.map(q).join(',')];
        rows.forEach((r, i) => {
          const cells: Record<string, string> = { ...r, unit_id: dupeId && i === rows.length - 1 ? 'u0' : `u${i}` };
          lines.push(order.map((c) => q(cells[c]!)).join(','));
        });
        return { broken, text: lines.join('\n') };
      });
  });

describe('analyzer under hostile input', () => {
  it('refuses arbitrary text and JSON with its own error, never a crash', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), fc.string({ unit: 'binary', maxLength: 200 }), (d, u) => {
        check(d, u);
      }),
      { numRuns: 400 },
    );
  });

  it('analyzes or clearly refuses near-valid CSVs and designs, with no NaN or Infinity in any result', () => {
    const cases = design.chain((d) => units(d.variants).map((u) => ({ design: d, units: u })));
    fc.assert(
      fc.property(cases, ({ design, units }) => {
        const analyzed = check(design.text, units.text);
        if (!design.tampered && !units.broken) expect(analyzed).toBe(true);
      }),
      { numRuns: 1500 },
    );
    // The generator must reach the arithmetic often, not only the refusals.
    expect(outcomes.analyzed).toBeGreaterThan(300);
  });

  it('a clean random CSV is always analyzed (the refusals above are not swallowing good input)', () => {
    const clean = fc.record({
      rows: fc.array(
        fc.tuple(fc.boolean(), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.nat(9), fc.nat(9), fc.boolean()),
        { maxLength: 40 },
      ),
    });
    fc.assert(
      fc.property(clean, ({ rows }) => {
        const csv = ['unit_id,variant,converted,revenue,pre_revenue,conversations,searches']
          .concat(rows.map(([c, r, p, k, s, t], i) => `u${i},${t ? 'treatment' : 'control'},${c ? 1 : 0},${r},${p},${k},${s}`))
          .join('\n');
        const design = JSON.stringify({ control: 'control', variants: ['control', 'treatment'], intended_split: { control: 0.5, treatment: 0.5 } });
        expect(check(design, csv)).toBe(true);
        const { variants } = analyzeFiles(design, csv).results;
        expect(variants.control!.n + variants.treatment!.n).toBe(rows.length);
      }),
      { numRuns: 500 },
    );
  });
});

/**
 * Largest difference between two results' numbers beyond the contract's 1e-9 absolute, relative
 * to their size (summation order moves the last bits only); nulls must match exactly.
 */
function largestDifference(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') {
    const abs = Math.abs(a - b);
    return abs <= 1e-9 ? 0 : abs / Math.max(Math.abs(a), Math.abs(b));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return Math.max(0, ...[...keys].map((k) => largestDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])));
  }
  return a === b ? 0 : Infinity;
}

describe('analyzer results', () => {
  it('do not depend on the order of the rows or columns', () => {
    const header = ['unit_id', 'variant', 'converted', 'revenue', 'pre_revenue', 'conversations', 'searches'];
    const design = JSON.stringify({ control: 'a', variants: ['a', 'b', 'c'], intended_split: { a: 0.5, b: 0.25, c: 0.25 } });
    const row = fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.boolean(), fc.double({ min: 0, max: 1e4, noNaN: true }), fc.double({ min: 0, max: 1e4, noNaN: true }), fc.nat(20), fc.nat(20));
    fc.assert(
      fc.property(fc.array(row, { minLength: 2, maxLength: 60 }), fc.infiniteStream(fc.nat()), (rows, randoms) => {
        const lines = rows.map(([v, c, r, p, k, s], i) => [`u${i}`, v, c ? '1' : '0', String(r), String(p), String(k), String(s)]);
        const csv = (order: number[], list: string[][]) => [order.map((i) => header[i]).join(','), ...list.map((l) => order.map((i) => l[i]).join(','))].join('\n');
        const identity = header.map((_, i) => i);
        // A permutation of rows and one of columns, drawn from the stream.
        const shuffled = [...lines];
        const columns = [...identity];
        const it = randoms[Symbol.iterator]();
        for (const list of [shuffled, columns] as unknown[][]) {
          for (let i = list.length - 1; i > 0; i--) {
            const j = it.next().value! % (i + 1);
            [list[i], list[j]] = [list[j], list[i]];
          }
        }
        const before = analyzeFiles(design, csv(identity, lines));
        const after = analyzeFiles(design, csv(columns, shuffled));
        expect(largestDifference(JSON.parse(JSON.stringify(before)), JSON.parse(JSON.stringify(after)))).toBeLessThan(1e-9);
      }),
      { numRuns: 300 },
    );
  });
});
