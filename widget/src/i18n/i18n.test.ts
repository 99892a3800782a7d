import { describe, expect, it } from 'vitest';
import { dictionaries, translator } from './index.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('Messenger dictionaries', () => {
  const en = dictionaries.en;
  for (const [locale, dict] of Object.entries(dictionaries)) {
    it(`${locale} has every key with the same placeholders, none empty`, () => {
      expect(Object.keys(dict).sort()).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(dict)) {
        expect(text.trim(), `${locale}.${key}`).not.toBe('');
        expect(placeholders(text), `${locale}.${key}`).toEqual(placeholders(en[key as keyof typeof en]));
      }
    });
  }

  it('fills placeholders', () => {
    expect(translator('ru')('typing', { name: 'Анна' })).toBe('Анна печатает…');
  });
});
