import type { SearchHit } from './search/index.ts';

/**
 * Hybrid ranking: the lexical engine's hits (score relative to the best one) blended with the
 * cosine similarity of the same translation to the query, plus articles that share no word with
 * the query but are close enough in meaning. Pure, so it is tested without a provider.
 */

export interface VectorMatch {
  id: string;
  locale: string;
  similarity: number;
}

export interface HybridOptions {
  locale: string;
  limit: number;
  /** Similarity an article needs to enter by meaning alone. */
  minSimilarity: number;
  /** Share of the lexical score in the blend (the rest is similarity). */
  lexicalWeight?: number;
  /** Multiplier for meaning-only matches in another locale than the reader's. */
  fallbackWeight?: number;
}

export interface HybridHit {
  id: string;
  locale: string;
  score: number;
  /** The engine's hit when the article matched by words (highlights come from it). */
  lexical?: SearchHit;
}

export function fuse(lexical: SearchHit[], vectors: VectorMatch[], opts: HybridOptions): HybridHit[] {
  const w = opts.lexicalWeight ?? 0.5;
  const fallback = opts.fallbackWeight ?? 0.8;
  const sim = new Map(vectors.map((v) => [`${v.id} ${v.locale}`, v.similarity]));
  const top = lexical[0]?.score ?? 1;
  const out = new Map<string, HybridHit>();
  for (const h of lexical) {
    const s = Math.max(0, sim.get(`${h.id} ${h.locale}`) ?? 0);
    out.set(h.id, { id: h.id, locale: h.locale, score: w * (h.score / top) + (1 - w) * s, lexical: h });
  }
  for (const v of vectors) {
    if (out.get(v.id)?.lexical || v.similarity < opts.minSimilarity) continue;
    const score = (1 - w) * v.similarity * (v.locale === opts.locale ? 1 : fallback);
    const prev = out.get(v.id);
    if (!prev || score > prev.score) out.set(v.id, { id: v.id, locale: v.locale, score });
  }
  return [...out.values()].sort((a, b) => b.score - a.score).slice(0, opts.limit);
}
