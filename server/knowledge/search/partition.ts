import { analyzeField, type AnalyzedQuery, type QueryUnit } from './analyze.ts';
import { Vocabulary, type Expansion } from './vocabulary.ts';

/**
 * One locale's articles: an inverted index scored with BM25F (title weighted over body), plus the
 * coverage of the query by each article, used to drop articles that only share common words with
 * the query.
 */

export interface SearchDocument {
  id: string;
  locale: string;
  title: string;
  body: string;
  /** name of the collection the article is in; searched with a low weight */
  collection?: string;
}

const FIELDS = 3; // title, body, collection
const FIELD_WEIGHT = [3, 1, 1];
const K1 = 1.2;
const B = 0.75;
/** Bigrams of CJK queries add evidence but must not outweigh whole words. */
const BIGRAM_WEIGHT = 0.5;
/** A CJK word not found as a segmented word but whose bigrams are all in the article. */
const BIGRAM_WORD_QUALITY = 0.8;
/** A word in more than this share of a locale's articles says little about which one is meant. */
const SPECIFIC_SHARE = 0.2;

interface Postings {
  slots: number[];
  /** FIELDS numbers per slot: occurrences in title, body, collection */
  tf: number[];
}

interface Stored {
  doc: SearchDocument;
  lengths: number[];
  terms: string[];
  words: string[];
}

export interface Candidate {
  doc: SearchDocument;
  score: number;
  coverage: number;
}

/** What to highlight in an article of this locale. */
export interface MatchedTerms {
  terms: Set<string>;
}

export class Partition {
  private stored: (Stored | undefined)[] = [];
  private free: number[] = [];
  private slotOf = new Map<string, number>();
  private postings = new Map<string, Postings>();
  private totalLength = [0, 0, 0];
  /** per slot and field: BM25 length normalization 1 − b + b·len/avg, rebuilt after changes */
  private norms: Float64Array | null = null;
  /** per slot: its accumulator row during a search (-1 = none), reused across searches */
  private rows = new Int32Array(0);
  /** per term searched since the last change: the BM25F score of each of its postings */
  private scored = new Map<string, Float64Array>();
  /** Accumulators of the last search, reused; `used` = how much of each it dirtied. */
  private scratch = { cells: 0, rows: 0, score: new Float64Array(0), quality: new Float64Array(0), grams: new Uint16Array(0), bonus: new Float64Array(0), totals: new Float64Array(0), coverages: new Float64Array(0) };
  readonly vocabulary = new Vocabulary();

  constructor(readonly locale: string) {}

  get size(): number {
    return this.slotOf.size;
  }

  get(id: string): SearchDocument | undefined {
    const slot = this.slotOf.get(id);
    return slot === undefined ? undefined : this.stored[slot]?.doc;
  }

  upsert(doc: SearchDocument): void {
    this.remove(doc.id);
    this.changed();
    const fields = [doc.title, doc.body, doc.collection ?? ''].map((t) => analyzeField(t, this.locale));
    const slot = this.free.pop() ?? this.stored.length;
    const perTerm = new Map<string, number[]>();
    const words = new Map<string, string>();
    fields.forEach((f, i) => {
      for (const [term, n] of f.terms) {
        let tf = perTerm.get(term);
        if (!tf) perTerm.set(term, (tf = [0, 0, 0]));
        tf[i] = n;
      }
      for (const [w, t] of f.words) words.set(w, t);
      this.totalLength[i]! += f.length;
    });
    for (const [term, tf] of perTerm) {
      let p = this.postings.get(term);
      if (!p) this.postings.set(term, (p = { slots: [], tf: [] }));
      p.slots.push(slot);
      p.tf.push(...tf);
    }
    for (const [w, t] of words) this.vocabulary.add(w, t);
    this.stored[slot] = { doc, lengths: fields.map((f) => f.length), terms: [...perTerm.keys()], words: [...words.keys()] };
    this.slotOf.set(doc.id, slot);
  }

  remove(id: string): boolean {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return false;
    this.changed();
    const s = this.stored[slot]!;
    for (const term of s.terms) {
      const p = this.postings.get(term)!;
      const i = p.slots.indexOf(slot);
      p.slots.splice(i, 1);
      p.tf.splice(i * FIELDS, FIELDS);
      if (p.slots.length === 0) this.postings.delete(term);
    }
    for (const w of s.words) this.vocabulary.remove(w);
    s.lengths.forEach((n, i) => (this.totalLength[i]! -= n));
    this.stored[slot] = undefined;
    this.free.push(slot);
    this.slotOf.delete(id);
    return true;
  }

  /** Lengths, document frequencies and so every score may have changed. */
  private changed(): void {
    this.norms = null;
    this.scored.clear();
  }

  /** The BM25F score of each posting of a term, computed once per term until the partition changes. */
  private scores(term: string, p: Postings): Float64Array {
    let out = this.scored.get(term);
    if (out) return out;
    const norms = this.lengthNorms();
    const idf = this.idf(p.slots.length);
    const { slots, tf: tfs } = p;
    out = new Float64Array(slots.length);
    for (let k = 0; k < slots.length; k++) {
      const slot = slots[k]!;
      let tf = 0;
      for (let f = 0; f < FIELDS; f++) {
        const raw = tfs[k * FIELDS + f]!;
        if (raw) tf += (FIELD_WEIGHT[f]! * raw) / norms[slot * FIELDS + f]!;
      }
      out[k] = (idf * tf * (K1 + 1)) / (tf + K1);
    }
    this.scored.set(term, out);
    return out;
  }

  /**
   * Zeroed accumulators for `cells` (candidates × query units) and `rows` (candidates): the
   * previous search's are cleared rather than reallocated, which kept the garbage collector busy.
   */
  private accumulators(cells: number, rows: number) {
    const s = this.scratch;
    if (s.score.length < cells) {
      s.score = new Float64Array(cells * 2);
      s.quality = new Float64Array(cells * 2);
      s.grams = new Uint16Array(cells * 2);
    } else {
      s.score.fill(0, 0, s.cells);
      s.quality.fill(0, 0, s.cells);
      s.grams.fill(0, 0, s.cells);
    }
    if (s.bonus.length < rows) {
      s.bonus = new Float64Array(rows * 2);
      s.totals = new Float64Array(rows * 2);
      s.coverages = new Float64Array(rows * 2);
    } else {
      s.bonus.fill(0, 0, s.rows);
      s.totals.fill(0, 0, s.rows);
      s.coverages.fill(0, 0, s.rows);
    }
    return s;
  }

  private lengthNorms(): Float64Array {
    if (!this.norms) {
      const n = this.size || 1;
      const avg = this.totalLength.map((t) => t / n || 1);
      const norms = new Float64Array(this.stored.length * FIELDS);
      this.stored.forEach((s, slot) => {
        if (s) for (let f = 0; f < FIELDS; f++) norms[slot * FIELDS + f] = 1 - B + (B * s.lengths[f]!) / avg[f]!;
      });
      this.norms = norms;
    }
    return this.norms;
  }

  private idf(df: number): number {
    const n = this.size;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  private df(term: string): number {
    return this.postings.get(term)?.slots.length ?? 0;
  }

  /** The index terms a query word may stand for here, with how much each counts. */
  private alternatives(u: QueryUnit, lenient: boolean): Map<string, number> {
    const alts = new Map<string, number>();
    const add = (term: string, weight: number) => {
      if (this.postings.has(term) && weight > (alts.get(term) ?? 0)) alts.set(term, weight);
    };
    add(u.term, 1);
    if (u.cjk) return alts;
    const expansions: Expansion[] = [];
    const len = [...u.surface].length;
    const known = this.vocabulary.has(u.surface);
    if (!u.stemmed) expansions.push(...this.vocabulary.inflections(u.surface));
    const completions = lenient && (!known || u.last) && len >= 3 ? this.vocabulary.completions(u.surface) : [];
    expansions.push(...completions);
    // An unfinished last word is completed rather than corrected ("invo" is not "into").
    const completing = u.last && completions.length > 0;
    // Typo budget as in Meilisearch's defaults: one from 5 characters, two from 9. Shorter words
    // have too many neighbours ("bake" → "take").
    if (lenient && !known && !completing && len >= 5) expansions.push(...this.vocabulary.typos(u.surface, len >= 9 ? 2 : 1));
    for (const e of expansions) add(e.term, e.weight);
    return alts;
  }

  /**
   * `lenient` turns on completions and typo correction: for the reader's own locale, where the
   * query was typed; other locales are searched for the words as written (and their inflections).
   */
  search(
    q: AnalyzedQuery,
    opts: { minCoverage: number; relativeCutoff: number; limit: number; lenient: boolean },
  ): { candidates: Candidate[]; matched: MatchedTerms } {
    const { minCoverage, relativeCutoff, limit, lenient } = opts;
    const n = this.size;
    const matched: MatchedTerms = { terms: new Set() };
    if (n === 0 || q.units.length === 0) return { candidates: [], matched };
    const U = q.units.length;

    const alts = q.units.map((u) => this.alternatives(u, lenient));
    const unitDf = q.units.map((u, i) => {
      const df = Math.max(0, ...[...alts[i]!.keys()].map((t) => this.df(t)));
      return df === 0 && u.bigrams.length > 0 ? Math.min(...u.bigrams.map((g) => this.df(g))) : df;
    });
    // Function words count for coverage only in a query made of nothing else.
    // A word no article here contains is either the topic nobody wrote about or a filler word that
    // no stopword list knows ("怎么"): it counts as much as an average known word of the query,
    // and the specificity rule below tells the two cases apart.
    const counts = q.units.map((u) => !u.stop || q.units.every((v) => v.stop));
    const known = unitDf.filter((df, u) => df > 0 && counts[u]);
    const unknownIdf = known.length ? known.reduce((a, df) => a + this.idf(df), 0) / known.length : this.idf(0);
    const unitIdf = unitDf.map((df, u) => (!counts[u] ? 0 : df > 0 ? this.idf(df) : unknownIdf));
    const idfSum = unitIdf.reduce((a, b) => a + b, 0);
    // With unknown words around, an article must match at least one specific word of the query,
    // not only words most articles contain.
    const unknown = unitDf.some((df, u) => df === 0 && counts[u]);
    const specificDf = unknown ? Math.max(1, SPECIFIC_SHARE * n) : Infinity;

    // Per-candidate accumulators in flat arrays (U slots each): allocation-free per posting.
    if (this.rows.length < this.stored.length) this.rows = new Int32Array(this.stored.length * 2);
    const rows = this.rows;
    const capacity = this.stored.length;
    const touched: number[] = [];
    const acc = this.accumulators(capacity * U, capacity);
    const { score, quality, grams, bonus, totals, coverages } = acc;
    const rowOf = (slot: number): number => {
      let r = rows[slot]! - 1;
      if (r === -1) {
        r = touched.length;
        rows[slot] = r + 1;
        touched.push(slot);
      }
      return r;
    };
    const forEachScored = (term: string, fn: (slot: number, bm25: number) => void) => {
      const p = this.postings.get(term);
      if (!p) return;
      const bm25 = this.scores(term, p);
      const slots = p.slots;
      for (let k = 0; k < slots.length; k++) fn(slots[k]!, bm25[k]!);
    };

    alts.forEach((terms, u) => {
      for (const [term, weight] of terms) {
        matched.terms.add(term);
        forEachScored(term, (slot, s) => {
          const k = rowOf(slot) * U + u;
          if (weight * s > score[k]!) score[k] = weight * s;
          if (weight > quality[k]!) quality[k] = weight;
        });
      }
    });
    const unitsOfGram = new Map<string, number[]>();
    q.units.forEach((u, i) => u.bigrams.forEach((g) => unitsOfGram.set(g, [...(unitsOfGram.get(g) ?? []), i])));
    for (const gram of q.bigrams) {
      if (this.postings.has(gram)) matched.terms.add(gram);
      const units = unitsOfGram.get(gram) ?? [];
      forEachScored(gram, (slot, s) => {
        const r = rowOf(slot);
        bonus[r] = bonus[r]! + BIGRAM_WEIGHT * s;
        for (const u of units) grams[r * U + u] = grams[r * U + u]! + 1;
      });
    }

    // Two passes: score every candidate, then keep those within `relativeCutoff` of the best one
    // (the caller drops the others anyway, and there can be thousands of weak ones).
    acc.cells = touched.length * U;
    acc.rows = touched.length;
    let best = 0;
    for (let r = 0; r < touched.length; r++) {
      rows[touched[r]!] = 0;
      let covered = 0;
      let total = bonus[r]!;
      let specific = false;
      for (let u = 0; u < U; u++) {
        let qual = quality[r * U + u]!;
        const need = q.units[u]!.bigrams.length;
        if (qual === 0 && need > 0 && grams[r * U + u] === need) qual = BIGRAM_WORD_QUALITY;
        covered += unitIdf[u]! * qual;
        total += score[r * U + u]!;
        if (qual > 0 && counts[u] && unitDf[u]! <= specificDf) specific = true;
      }
      const coverage = idfSum > 0 ? covered / idfSum : 0;
      if (!specific || coverage < minCoverage) continue;
      totals[r] = total;
      coverages[r] = coverage;
      if (total > best) best = total;
    }
    // Only the best `limit` can be shown: ids are unique within a locale, so this holds after the
    // caller merges translations too. Kept sorted, best first, by insertion.
    const top: number[] = [];
    for (let r = 0; r < touched.length; r++) {
      const t = totals[r]!;
      if (t <= 0 || t < best * relativeCutoff) continue;
      if (top.length === limit && t <= totals[top[limit - 1]!]!) continue;
      let i = Math.min(top.length, limit - 1);
      top[i] = r;
      while (i > 0 && totals[top[i - 1]!]! < t) {
        top[i] = top[i - 1]!;
        top[--i] = r;
      }
    }
    const candidates: Candidate[] = top.map((r) => ({ doc: this.stored[touched[r]!]!.doc, score: totals[r]!, coverage: coverages[r]! }));
    return { candidates, matched };
  }
}
