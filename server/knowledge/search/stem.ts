import { stemmer as english } from '@orama/stemmers/english';
import { stemmer as french } from '@orama/stemmers/french';
import { stemmer as german } from '@orama/stemmers/german';
import { stemmer as italian } from '@orama/stemmers/italian';
import { stemmer as portuguese } from '@orama/stemmers/portuguese';
import { stemmer as russian } from '@orama/stemmers/russian';
import { stemmer as spanish } from '@orama/stemmers/spanish';
import { stemmer as ukrainian } from '@orama/stemmers/ukrainian';

/**
 * Stemming comes from the Snowball algorithms as packaged by `@orama/stemmers` (maintained with
 * Orama, Node >= 20). There is no maintained Kazakh stemmer on npm (and no Snowball Kazakh
 * algorithm), so Kazakh words are indexed unstemmed and matched at query time by shared prefix
 * (see vocabulary.ts `morphological`): Kazakh is strictly suffixing, so inflected forms of one
 * word share its stem as a prefix, up to a consonant change at the stem's end (кітап → кітабы).
 * The same applies to any other language without a stemmer here.
 */

type Stemmer = (word: string) => string;

const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /\p{Script=Latin}/u;

const BY_LANGUAGE: Record<string, { stem: Stemmer; script: RegExp }> = {
  en: { stem: english, script: LATIN },
  de: { stem: german, script: LATIN },
  fr: { stem: french, script: LATIN },
  es: { stem: spanish, script: LATIN },
  it: { stem: italian, script: LATIN },
  pt: { stem: portuguese, script: LATIN },
  ru: { stem: russian, script: CYRILLIC },
  uk: { stem: ukrainian, script: CYRILLIC },
};

/** Languages written in Cyrillic that have no stemmer: their Cyrillic words must not get Russian rules. */
const UNSTEMMED_CYRILLIC = new Set(['kk', 'ky', 'tt', 'ba', 'mn', 'be', 'bg', 'sr', 'mk']);

export function languageOf(locale: string): string {
  return locale.split(/[-_]/)[0]!.toLowerCase();
}

/**
 * The stemmer for a word in a document or query of `locale`, or null when the word is matched by
 * prefix instead. Words in another script than the locale's (English product names in a Chinese
 * article, Russian words in an English one) get the stemmer of that script's main language here.
 */
export function stemmerFor(locale: string, word: string): Stemmer | null {
  const lang = languageOf(locale);
  const own = BY_LANGUAGE[lang];
  if (own && own.script.test(word)) return own.stem;
  if (LATIN.test(word)) return english;
  if (CYRILLIC.test(word)) return UNSTEMMED_CYRILLIC.has(lang) ? null : russian;
  return null;
}

const caches = new Map<Stemmer, Map<string, string>>();
const CACHE_LIMIT = 100_000;

/** The index term of a normalized alphabetic word: its stem, or the word itself when unstemmed. */
export function termOf(locale: string, word: string): { term: string; stemmed: boolean } {
  const stem = stemmerFor(locale, word);
  if (!stem) return { term: word, stemmed: false };
  let cache = caches.get(stem);
  if (!cache) caches.set(stem, (cache = new Map()));
  let term = cache.get(word);
  if (term === undefined) {
    term = stem(word);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(word, term);
  }
  return { term, stemmed: true };
}
