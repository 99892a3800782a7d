import { BIGRAM, analyzeField, analyzeQuery } from '../../knowledge/search/analyze.ts';
import { tokenize } from '../../knowledge/search/text.ts';

/**
 * Conversation search reuses the Help Center's text analysis (knowledge/search, pure functions):
 * stems for alphabetic words, ICU words plus character bigrams for Chinese, which needs no
 * spaces. Messages have no reliable language, so one analysis locale is used on both sides:
 * Latin words get the English stemmer and Cyrillic words the Russian one (стемминг: оплату →
 * оплат). Kazakh has no stemmer, so every word is also stored raw and a query word matches raw
 * words sharing a stem-long prefix (кітап → кітабы), as the Help Center's inflection matching
 * does; the last word typed matches as a prefix too.
 */
const LOCALE = 'en';
/** A raw (unstemmed) word. */
export const RAW = '\u0001';
/** A single CJK character, for one-character queries. */
export const CHAR = '\u0003';
const CYRILLIC = /\p{Script=Cyrillic}/u;

export function documentTerms(text: string): string[] {
  const out = new Set<string>(analyzeField(text, LOCALE).terms.keys());
  for (const tok of tokenize(text, LOCALE, false)) {
    if (tok.cjk) for (const ch of tok.norm) out.add(CHAR + ch);
    else out.add(RAW + tok.norm);
  }
  return [...out].filter((t) => t.length <= 200);
}

/** One word of a query: matched when any of `terms` is there, or a raw word starts with `prefix`. */
export interface QueryClause {
  anyOf: string[];
  prefix: string | null;
}

/** Every clause must match (AND); an empty list means the query has no searchable word. */
export function queryClauses(query: string): QueryClause[] {
  const { units } = analyzeQuery(query, LOCALE);
  const content = units.filter((u) => !u.stop);
  const clauses: QueryClause[] = [];
  for (const u of content.length > 0 ? content : units) {
    if (u.cjk) {
      const chars = [...u.surface];
      if (u.bigrams.length > 0) for (const b of u.bigrams) clauses.push({ anyOf: [b], prefix: null });
      else clauses.push({ anyOf: [CHAR + chars[0]!], prefix: null });
      continue;
    }
    const chars = [...u.surface];
    let prefix: string | null = u.last ? u.surface : null;
    if (CYRILLIC.test(u.surface) && chars.length >= 3) {
      const stemLong = chars.slice(0, Math.max(3, Math.ceil(chars.length * 0.6))).join('');
      prefix = prefix === null || stemLong.length < prefix.length ? stemLong : prefix;
    }
    clauses.push({ anyOf: [u.term, RAW + u.surface], prefix: prefix === null ? null : RAW + prefix });
  }
  return clauses;
}

export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);
export { BIGRAM };
