import { describe, expect, it } from 'vitest';
import { pathMatches, suggestionsFor } from './match.ts';

describe('page patterns', () => {
  it('matches literal paths, ignoring a trailing slash', () => {
    expect(pathMatches('/settings/billing', '/settings/billing')).toBe(true);
    expect(pathMatches('/settings/billing', '/settings/billing/')).toBe(true);
    expect(pathMatches('/settings/billing/', '/settings/billing')).toBe(true);
    expect(pathMatches('/settings/billing', '/settings/billing/invoices')).toBe(false);
    expect(pathMatches('/settings', '/settings-old')).toBe(false);
    expect(pathMatches('/', '/')).toBe(true);
  });

  it('* is one segment, ** is anything', () => {
    expect(pathMatches('/projects/*/settings', '/projects/42/settings')).toBe(true);
    expect(pathMatches('/projects/*/settings', '/projects/42/x/settings')).toBe(false);
    expect(pathMatches('/projects/**', '/projects/42/x/settings')).toBe(true);
    expect(pathMatches('/projects/p-*', '/projects/p-7')).toBe(true);
  });

  it('treats regular-expression characters literally', () => {
    expect(pathMatches('/a.b', '/axb')).toBe(false);
    expect(pathMatches('/a.b', '/a.b')).toBe(true);
    expect(pathMatches('/(x+)+y', '/(x+)+y')).toBe(true);
  });

  it('collects the articles of every matching rule once, in order', () => {
    const rules = [
      { pattern: '/settings/**', articles: [{ id: 'a' }, { id: 'b' }] },
      { pattern: '/settings/billing', articles: [{ id: 'b' }, { id: 'c' }] },
      { pattern: '/other', articles: [{ id: 'd' }] },
    ];
    expect(suggestionsFor(rules, '/settings/billing').map((a) => a.id)).toEqual(['a', 'b', 'c']);
    expect(suggestionsFor(rules, '/nowhere')).toEqual([]);
  });
});
