/**
 * Word segmentation and normalization. Text written without spaces (Han, Kana, Hangul) is split by
 * the platform (`Intl.Segmenter`, ICU's dictionary-based word breaker). Alphabetic scripts are
 * split on Unicode letter/number runs (apostrophes kept inside words): the same boundaries the
 * segmenter finds there, at a fraction of its cost, which matters because every search
 * re-tokenizes the hits it highlights. Every token keeps its offsets in the original text so
 * highlights can be placed on the raw string.
 */

export interface Token {
  /** Offsets in the original text. */
  start: number;
  end: number;
  /** NFKC, lower-cased, ё folded to е. */
  norm: string;
  /** Han/Kana/Hangul: no spaces between words, so these also get character bigrams. */
  cjk: boolean;
  /** Index of the run of adjacent CJK tokens this token belongs to (-1 for alphabetic tokens). */
  run: number;
}

const segmenters = new Map<string, Intl.Segmenter>();

function segmenterFor(locale: string): Intl.Segmenter {
  let s = segmenters.get(locale);
  if (!s) {
    // An unknown locale tag falls back to the root word breaker rather than failing.
    const supported = Intl.Segmenter.supportedLocalesOf([locale]);
    s = new Intl.Segmenter(supported[0] ?? 'und', { granularity: 'word' });
    segmenters.set(locale, s);
  }
  return s;
}

const CJK_CLASS = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
const WORDS = new RegExp(`([${CJK_CLASS}]+)|((?:(?![${CJK_CLASS}])[\\p{L}\\p{N}\\p{M}])+(?:['’](?:(?![${CJK_CLASS}])[\\p{L}\\p{N}\\p{M}])+)*)`, 'gu');
const WORDISH = /[\p{L}\p{N}]/u;

const ASCII = /^[ -~]*$/;

export function normalize(text: string): string {
  // ASCII is already in NFKC; most words of Latin-script articles take this path.
  if (ASCII.test(text)) return text.toLowerCase();
  return text.normalize('NFKC').toLowerCase().replace(/ё/g, 'е');
}

/**
 * `segmentCjk: false` returns each CJK run as one token (enough for bigrams and substring
 * highlighting, and much cheaper than the dictionary segmenter).
 */
export function tokenize(text: string, locale: string, segmentCjk = true): Token[] {
  const tokens: Token[] = [];
  let run = -1;
  for (const m of text.matchAll(WORDS)) {
    const start = m.index;
    if (m[2] !== undefined) {
      tokens.push({ start, end: start + m[2].length, norm: normalize(m[2]), cjk: false, run: -1 });
      continue;
    }
    run++;
    if (!segmentCjk) {
      tokens.push({ start, end: start + m[1]!.length, norm: normalize(m[1]!), cjk: true, run });
      continue;
    }
    for (const seg of segmenterFor(locale).segment(m[1]!)) {
      if (!WORDISH.test(seg.segment)) continue;
      const s = start + seg.index;
      tokens.push({ start: s, end: s + seg.segment.length, norm: normalize(seg.segment), cjk: true, run });
    }
  }
  return tokens;
}

/** Character bigrams of each run of adjacent CJK tokens, with the offset of their first character. */
export function cjkBigrams(text: string, tokens: Token[]): { gram: string; start: number; end: number }[] {
  const out: { gram: string; start: number; end: number }[] = [];
  let i = 0;
  while (i < tokens.length) {
    const first = tokens[i]!;
    if (!first.cjk) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < tokens.length && tokens[j + 1]!.run === first.run) j++;
    const chars = Array.from(text.slice(first.start, tokens[j]!.end));
    let offset = first.start;
    for (let k = 0; k + 1 < chars.length; k++) {
      const a = chars[k]!;
      const b = chars[k + 1]!;
      out.push({ gram: normalize(a + b), start: offset, end: offset + a.length + b.length });
      offset += a.length;
    }
    i = j + 1;
  }
  return out;
}
