import { describe, expect, it } from 'vitest';
import { DEFAULT_HELP_LOCALES } from '../../../contracts/knowledge.ts';
import { languageName, MESSAGES, translator } from './messages.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('Help Center page chrome', () => {
  it('ships the five default locales', () => {
    expect(Object.keys(MESSAGES).sort()).toEqual([...DEFAULT_HELP_LOCALES].sort());
  });

  for (const locale of DEFAULT_HELP_LOCALES.filter((l) => l !== 'en')) {
    it(`${locale} has exactly the keys and placeholders of English, translated`, () => {
      const en = MESSAGES.en!;
      const other = MESSAGES[locale]!;
      expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(en)) {
        const theirs = other[key as keyof typeof en];
        expect(theirs.length, key).toBeGreaterThan(0);
        expect(placeholders(theirs), `${locale}:${key}`).toEqual(placeholders(text));
        if (text.includes(' ')) expect(theirs, `${locale}:${key} is a copy of English`).not.toBe(text);
      }
    });
  }

  it('fills placeholders and gives English chrome to other configured locales', () => {
    expect(translator('ru')('searchResults', { q: 'пароль', count: 2 })).toBe('Результаты по запросу «пароль»: 2');
    expect(translator('de')('searchButton')).toBe('Search');
    expect(languageName('kk')).toBe('Қазақша');
    expect(languageName('de')).toBe('Deutsch');
  });
});
