import { describe, expect, it } from 'vitest';
import { guidesDictionaries, guidesTranslator } from './guides-i18n.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('tour, checklist and survey dictionaries', () => {
  const en = guidesDictionaries.en;
  for (const [locale, dict] of Object.entries(guidesDictionaries)) {
    it(`${locale} has every key with the same placeholders, none empty`, () => {
      expect(Object.keys(dict).sort()).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(dict)) {
        expect(text.trim(), `${locale}.${key}`).not.toBe('');
        expect(placeholders(text), `${locale}.${key}`).toEqual(placeholders(en[key as keyof typeof en]));
      }
    });
  }

  it('fills placeholders and falls back to English', () => {
    expect(guidesTranslator('ru')('progress', { n: 2, total: 3 })).toBe('Вопрос 2 из 3');
    expect(guidesTranslator('de')('next')).toBe('Next');
  });
});
