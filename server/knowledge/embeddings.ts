import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db.ts';
import { articleEmbeddings } from './schema.ts';
import type { SearchDocument } from './search/index.ts';

/**
 * Optional semantic ranking: texts become unit vectors through any OpenAI-compatible
 * `POST {EMBEDDINGS_URL}/embeddings`. Without EMBEDDINGS_URL none of this runs and search is
 * lexical only.
 */

export interface Embedder {
  model: string;
  embed(texts: string[]): Promise<Float32Array[]>;
}

const BATCH = 64;
const MAX_CHARS = 8000;

function unit(v: number[]): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  const n = Math.sqrt(norm) || 1;
  return Float32Array.from(v, (x) => x / n);
}

export function createEmbedder(config: Config): Embedder | null {
  const base = config.EMBEDDINGS_URL?.replace(/\/$/, '');
  if (!base) return null;
  const model = config.EMBEDDINGS_MODEL;
  return {
    model,
    async embed(texts) {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += BATCH) {
        const input = texts.slice(i, i + BATCH).map((t) => t.slice(0, MAX_CHARS));
        const res = await fetch(`${base}/embeddings`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(config.EMBEDDINGS_API_KEY ? { authorization: `Bearer ${config.EMBEDDINGS_API_KEY}` } : {}) },
          body: JSON.stringify({ model, input }),
          signal: AbortSignal.timeout(15_000),
        });
        if (!res.ok) throw new Error(`embeddings provider answered ${res.status}`);
        const body = (await res.json()) as { data?: { index: number; embedding: number[] }[] };
        const data = [...(body.data ?? [])].sort((a, b) => a.index - b.index);
        if (data.length !== input.length || data.some((d) => !Array.isArray(d.embedding) || d.embedding.length === 0)) {
          throw new Error('embeddings provider returned a malformed answer');
        }
        out.push(...data.map((d) => unit(d.embedding)));
      }
      return out;
    },
  };
}

export const cosine = (a: Float32Array, b: Float32Array) => {
  let s = 0;
  for (let i = 0; i < a.length && i < b.length; i++) s += a[i]! * b[i]!;
  return s;
};

const textOf = (d: SearchDocument) => [d.title, d.collection, d.body].filter(Boolean).join('\n');
const hashOf = (model: string, text: string) => createHash('sha256').update(`${model}\n${text}`).digest('base64url');

/**
 * Vectors of the given documents: stored ones whose text is unchanged, the rest embedded now and
 * stored. Keyed `${id} ${locale}`.
 */
export async function documentVectors(db: Db, embedder: Embedder, workspaceId: string, docs: SearchDocument[]): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  if (docs.length === 0) return out;
  const ids = [...new Set(docs.map((d) => d.id))];
  const stored = await db
    .select()
    .from(articleEmbeddings)
    .where(and(eq(articleEmbeddings.workspaceId, workspaceId), eq(articleEmbeddings.model, embedder.model), inArray(articleEmbeddings.articleId, ids)));
  const byKey = new Map(stored.map((s) => [`${s.articleId} ${s.locale}`, s]));
  const missing: { doc: SearchDocument; hash: string; text: string }[] = [];
  for (const doc of docs) {
    const text = textOf(doc);
    const hash = hashOf(embedder.model, text);
    const s = byKey.get(`${doc.id} ${doc.locale}`);
    if (s && s.contentHash === hash) out.set(`${doc.id} ${doc.locale}`, Float32Array.from(s.embedding));
    else missing.push({ doc, hash, text });
  }
  if (missing.length === 0) return out;
  const vectors = await embedder.embed(missing.map((m) => m.text));
  for (let i = 0; i < missing.length; i++) {
    const { doc, hash } = missing[i]!;
    const embedding = Array.from(vectors[i]!);
    await db
      .insert(articleEmbeddings)
      .values({ workspaceId, articleId: doc.id, locale: doc.locale, model: embedder.model, contentHash: hash, embedding })
      .onConflictDoUpdate({
        target: [articleEmbeddings.workspaceId, articleEmbeddings.articleId, articleEmbeddings.locale, articleEmbeddings.model],
        set: { contentHash: hash, embedding, createdAt: new Date() },
      });
    out.set(`${doc.id} ${doc.locale}`, vectors[i]!);
  }
  return out;
}
