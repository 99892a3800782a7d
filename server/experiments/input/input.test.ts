import { describe, expect, it } from 'vitest';
import { parseDesign } from './design.ts';
import { ExperimentInputError } from './errors.ts';
import { parseUnits } from './units-csv.ts';

const design = parseDesign(JSON.stringify({ control: 'a', variants: ['a', 'b'], intended_split: { a: 0.5, b: 0.5 } }));
const HEADER = 'unit_id,variant,converted,revenue,pre_revenue,conversations,searches';

const refusal = (fn: () => unknown): ExperimentInputError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ExperimentInputError) return err;
    throw err;
  }
  throw new Error('was accepted');
};

describe('design', () => {
  it('defaults alpha and confidence, keeps the split as a map', () => {
    expect(design.alpha).toBe(0.05);
    expect(design.confidence).toBe(0.95);
    expect([...design.intended_split]).toEqual([['a', 0.5], ['b', 0.5]]);
  });

  it('names every bad field', () => {
    const e = refusal(() => parseDesign(JSON.stringify({ control: 'z', variants: ['a', 'a'], intended_split: { a: 0.7, c: 0.1 } })));
    const fields = e.errors.map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['design.variants.1', 'design.control', 'design.intended_split.c', 'design.intended_split']));
    expect(refusal(() => parseDesign('[]')).errors[0]!.field).toBe('design');
    expect(refusal(() => parseDesign(JSON.stringify({ control: 'a', variants: ['a', 'b'], intended_split: [['a', 0.5], ['b', 0.5]] }))).message).toContain(
      'design.intended_split: must be an object',
    );
    expect(refusal(() => parseDesign(JSON.stringify({ control: 'a', variants: ['a', 'b'], intended_split: { a: '0.5', b: 0.5 } }))).message).toContain(
      'design.intended_split.a: must be a share',
    );
  });

  it('treats a variant named __proto__ as an ordinary name', () => {
    const d = parseDesign('{"control":"__proto__","variants":["__proto__","b"],"intended_split":{"__proto__":0.25,"b":0.75}}');
    expect(d.intended_split.get('__proto__')).toBe(0.25);
  });
});

describe('units CSV', () => {
  it('reads columns in any order, ignores unknown ones, trims cells and skips blank lines', () => {
    const arms = parseUnits('plan,searches,variant,revenue,unit_id,conversations,pre_revenue,converted\nfree, 2 ,b,1.5,u1,0,3,1\n\npro,0,a,.25,u2,4,0,0\n', design);
    expect(arms.get('b')).toEqual({ converted: [1], revenue: [1.5], preRevenue: [3], conversations: [0], searches: [2] });
    expect(arms.get('a')!.revenue).toEqual([0.25]);
  });

  it('names the line and column of the first bad cell, counting lines inside quoted fields', () => {
    const e = refusal(() => parseUnits(`${HEADER}\n"u\n1",a,0,1,1,1,1\nu2,a,yes,1,1,1,1\n`, design));
    expect(e.message).toBe('units line 4, column converted: must be 0 or 1, got "yes"');
    expect(refusal(() => parseUnits(`${HEADER}\nu1,a,0,1,1,1.5,1\n`, design)).message).toContain('line 2, column conversations: must be a whole number');
    expect(refusal(() => parseUnits(`${HEADER}\nu1,c,0,1,1,1,1\n`, design)).message).toContain('line 2, column variant: "c" is not one of');
    expect(refusal(() => parseUnits(`${HEADER}\nu1,a,0,1e16,1,1,1\n`, design)).message).toContain('column revenue: must be at most');
    expect(refusal(() => parseUnits(`${HEADER}\nu1,a,0,NaN,1,1,1\n`, design)).message).toContain('column revenue: must be a decimal');
    expect(refusal(() => parseUnits(`${HEADER}\nu1,a,0,1,1,1,1\nu1,b,0,1,1,1,1\n`, design)).message).toBe(
      'units line 3, column unit_id: "u1" already appeared on line 2',
    );
  });

  it('refuses a missing or doubled header column and ragged rows', () => {
    expect(refusal(() => parseUnits('unit_id,variant\nu1,a\n', design)).message).toContain('header is missing column converted, revenue');
    expect(refusal(() => parseUnits(`${HEADER},revenue\n`, design)).message).toContain('column revenue: appears twice');
    expect(refusal(() => parseUnits(`${HEADER}\nu1,a,0,1\n`, design)).message).toMatch(/^units line 2: /);
    expect(refusal(() => parseUnits('', design)).message).toContain('units line 1: is empty');
  });
});
