import { LOCALES } from '../../contracts/messenger-constants.ts';
import { draftLocale } from '../knowledge/reply-draft.ts';
import { createSearchIndex } from '../knowledge/search/index.ts';

/**
 * Which feedback items a conversation resembles, by the Help Center's multilingual search (its
 * tokenizer, stems, CJK words and BM25F ranking) over the items' titles and descriptions.
 * Items carry no language of their own, so each is indexed under every locale, and the
 * customer's words are searched in the locale they are written in.
 */

export interface Candidate {
  id: string;
  title: string;
  description: string;
}

/** Customers describe a problem at length; a title matching a fifth of their words is a fair lead. */
const MIN_COVERAGE = 0.2;
export const SUGGESTIONS = 3;

export function suggestItems(
  items: Candidate[],
  text: string,
  locale: { contact: string | null; fallback: string },
): { id: string; score: number }[] {
  if (items.length === 0 || !text.trim()) return [];
  const index = createSearchIndex({ minCoverage: MIN_COVERAGE });
  for (const item of items) {
    for (const l of LOCALES) index.add({ id: item.id, locale: l, title: item.title, body: item.description });
  }
  const searchLocale = draftLocale([...LOCALES], locale.fallback, locale.contact, text);
  return index.search(text, { locale: searchLocale, fallback: false, limit: SUGGESTIONS }).map((h) => ({ id: h.id, score: h.score }));
}
