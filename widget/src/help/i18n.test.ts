import { describe, expect, it } from 'vitest';
import { helpDictionaries, helpTranslator } from './i18n.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('help space dictionaries', () => {
  const en = helpDictionaries.en;
  for (const [locale, dict] of Object.entries(helpDictionaries)) {
    it(`${locale} has every key with the same placeholders, none empty`, () => {
      expect(Object.keys(dict).sort()).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(dict)) {
        expect(text.trim(), `${locale}.${key}`).not.toBe('');
        expect(placeholders(text), `${locale}.${key}`).toEqual(placeholders(en[key as keyof typeof en]));
      }
    });
  }

  it('fills placeholders', () => {
    expect(helpTranslator('ru')('noResults', { query: 'пароль' })).toBe('По запросу «пароль» статей не найдено.');
  });
});
