import { describe, expect, it } from 'vitest';
import { analyzeField, analyzeQuery, BIGRAM } from './analyze.ts';
import { termOf } from './stem.ts';
import { cjkBigrams, normalize, tokenize } from './text.ts';
import { boundedDistance, Vocabulary } from './vocabulary.ts';

describe('segmentation', () => {
  it('splits Chinese without spaces with Intl.Segmenter and keeps offsets in the original text', () => {
    const text = '导出数据 and API 发票';
    const tokens = tokenize(text, 'zh-Hans');
    expect(tokens.map((t) => t.norm)).toEqual(['导出', '数据', 'and', 'api', '发票']);
    for (const t of tokens) expect(normalize(text.slice(t.start, t.end))).toBe(t.norm);
    expect(tokens.filter((t) => t.cjk).map((t) => t.run)).toEqual([0, 0, 1]);
  });

  it('makes character bigrams within each CJK run only', () => {
    const text = '重置密码，API密钥';
    expect(cjkBigrams(text, tokenize(text, 'zh-Hans')).map((g) => g.gram)).toEqual(['重置', '置密', '密码', '密钥']);
  });

  it('normalizes width, case and ё', () => {
    expect(normalize('ＡＰＩ Счёт')).toBe('api счет');
  });

  it('keeps adjacent single characters the segmenter could not join as one query unit', () => {
    const q = analyzeQuery('如何重置密码', 'zh-Hans');
    expect(q.units.map((u) => u.surface)).toContain('重置');
    expect(q.units.find((u) => u.surface === '重置')?.bigrams).toEqual([`${BIGRAM}重置`]);
  });
});

describe('stemming', () => {
  it('uses the Snowball stemmers for English and Russian, by the script of each word', () => {
    expect(termOf('ru', 'сбросить').term).toBe(termOf('ru', 'сброс').term);
    expect(termOf('ru', 'пароля').term).toBe(termOf('ru', 'пароль').term);
    expect(termOf('en', 'invoices').term).toBe(termOf('en', 'invoice').term);
    expect(termOf('zh-Hans', 'invoices').term).toBe(termOf('en', 'invoices').term);
  });

  it('leaves Kazakh unstemmed (no maintained stemmer exists) and never applies Russian rules to it', () => {
    expect(termOf('kk', 'сөзді')).toEqual({ term: 'сөзді', stemmed: false });
    expect(analyzeQuery('құпия сөзімді', 'kk').units.every((u) => !u.stemmed)).toBe(true);
  });

  it('indexes fields as stems and bigrams with their counts', () => {
    const f = analyzeField('Passwords and password resets', 'en');
    expect(f.terms.get('password')).toBe(2);
    expect(f.words.get('passwords')).toBe('password');
    expect(analyzeField('导出数据', 'zh-Hans').terms.get(`${BIGRAM}出数`)).toBe(1);
  });
});

describe('vocabulary', () => {
  const v = new Vocabulary();
  for (const w of ['password', 'passwords', 'invoice', 'invoices', 'into', 'сөз', 'сөзді', 'қалпына', 'кітап', 'кітабы']) v.add(w, w);

  it('bounded edit distance counts insertions, deletions, substitutions and swaps', () => {
    expect(boundedDistance([...'pasword'], [...'password'], 2)).toBe(1);
    expect(boundedDistance([...'pasword'], [...'psaword'], 2)).toBe(1);
    expect(boundedDistance([...'abc'], [...'xyz'], 1)).toBe(2);
  });

  it('corrects typos through the deletion index', () => {
    expect(v.typos('pasword', 1).map((e) => e.word)).toContain('password');
    expect(v.typos('passowrd', 1).map((e) => e.word)).toContain('password');
    expect(v.typos('paswordd', 2).map((e) => e.word)).toContain('password');
    expect(v.typos('zzzzzz', 1)).toEqual([]);
  });

  it('completes prefixes', () => {
    expect(v.completions('invo').map((e) => e.word).sort()).toEqual(['invoice', 'invoices']);
  });

  it('matches inflections sharing a stem-long prefix, not words sharing a short one', () => {
    expect(v.inflections('сөзімді').map((e) => e.word)).toContain('сөзді');
    expect(v.inflections('кітап').map((e) => e.word)).toContain('кітабы');
    expect(v.inflections('сөйлесу').map((e) => e.word)).not.toContain('сөз');
    const [near] = v.inflections('сөздің');
    expect(near?.word).toBe('сөзді');
    expect(near?.weight).toBeLessThan(1);
  });

  it('forgets words when their last document goes', () => {
    const w = new Vocabulary();
    w.add('webhook', 'webhook');
    w.add('webhook', 'webhook');
    w.remove('webhook');
    expect(w.has('webhook')).toBe(true);
    w.remove('webhook');
    expect(w.has('webhook')).toBe(false);
    expect(w.completions('web')).toEqual([]);
  });
});
