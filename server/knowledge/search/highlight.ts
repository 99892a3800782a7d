import { BIGRAM } from './analyze.ts';
import { termOf } from './stem.ts';
import { cjkBigrams, tokenize } from './text.ts';

/**
 * Highlighted, HTML-escaped titles and snippets. A word is marked when its index term is one the
 * query matched (so "пароля" is marked for a query "пароль", and "password" for "pasword"); CJK
 * text is marked where a matched word or bigram occurs.
 */

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

export type Range = [start: number, end: number];

export function matchRanges(text: string, locale: string, matched: Set<string>): Range[] {
  const tokens = tokenize(text, locale, false);
  const cjkWords = [...matched].filter((t) => !t.startsWith(BIGRAM) && CJK.test(t));
  const ranges: Range[] = [];
  for (const tok of tokens) {
    if (!tok.cjk) {
      if (matched.has(termOf(locale, tok.norm).term)) ranges.push([tok.start, tok.end]);
      continue;
    }
    // NFKC leaves CJK ideographs' length unchanged, so offsets in the run's normal form hold.
    for (const w of cjkWords) {
      for (let at = tok.norm.indexOf(w); at !== -1; at = tok.norm.indexOf(w, at + w.length)) {
        ranges.push([tok.start + at, tok.start + at + w.length]);
      }
    }
  }
  for (const g of cjkBigrams(text, tokens)) if (matched.has(BIGRAM + g.gram)) ranges.push([g.start, g.end]);
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Range[] = [];
  for (const r of ranges) {
    const prev = merged[merged.length - 1];
    if (prev && r[0] <= prev[1]) prev[1] = Math.max(prev[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** text[from, to) escaped, with the ranges inside it wrapped in <mark>. */
export function markup(text: string, ranges: Range[], from = 0, to = text.length): string {
  let out = '';
  let at = from;
  for (const [s, e] of ranges) {
    if (e <= from || s >= to) continue;
    const start = Math.max(s, from);
    const end = Math.min(e, to);
    out += `${escapeHtml(text.slice(at, start))}<mark>${escapeHtml(text.slice(start, end))}</mark>`;
    at = end;
  }
  return out + escapeHtml(text.slice(at, to));
}

const LEAD = 30;

/** The window of at most `max` characters holding the most matches, cut at spaces where there are any. */
export function snippet(text: string, ranges: Range[], max = 180): string {
  const flat = text.replace(/\s+/g, ' ');
  // Collapsing whitespace keeps one character per run, so offsets shift: recompute on the flat text.
  const shifted = flat === text ? ranges : remap(text, ranges);
  let best = 0;
  let bestCount = -1;
  shifted.forEach(([s], i) => {
    let count = 0;
    for (let j = i; j < shifted.length && shifted[j]![1] <= s + max - LEAD; j++) count++;
    if (count > bestCount) {
      bestCount = count;
      best = s;
    }
  });
  let from = Math.max(0, best - LEAD);
  if (from > 0) {
    const space = flat.indexOf(' ', from);
    if (space !== -1 && space < best) from = space + 1;
  }
  let to = Math.min(flat.length, from + max);
  if (to < flat.length) {
    const space = flat.lastIndexOf(' ', to);
    if (space > from + max / 2) to = space;
  }
  return `${from > 0 ? '…' : ''}${markup(flat, shifted, from, to).trim()}${to < flat.length ? '…' : ''}`;
}

function remap(text: string, ranges: Range[]): Range[] {
  const map = new Int32Array(text.length + 1);
  let j = 0;
  let inSpace = false;
  for (let i = 0; i < text.length; i++) {
    map[i] = j;
    const space = /\s/.test(text[i]!);
    if (!space || !inSpace) j++;
    inSpace = space;
  }
  map[text.length] = j;
  return ranges.map(([s, e]) => [map[s]!, map[e]!]);
}
