/**
 * Word segmentation and normalization. Segmentation comes from the platform (`Intl.Segmenter`,
 * ICU's dictionary-based word breaker, which also splits Chinese without spaces); every token
 * keeps its offsets in the original text so highlights can be placed on the raw string.
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

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const WORDISH = /[\p{L}\p{N}]/u;

export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/ё/g, 'е');
}

export function tokenize(text: string, locale: string): Token[] {
  const tokens: Token[] = [];
  let run = -1;
  let lastCjkEnd = -1;
  for (const seg of segmenterFor(locale).segment(text)) {
    const value = seg.segment;
    if (!WORDISH.test(value)) continue;
    const start = seg.index;
    const end = start + value.length;
    const cjk = CJK.test(value);
    if (cjk && start !== lastCjkEnd) run++;
    if (cjk) lastCjkEnd = end;
    tokens.push({ start, end, norm: normalize(value), cjk, run: cjk ? run : -1 });
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
