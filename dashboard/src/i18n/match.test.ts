import { describe, expect, it } from 'vitest';
import { matchLocale } from './index.ts';

describe('browser language → dashboard locale', () => {
  it.each([
    ['en-US', 'en'],
    ['zh-CN', 'zh-Hans'],
    ['zh', 'zh-Hans'],
    ['zh-Hans-SG', 'zh-Hans'],
    ['zh-TW', 'zh-Hant'],
    ['zh-HK', 'zh-Hant'],
    ['zh-Hant', 'zh-Hant'],
    ['ru-RU', 'ru'],
    ['kk-KZ', 'kk'],
    ['de-DE', null],
  ])('%s → %s', (tag, locale) => {
    expect(matchLocale(tag)).toBe(locale);
  });
});
