/**
 * The alphabetic words of one locale's articles, for matching what a reader types against what the
 * articles say: completions of an unfinished word ("invo" → invoice), bounded-edit-distance typo
 * correction ("pasword" → password) and, for languages without a stemmer, inflected forms that
 * share the word's stem as a prefix (Kazakh: сөз → сөзді, кітап → кітабы).
 */

export interface Expansion {
  word: string;
  /** the index term of the word */
  term: string;
  /** how much a match on this word counts against a match on the word as typed (1) */
  weight: number;
}

const MAX_COMPLETIONS = 30;

export class Vocabulary {
  /** word → its index term and the number of documents containing it */
  private docs = new Map<string, { term: string; n: number }>();
  private sorted: string[] | null = null;
  private deletes: Map<string, string[]> | null = null;

  add(word: string, term: string): void {
    const entry = this.docs.get(word);
    if (entry) entry.n++;
    else {
      this.docs.set(word, { term, n: 1 });
      this.invalidate();
    }
  }

  remove(word: string): void {
    const entry = this.docs.get(word);
    if (!entry) return;
    if (--entry.n === 0) {
      this.docs.delete(word);
      this.invalidate();
    }
  }

  has(word: string): boolean {
    return this.docs.has(word);
  }

  private expansion(word: string, weight: number): Expansion {
    return { word, term: this.docs.get(word)!.term, weight };
  }

  private invalidate(): void {
    this.sorted = null;
    this.deletes = null;
  }

  private sortedWords(): string[] {
    this.sorted ??= [...this.docs.keys()].sort();
    return this.sorted;
  }

  /** Words starting with `prefix` (other than itself), most frequent first. */
  completions(prefix: string): Expansion[] {
    const words = this.sortedWords();
    const found: string[] = [];
    for (let i = lowerBound(words, prefix); i < words.length && words[i]!.startsWith(prefix); i++) {
      if (words[i] !== prefix) found.push(words[i]!);
    }
    const qlen = [...prefix].length;
    return found
      .sort((a, b) => this.docs.get(b)!.n - this.docs.get(a)!.n || a.length - b.length)
      .slice(0, MAX_COMPLETIONS)
      .map((word) => this.expansion(word, 0.5 + (0.4 * qlen) / [...word].length));
  }

  /**
   * Words within `maxDistance` edits (insert, delete, substitute, swap adjacent) of `word`.
   * Candidates come from a deletion index (SymSpell): every word is filed under itself and each
   * of its one-character deletions, and the query's deletions are looked up in it, so no scan of
   * the vocabulary is needed; each candidate is then verified with the real distance. This finds
   * every word one edit away and most words two edits away.
   */
  typos(word: string, maxDistance: number): Expansion[] {
    const deletes = this.deletionIndex();
    const candidates = new Set<string>();
    for (const variant of deletions(word, maxDistance)) for (const w of deletes.get(variant) ?? []) candidates.add(w);
    const q = [...word];
    const out: Expansion[] = [];
    for (const w of candidates) {
      if (w === word) continue;
      const d = boundedDistance(q, [...w], maxDistance);
      if (d <= maxDistance) out.push(this.expansion(w, d === 1 ? 0.75 : 0.55));
    }
    return out;
  }

  private deletionIndex(): Map<string, string[]> {
    if (!this.deletes) {
      const index = new Map<string, string[]>();
      for (const w of this.docs.keys()) {
        for (const variant of deletions(w, 1)) {
          const list = index.get(variant);
          if (list) list.push(w);
          else index.set(variant, [w]);
        }
      }
      this.deletes = index;
    }
    return this.deletes;
  }

  /**
   * Words sharing a stem-long prefix with `word`: at least 3 characters and 60% of the shorter
   * word, which leaves room for stacked suffixes (сөз-ім-ді / сөз-ді) and a consonant change at
   * the end of the stem (кітап / кітаб-ы). Closer forms weigh more.
   */
  inflections(word: string): Expansion[] {
    const q = [...word];
    if (q.length < 3) return [];
    const words = this.sortedWords();
    const head = q.slice(0, 3).join('');
    const out: Expansion[] = [];
    for (let i = lowerBound(words, head); i < words.length && words[i]!.startsWith(head); i++) {
      const w = [...words[i]!];
      if (words[i] === word) continue;
      let lcp = 0;
      while (lcp < q.length && lcp < w.length && q[lcp] === w[lcp]) lcp++;
      if (lcp >= Math.max(3, Math.ceil(0.6 * Math.min(q.length, w.length)))) {
        out.push(this.expansion(words[i]!, 0.45 + (0.5 * lcp) / Math.max(q.length, w.length)));
      }
    }
    return out.sort((a, b) => b.weight - a.weight);
  }
}

/** The word and every variant of it with up to `depth` characters deleted (words under 3 characters are left whole). */
function deletions(word: string, depth: number): Set<string> {
  const out = new Set([word]);
  let frontier = [word];
  for (let d = 0; d < depth; d++) {
    const next: string[] = [];
    for (const w of frontier) {
      const chars = [...w];
      if (chars.length <= 3) continue;
      for (let i = 0; i < chars.length; i++) {
        const v = chars.slice(0, i).join('') + chars.slice(i + 1).join('');
        if (!out.has(v)) {
          out.add(v);
          next.push(v);
        }
      }
    }
    frontier = next;
  }
  return out;
}

function lowerBound(sorted: string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Optimal-string-alignment distance between a and b, or max+1 as soon as every alignment in a row
 * exceeds `max` (so most vocabulary words are rejected after a character or two).
 */
export function boundedDistance(a: string[], b: string[], max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}
