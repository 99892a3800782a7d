import type { SearchResult } from '../../contracts/knowledge.ts';
import type { Ctx } from '../platform/context.ts';
import type { DomainEvent } from '../platform/bus.ts';
import { newId } from '../platform/ids.ts';
import { loadCatalog, searchDocuments } from './catalog.ts';
import { cosine, createEmbedder, documentVectors } from './embeddings.ts';
import { fuse, type VectorMatch } from './hybrid.ts';
import { escapeHtml, snippet } from './search/highlight.ts';
import { searchLog } from './schema.ts';
import { createSearchIndex, type SearchIndex } from './search/index.ts';
import { normalize } from './search/text.ts';
import type { HelpCenterSettingsStore } from './settings.ts';

/** Workspaces whose index a node keeps; the least recently searched one is dropped past this. */
const MAX_LOADED = 500;

export type SearchSource = (typeof searchLog.$inferInsert)['source'];

interface Meta {
  slug: string;
  title: string;
  description: string;
  collectionId: string | null;
  /** Plain text searched, for the snippet of an article found by meaning alone. */
  text: string;
}

interface WorkspaceIndex {
  index: SearchIndex;
  /** `${articleId} ${locale}` → what a result shows besides the engine's highlights */
  meta: Map<string, Meta>;
  /** `${articleId} ${locale}` → unit vector, when an embeddings provider is configured */
  vectors: Map<string, Float32Array>;
  /** Changes apply one after another, each reading the database after the previous one. */
  queue: Promise<void>;
}

/** Events after which an article's entries are read again from the database. */
export const INDEXED_EVENTS = ['article.published', 'article.unpublished', 'article.deleted'] as const;

/** The same key for "How to reset" and "how  to RESET": the unit content gaps are grouped by. */
export const normalizeQuery = (q: string) => normalize(q).replace(/\s+/g, ' ').trim();

/**
 * One search for the Help Center, the API, the dashboard and the Messenger: the in-memory engine
 * of ./search, one index per workspace, built from published translations on first use. Every node
 * keeps its own indexes current from broadcast events, so a change on one node is seen on all.
 */
export function createSearchService(ctx: Ctx, helpCenters: HelpCenterSettingsStore) {
  const loaded = new Map<string, Promise<WorkspaceIndex>>();
  const embedder = createEmbedder(ctx.config);
  /** Recent query vectors: readers repeat questions, and each embedding is a paid request. */
  const queryVectors = new Map<string, Float32Array>();
  /** After a failed query embedding, searches skip the provider for a while instead of each waiting on it. */
  let providerDownUntil = 0;

  async function build(workspaceId: string): Promise<WorkspaceIndex> {
    const wi: WorkspaceIndex = { index: createSearchIndex(), meta: new Map(), vectors: new Map(), queue: Promise.resolve() };
    await add(wi, workspaceId, await loadCatalog(ctx.db, workspaceId, { content: true }));
    return wi;
  }

  async function add(wi: WorkspaceIndex, workspaceId: string, catalog: Awaited<ReturnType<typeof loadCatalog>>) {
    const docs = searchDocuments(catalog);
    for (const doc of docs) wi.index.add(doc);
    const ids = new Map(catalog.articles.map((a) => [a.id, a]));
    for (const doc of docs) {
      const a = ids.get(doc.id)!;
      const t = a.translations.get(doc.locale)!;
      wi.meta.set(`${a.id} ${t.locale}`, { slug: t.slug, title: t.title, description: t.description, collectionId: a.collectionId, text: doc.body });
    }
    if (!embedder) return;
    try {
      for (const [key, v] of await documentVectors(ctx.db, embedder, workspaceId, docs)) wi.vectors.set(key, v);
    } catch (err) {
      // Lexical search keeps working; the next change or rebuild tries the provider again.
      ctx.log.warn({ err, workspaceId }, 'could not embed articles; searching by words only');
    }
  }

  /** Similarity of every embedded translation to the query, or none when the provider fails. */
  async function vectorMatches(wi: WorkspaceIndex, query: string): Promise<VectorMatch[]> {
    if (!embedder || wi.vectors.size === 0) return [];
    let q = queryVectors.get(query);
    if (!q) {
      if (Date.now() < providerDownUntil) return [];
      try {
        [q] = await embedder.embed([query]);
      } catch (err) {
        providerDownUntil = Date.now() + 30_000;
        ctx.log.warn({ err }, 'could not embed a query; searching by words only for 30 s');
        return [];
      }
      if (queryVectors.size >= 1000) queryVectors.delete(queryVectors.keys().next().value!);
      queryVectors.set(query, q!);
    }
    const out: VectorMatch[] = [];
    for (const [key, v] of wi.vectors) {
      const [id, locale] = key.split(' ') as [string, string];
      out.push({ id, locale, similarity: cosine(q!, v) });
    }
    return out;
  }

  function indexOf(workspaceId: string): Promise<WorkspaceIndex> {
    let p = loaded.get(workspaceId);
    if (p) {
      // Map order is the eviction order: a search moves its workspace to the back.
      loaded.delete(workspaceId);
      loaded.set(workspaceId, p);
    } else {
      if (loaded.size >= MAX_LOADED) loaded.delete(loaded.keys().next().value!);
      p = build(workspaceId);
      loaded.set(workspaceId, p);
      // A failed build is retried by the next search rather than remembered.
      const built = p;
      built.catch(() => loaded.get(workspaceId) === built && loaded.delete(workspaceId));
    }
    return p;
  }

  async function refresh(workspaceId: string, articleId: string): Promise<void> {
    const p = loaded.get(workspaceId);
    if (!p) return; // not loaded on this node: the first search reads the current state anyway
    const wi = await p;
    const run = wi.queue.then(async () => {
      const catalog = await loadCatalog(ctx.db, workspaceId, { articleId, content: true });
      wi.index.remove(articleId);
      for (const map of [wi.meta, wi.vectors]) for (const key of [...map.keys()]) if (key.startsWith(`${articleId} `)) map.delete(key);
      await add(wi, workspaceId, catalog);
    });
    wi.queue = run.catch((err: unknown) => {
      // The index may now be stale: drop it so the next search rebuilds it from the database.
      ctx.log.error({ err, workspaceId }, 'search index refresh failed');
      loaded.delete(workspaceId);
    });
    await wi.queue;
  }

  const onArticle = (e: DomainEvent) => refresh(e.workspaceId, String(e.data.article_id));
  for (const type of INDEXED_EVENTS) ctx.bus.onBroadcast(type, onArticle);
  // Collection names are searched too; renaming one is rare, so the workspace's index is rebuilt.
  ctx.bus.onBroadcast('collection.updated', (e) => void loaded.delete(e.workspaceId));

  return {
    /** Searches the workspace's published articles; `source` set records the search for analytics. */
    async search(
      workspaceId: string,
      query: string,
      opts: { locale?: string; limit?: number; source?: SearchSource },
    ): Promise<SearchResult[]> {
      const hc = await helpCenters.get(workspaceId);
      const locale = opts.locale ?? hc.defaultLocale;
      const limit = opts.limit ?? 10;
      const wi = await indexOf(workspaceId);
      const lexical = wi.index.search(query, { locale, limit });
      const vectors = await vectorMatches(wi, query);
      const hits = vectors.length
        ? fuse(lexical, vectors, { locale, limit, minSimilarity: ctx.config.EMBEDDINGS_MIN_SIMILARITY })
        : lexical.map((h) => ({ id: h.id, locale: h.locale, score: h.score, lexical: h }));
      const results: SearchResult[] = [];
      for (const h of hits) {
        const meta = wi.meta.get(`${h.id} ${h.locale}`);
        // A locale the Help Center no longer offers has no page to link to.
        if (!meta || !hc.locales.includes(h.locale)) continue;
        results.push({
          article_id: h.id,
          locale: h.locale,
          title: meta.title,
          title_highlight: h.lexical?.titleHighlight ?? escapeHtml(meta.title),
          snippet: h.lexical?.snippet ?? snippet(meta.text, []),
          description: meta.description,
          collection_id: meta.collectionId,
          url: `${hc.baseUrl}/${encodeURIComponent(h.locale)}/articles/${encodeURIComponent(meta.slug)}`,
          score: Math.round(h.score * 1000) / 1000,
        });
      }
      const normalized = normalizeQuery(query);
      if (opts.source && normalized) {
        await ctx.db.insert(searchLog).values({
          workspaceId,
          id: newId(),
          query: query.slice(0, 500),
          normalizedQuery: normalized.slice(0, 500),
          locale,
          hits: results.length,
          ownLocaleHits: results.filter((r) => r.locale === locale).length,
          source: opts.source,
        });
      }
      return results;
    },
    /**
     * Brings this node's index up to date with the article now, so the writer reads its own
     * write; other nodes follow from the broadcast event.
     */
    refresh,
    /** Drops the workspace's index here; the next search rebuilds it from the database. */
    forget(workspaceId: string): void {
      loaded.delete(workspaceId);
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
