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

  private idf(df: number): number {
    const n = this.size;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  private df(term: string): number {
    return this.postings.get(term)?.slots.length ?? 0;
  }

  /** The index terms a query word may stand for here, with how much each counts. */
  private alternatives(u: QueryUnit): Map<string, number> {
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
    if ((!known || u.last) && len >= 3) expansions.push(...this.vocabulary.completions(u.surface));
    if (!known && len >= 4) expansions.push(...this.vocabulary.typos(u.surface, len >= 8 ? 2 : 1));
    for (const e of expansions) add(e.term, e.weight);
    return alts;
  }

  search(q: AnalyzedQuery, minCoverage: number): { candidates: Candidate[]; matched: MatchedTerms } {
    const n = this.size;
    const matched: MatchedTerms = { terms: new Set() };
    if (n === 0 || q.units.length === 0) return { candidates: [], matched };
    const avg = this.totalLength.map((t) => t / n || 1);
    const U = q.units.length;

    const alts = q.units.map((u) => this.alternatives(u));
    const unitDf = q.units.map((u, i) => {
      const df = Math.max(0, ...[...alts[i]!.keys()].map((t) => this.df(t)));
      return df === 0 && u.bigrams.length > 0 ? Math.min(...u.bigrams.map((g) => this.df(g))) : df;
    });
    // A word no article here contains is either the topic nobody wrote about or a filler word
    // articles don't use ("my", "怎么"): it counts as much as the most specific word that is known.
    const known = unitDf.filter((df) => df > 0);
    const unknownIdf = known.length ? this.idf(Math.min(...known)) : this.idf(0);
    const unitIdf = unitDf.map((df) => (df > 0 ? this.idf(df) : unknownIdf));
    const idfSum = unitIdf.reduce((a, b) => a + b, 0);
    // With unknown words around, an article must match at least one specific word of the query,
    // not only words most articles contain.
    const specificDf = known.length < unitDf.length ? Math.max(1, SPECIFIC_SHARE * n) : Infinity;

    interface Acc {
      score: Float64Array;
      quality: Float64Array;
      grams: Uint16Array;
      bonus: number;
    }
    const accs = new Map<number, Acc>();
    const acc = (slot: number): Acc => {
      let a = accs.get(slot);
      if (!a) accs.set(slot, (a = { score: new Float64Array(U), quality: new Float64Array(U), grams: new Uint16Array(U), bonus: 0 }));
      return a;
    };
    const forEachScored = (term: string, fn: (slot: number, bm25: number) => void) => {
      const p = this.postings.get(term);
      if (!p) return;
      const idf = this.idf(p.slots.length);
      for (let k = 0; k < p.slots.length; k++) {
        const slot = p.slots[k]!;
        const lengths = this.stored[slot]!.lengths;
        let tf = 0;
        for (let f = 0; f < FIELDS; f++) {
          const raw = p.tf[k * FIELDS + f]!;
          if (raw) tf += (FIELD_WEIGHT[f]! * raw) / (1 - B + (B * lengths[f]!) / avg[f]!);
        }
        fn(slot, (idf * tf * (K1 + 1)) / (tf + K1));
      }
    };

    alts.forEach((terms, u) => {
      for (const [term, weight] of terms) {
        matched.terms.add(term);
        forEachScored(term, (slot, s) => {
          const a = acc(slot);
          if (weight * s > a.score[u]!) a.score[u] = weight * s;
          if (weight > a.quality[u]!) a.quality[u] = weight;
        });
      }
    });
    const unitsOfGram = new Map<string, number[]>();
    q.units.forEach((u, i) => u.bigrams.forEach((g) => unitsOfGram.set(g, [...(unitsOfGram.get(g) ?? []), i])));
    for (const gram of q.bigrams) {
      if (this.postings.has(gram)) matched.terms.add(gram);
      forEachScored(gram, (slot, s) => {
        const a = acc(slot);
        a.bonus += BIGRAM_WEIGHT * s;
        for (const u of unitsOfGram.get(gram) ?? []) a.grams[u]!++;
      });
    }

    const candidates: Candidate[] = [];
    for (const [slot, a] of accs) {
      let covered = 0;
      let score = a.bonus;
      let specific = false;
      for (let u = 0; u < U; u++) {
        let quality = a.quality[u]!;
        const grams = q.units[u]!.bigrams.length;
        if (quality === 0 && grams > 0 && a.grams[u] === grams) quality = BIGRAM_WORD_QUALITY;
        covered += unitIdf[u]! * quality;
        score += a.score[u]!;
        if (quality > 0 && unitDf[u]! <= specificDf) specific = true;
      }
      const coverage = idfSum > 0 ? covered / idfSum : 0;
      if (specific && coverage >= minCoverage) candidates.push({ doc: this.stored[slot]!.doc, score, coverage });
    }
    return { candidates, matched };
  }
}
