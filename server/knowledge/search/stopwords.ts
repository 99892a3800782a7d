import sw from 'stopword';
import { languageOf } from './stem.ts';

/**
 * Function words ("how", "my", "как", "我") from the maintained `stopword` package. They still
 * score, but they count neither for nor against how much of a query an article covers: a question
 * is not less answered because articles never say "my", and "how to bake a cake" is not answered
 * by an article that says "how". There is no Kazakh list in the package (nor another maintained
 * one on npm), so Kazakh queries rely on the coverage and specificity rules alone.
 */

const LISTS: Record<string, { words: string[]; script: RegExp }> = {
  en: { words: sw.eng, script: /\p{Script=Latin}/u },
  de: { words: sw.deu, script: /\p{Script=Latin}/u },
  fr: { words: sw.fra, script: /\p{Script=Latin}/u },
  es: { words: sw.spa, script: /\p{Script=Latin}/u },
  it: { words: sw.ita, script: /\p{Script=Latin}/u },
  pt: { words: sw.por, script: /\p{Script=Latin}/u },
  ru: { words: sw.rus, script: /\p{Script=Cyrillic}/u },
  uk: { words: sw.ukr, script: /\p{Script=Cyrillic}/u },
  zh: { words: sw.zho, script: /\p{Script=Han}/u },
};

const sets = new Map<string, Set<string>>();
const setOf = (lang: string) => {
  let s = sets.get(lang);
  if (!s) sets.set(lang, (s = new Set(LISTS[lang]!.words.map((w) => w.toLowerCase()))));
  return s;
};

/** Whether a normalized query word is a function word in the query's locale (or English, for Latin words). */
export function isStopword(locale: string, word: string): boolean {
  const lang = languageOf(locale);
  const own = LISTS[lang];
  if (own && own.script.test(word)) return setOf(lang).has(word);
  return /\p{Script=Latin}/u.test(word) && setOf('en').has(word);
}
