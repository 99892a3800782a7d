import { describe, expect, it } from 'vitest';
import { completeRule, segmentFields } from './rules.ts';

describe('segment rule helpers', () => {
  it('drops conditions still being filled in, at every depth', () => {
    const rule = completeRule({
      type: 'group',
      match: 'all',
      conditions: [
        { type: 'field', field: 'email', op: 'contains', value: '' },
        { type: 'field', field: 'email', op: 'exists' },
        { type: 'event', event: ' ', op: 'did' },
        {
          type: 'group',
          match: 'any',
          conditions: [
            { type: 'field', field: 'signed_up_at', op: 'within_last_days', value: 7 },
            { type: 'field', field: 'name', op: 'eq', value: '' },
          ],
        },
      ],
    });
    expect(rule).toEqual({
      type: 'group',
      match: 'all',
      conditions: [
        { type: 'field', field: 'email', op: 'exists' },
        { type: 'group', match: 'any', conditions: [{ type: 'field', field: 'signed_up_at', op: 'within_last_days', value: 7 }] },
      ],
    });
  });

  it('offers company fields to people segments, prefixed, and only company fields to company segments', () => {
    const defs = [{ id: 'x', target: 'company' as const, key: 'source', label: 'Source', type: 'string' as const, description: null, created_at: '' }];
    const people = segmentFields('contact', defs, (f) => `Company · ${f.custom ? f.label : f.label.toUpperCase()}`);
    expect(people.map((f) => f.value)).toContain('company.attributes.source');
    expect(people.find((f) => f.value === 'company.attributes.source')?.label).toBe('Company · Source');
    expect(people.find((f) => f.value === 'company.plan')).toMatchObject({ label: 'Company · COMPANIES.FIELDS.PLAN', custom: true });
    const companies = segmentFields('company', defs, (f) => f.label);
    expect(companies.map((f) => f.value)).toContain('attributes.source');
    expect(companies.some((f) => f.value.startsWith('company.'))).toBe(false);
  });
});
