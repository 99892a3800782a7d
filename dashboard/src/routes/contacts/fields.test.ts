import { describe, expect, it } from 'vitest';
import { needsValue, opsFor, parseFilters } from './fields.ts';

describe('contact list filters', () => {
  it('reads a filter from the URL and drops anything malformed', () => {
    expect(parseFilters('[{"field":"attributes.plan","op":"eq","value":"pro"}]')).toEqual([
      { field: 'attributes.plan', op: 'eq', value: 'pro' },
    ]);
    expect(parseFilters('[{"field":1},{"op":"eq"},null]')).toEqual([]);
    expect(parseFilters('{not json')).toEqual([]);
    expect(parseFilters('{"field":"a","op":"eq"}')).toEqual([]);
    expect(parseFilters(null)).toEqual([]);
  });

  it('offers only the conditions that make sense for a type', () => {
    expect(opsFor('boolean')).not.toContain('gt');
    expect(opsFor('string')).toContain('contains');
    expect(opsFor('number')).not.toContain('contains');
    expect(needsValue('exists')).toBe(false);
    expect(needsValue('gte')).toBe(true);
  });
});
