import { analyzeQuery, type AnalyzedQuery } from './analyze.ts';
import { matchRanges, markup, snippet } from './highlight.ts';
import { Partition, type SearchDocument } from './partition.ts';
import { languageOf } from './stem.ts';

export type { SearchDocument } from './partition.ts';

/**
 * Baton's article search: pure, in memory, multilingual. Articles are indexed per locale; a search
 * ranks the reader's locale first and, when that gives fewer hits than asked for, falls back to
 * other locales (at a discount) for articles with no matching translation in it. Articles covering too little of the query are dropped, so a
 * query with no good answer returns nothing instead of noise.
 */

export interface SearchOptions {
  /** the reader's locale, e.g. "ru" or "zh-Hant" */
  locale: string;
  limit?: number;
  /** other locales to fall back to: true (default) = all, false = none, or a list */
  fallback?: boolean | string[];
}

export interface SearchHit {
  id: string;
  locale: string;
  score: number;
  /** the title, HTML-escaped, matched words in <mark> */
  titleHighlight: string;
  /** a passage of the body, HTML-escaped, matched words in <mark> */
  snippet: string;
}

export interface SearchIndexOptions {
  /** share of the query's information (IDF-weighted words) an article must match */
  minCoverage?: number;
  /** hits scoring below this share of the best hit are dropped */
  relativeCutoff?: number;
  /** score multiplier for articles found in another locale than the reader's */
  fallbackWeight?: number;
}

export interface SearchIndex {
  /** Adds a translation, replacing one with the same id and locale. */
  add(doc: SearchDocument): void;
  update(doc: SearchDocument): void;
  /** Removes one translation, or every translation of the article when no locale is given. */
  remove(id: string, locale?: string): boolean;
  search(query: string, options: SearchOptions): SearchHit[];
  readonly size: number;
}

const DEFAULTS: Required<SearchIndexOptions> = { minCoverage: 0.3, relativeCutoff: 0.25, fallbackWeight: 0.5 };

export function createSearchIndex(options: SearchIndexOptions = {}): SearchIndex {
  const config = { ...DEFAULTS, ...options };
  const partitions = new Map<string, Partition>();

  const partition = (locale: string) => {
    let p = partitions.get(locale);
    if (!p) partitions.set(locale, (p = new Partition(locale)));
    return p;
  };

  const upsert = (doc: SearchDocument) => partition(doc.locale).upsert(doc);

  /** Partitions in the reader's locale (exactly, else by language), then the fallbacks. */
  const plan = (opts: SearchOptions): { p: Partition; weight: number }[] => {
    let own = [...partitions.values()].filter((p) => p.locale === opts.locale);
    if (own.length === 0) own = [...partitions.values()].filter((p) => languageOf(p.locale) === languageOf(opts.locale));
    const fb = opts.fallback ?? true;
    const others = fb === false ? [] : [...partitions.values()].filter((p) => !own.includes(p) && (fb === true || fb.includes(p.locale)));
    return [...own.map((p) => ({ p, weight: 1 })), ...others.map((p) => ({ p, weight: config.fallbackWeight }))];
  };

  return {
    add: upsert,
    update: upsert,
    remove(id, locale) {
      if (locale !== undefined) return partitions.get(locale)?.remove(id) ?? false;
      let removed = false;
      for (const p of partitions.values()) removed = p.remove(id) || removed;
      return removed;
    },
    get size() {
      let n = 0;
      for (const p of partitions.values()) n += p.size;
      return n;
    },
    search(query, opts) {
      const limit = Math.max(1, Math.min(opts.limit ?? 10, 100));
      const analyzed = new Map<string, AnalyzedQuery>();
      const best = new Map<string, { doc: SearchDocument; score: number; matched: Set<string> }>();
      for (const { p, weight } of plan(opts)) {
        // Other locales only fill in when the reader's own has fewer answers than asked for.
        if (weight < 1 && best.size >= limit) break;
        const lang = languageOf(p.locale);
        let q = analyzed.get(lang);
        if (!q) analyzed.set(lang, (q = analyzeQuery(query, p.locale)));
        const { candidates, matched } = p.search(q, { minCoverage: config.minCoverage, relativeCutoff: config.relativeCutoff, limit, lenient: weight === 1 });
        for (const c of candidates) {
          const score = c.score * weight;
          const prev = best.get(c.doc.id);
          if (!prev || score > prev.score) best.set(c.doc.id, { doc: c.doc, score, matched: matched.terms });
        }
      }
      const ranked = [...best.values()].sort((a, b) => b.score - a.score);
      const top = ranked[0]?.score ?? 0;
      return ranked
        .filter((h) => h.score >= top * config.relativeCutoff)
        .slice(0, limit)
        .map(({ doc, score, matched }) => ({
          id: doc.id,
          locale: doc.locale,
          score: Math.round(score * 1000) / 1000,
          titleHighlight: markup(doc.title, matchRanges(doc.title, doc.locale, matched)),
          snippet: snippet(doc.body, matchRanges(doc.body, doc.locale, matched)),
        }));
    },
  };
}
