import { describe, expect, it } from 'vitest';
import { pickerDictionaries, pickerText } from './i18n.ts';

describe('picker words', () => {
  it('every locale has every key, and the selector goes into the message', () => {
    const keys = Object.keys(pickerDictionaries.en).sort();
    for (const [locale, dict] of Object.entries(pickerDictionaries)) expect(Object.keys(dict).sort(), locale).toEqual(keys);
    expect(pickerText('ru', 'picked', '#save')).toBe('Отправлено в конструктор: #save');
  });
});
