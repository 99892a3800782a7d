import { termOf } from './stem.ts';
import { isStopword } from './stopwords.ts';
import { cjkBigrams, tokenize } from './text.ts';

/**
 * Turns text into index terms. Alphabetic words become their stem; CJK text becomes the words ICU
 * finds plus the character bigrams of each run, because a dictionary segmenter can cut the same
 * phrase differently in a query and in an article (and misses product words), while bigrams of
 * both always meet. Bigram terms carry a prefix so they never collide with a two-character word.
 */

export const BIGRAM = '\u0002';

export interface FieldTerms {
  /** term → occurrences */
  terms: Map<string, number>;
  length: number;
  /** normalized alphabetic word → its term, for prefix/typo/inflection matching at query time */
  words: Map<string, string>;
}

export function analyzeField(text: string, locale: string): FieldTerms {
  const terms = new Map<string, number>();
  const words = new Map<string, string>();
  const tokens = tokenize(text, locale);
  let length = 0;
  const bump = (t: string) => {
    terms.set(t, (terms.get(t) ?? 0) + 1);
    length++;
  };
  for (const tok of tokens) {
    if (tok.cjk) {
      bump(tok.norm);
      continue;
    }
    const { term } = termOf(locale, tok.norm);
    words.set(tok.norm, term);
    bump(term);
  }
  for (const g of cjkBigrams(text, tokens)) bump(BIGRAM + g.gram);
  return { terms, length, words };
}

export interface QueryUnit {
  /** normalized word as typed */
  surface: string;
  /** its index term (stem, or the word itself) */
  term: string;
  /** false when the language has no stemmer: then inflections are matched by shared prefix */
  stemmed: boolean;
  cjk: boolean;
  /** for a CJK word: its own character bigrams (all present in an article ⇒ the word is there) */
  bigrams: string[];
  /** the last word typed, which may still be incomplete */
  last: boolean;
  /** a function word: scored, but not part of the query's coverage */
  stop: boolean;
}

export interface AnalyzedQuery {
  units: QueryUnit[];
  /** every character bigram of the query's CJK runs, including those across word boundaries */
  bigrams: string[];
}

export function analyzeQuery(query: string, locale: string): AnalyzedQuery {
  const tokens = tokenize(query, locale);
  const units: QueryUnit[] = [];
  const seen = new Set<string>();
  const push = (unit: QueryUnit) => {
    if (seen.has(unit.term)) return;
    seen.add(unit.term);
    units.push(unit);
  };
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (!tok.cjk) {
      const last = i === tokens.length - 1 && !/[\s\p{P}]$/u.test(query);
      const { term, stemmed } = termOf(locale, tok.norm);
      push({ surface: tok.norm, term, stemmed, cjk: false, bigrams: [], last, stop: isStopword(locale, tok.norm) });
      continue;
    }
    // Adjacent single characters are where the dictionary found no word (重|置 for 重置): keep
    // them together as one unit, matched through its bigrams.
    let surface = tok.norm;
    while ([...surface].length === 1 || [...tokens[i]!.norm].length === 1) {
      const next = tokens[i + 1];
      if (!next || next.run !== tok.run || [...next.norm].length !== 1 || [...tokens[i]!.norm].length !== 1) break;
      surface += next.norm;
      i++;
    }
    const chars = Array.from(surface);
    const bigrams = chars.slice(1).map((c, k) => BIGRAM + chars[k]! + c);
    push({ surface, term: surface, stemmed: true, cjk: true, bigrams, last: false, stop: isStopword(locale, surface) });
  }
  const bigrams = [...new Set(cjkBigrams(query, tokens).map((g) => BIGRAM + g.gram))];
  return { units, bigrams };
}
