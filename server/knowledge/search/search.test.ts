import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSearchIndex, type SearchIndex } from './index.ts';

/** The labeled articles of the bench (five locales, translations share an id). */
function relevanceIndex(): SearchIndex {
  const rel = JSON.parse(fs.readFileSync(new URL('../../../bench/data/search-relevance.json', import.meta.url), 'utf8')) as {
    locales: string[];
    articles: { id: string; collection: string; translations: Record<string, { title: string; body: string }> }[];
  };
  const index = createSearchIndex();
  for (const a of rel.articles) {
    for (const locale of rel.locales) index.add({ id: a.id, locale, collection: a.collection, ...a.translations[locale]! });
  }
  return index;
}

const index = relevanceIndex();
const top = (query: string, locale: string, fallback = false) => index.search(query, { locale, limit: 3, fallback })[0];

describe('search relevance per locale', () => {
  it('Russian: an inflected query finds the article in another form ("как сбросить пароль" → "Сброс … пароля")', () => {
    const hit = top('как сбросить пароль', 'ru');
    expect(hit?.id).toBe('reset-password');
    expect(hit?.titleHighlight).toBe('<mark>Сброс</mark> забытого <mark>пароля</mark>');
  });

  it('English: tolerates a typo ("pasword") and completes a prefix ("invo")', () => {
    expect(index.search('pasword', { locale: 'en', limit: 3 }).map((h) => h.id)).toContain('reset-password');
    const invo = top('invo', 'en');
    expect(invo?.id).toBe('invoices');
    expect(invo?.titleHighlight).toContain('<mark>invoices</mark>');
  });

  it('Simplified Chinese without spaces, also where the segmenter splits a word (重|置)', () => {
    expect(top('下载发票', 'zh-Hans')?.id).toBe('invoices');
    const hit = top('如何重置密码', 'zh-Hans');
    expect(hit?.id).toBe('reset-password');
    expect(hit?.titleHighlight).toBe('<mark>重置</mark>忘记的<mark>密码</mark>');
  });

  it('Traditional Chinese', () => {
    expect(top('匯出資料', 'zh-Hant')?.id).toBe('export-data');
    expect(top('稽核記錄', 'zh-Hant')?.id).toBe('audit-log');
  });

  it('Kazakh: inflected forms match by shared stem (құпия сөзімді → құпия сөзді)', () => {
    expect(top('құпия сөзімді ұмыттым', 'kk')?.id).toBe('reset-password');
    expect(top('жазылымды тоқтату', 'kk')?.id).toBe('cancel-subscription');
  });

  it('returns nothing for queries with no good answer', () => {
    expect(index.search('flurbo quantum zzyzx', { locale: 'en' })).toEqual([]);
    expect(index.search('how to bake a chocolate cake', { locale: 'en' })).toEqual([]);
    expect(index.search('рецепт борща', { locale: 'ru' })).toEqual([]);
    expect(index.search('', { locale: 'en' })).toEqual([]);
  });

  it('weighs the title over the body', () => {
    // "Slack" is the title of one article and appears in no other; "channel" is only in a body.
    const hits = index.search('slack', { locale: 'en' });
    expect(hits[0]?.id).toBe('slack');
  });
});

describe('locales', () => {
  it("prefers the reader's locale and falls back to others for articles missing there", () => {
    const ix = createSearchIndex();
    ix.add({ id: 'a', locale: 'en', title: 'Export contacts', body: 'Download contacts as CSV.' });
    ix.add({ id: 'a', locale: 'ru', title: 'Экспорт контактов', body: 'Скачайте контакты в CSV.' });
    ix.add({ id: 'b', locale: 'en', title: 'Export conversations', body: 'Download conversations as CSV.' });
    // An English query from a Russian reader: nothing matches in Russian, so English answers.
    const hits = ix.search('export', { locale: 'ru' });
    expect(hits.map((h) => `${h.id}:${h.locale}`).sort()).toEqual(['a:en', 'b:en']);
    expect(ix.search('экспорт', { locale: 'ru' }).map((h) => `${h.id}:${h.locale}`)).toEqual(['a:ru']);
    expect(ix.search('export', { locale: 'ru', fallback: false })).toEqual([]);
  });

  it('update replaces and remove deletes a translation', () => {
    const ix = createSearchIndex();
    ix.add({ id: 'a', locale: 'en', title: 'Webhooks', body: 'Receive events.' });
    ix.update({ id: 'a', locale: 'en', title: 'Signed deliveries', body: 'Verify signatures.' });
    expect(ix.search('webhooks', { locale: 'en' })).toEqual([]);
    expect(ix.search('signatures', { locale: 'en' })[0]?.id).toBe('a');
    expect(ix.remove('a', 'en')).toBe(true);
    expect(ix.size).toBe(0);
    expect(ix.search('signatures', { locale: 'en' })).toEqual([]);
  });
});

describe('snippets', () => {
  it('are HTML-escaped with matches in <mark>, and cut around the matches', () => {
    const ix = createSearchIndex();
    const filler = 'Lorem ipsum dolor sit amet. '.repeat(20);
    ix.add({ id: 'x', locale: 'en', title: '<script>alert(1)</script> tokens', body: `${filler}Rotate the <b>token</b> & keep it secret. ${filler}` });
    const [hit] = ix.search('token', { locale: 'en' });
    expect(hit?.titleHighlight).toBe('&lt;script&gt;alert(1)&lt;/script&gt; <mark>tokens</mark>');
    expect(hit?.snippet).toContain('&lt;b&gt;<mark>token</mark>&lt;/b&gt; &amp; keep it secret');
    expect(hit?.snippet.startsWith('…')).toBe(true);
    expect(hit?.snippet.length).toBeLessThan(260);
  });
});
