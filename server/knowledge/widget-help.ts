import { and, asc, eq, inArray } from 'drizzle-orm';
import type { HelpArticle, HelpArticleRef, HelpHome, HelpSearchHit, PageSuggestion } from '../../contracts/help.ts';
import { registerFlag } from '../experiments/flags.ts';
import type { Ctx } from '../platform/context.ts';
import { badField, notFound } from '../platform/errors.ts';
import { collectionName, type Catalog, type PublishedArticle } from './catalog.ts';
import { videoAside } from './help/pages.ts';
import { translator } from './help/messages.ts';
import { articles, helpPageSuggestions } from './schema.ts';
import type { KnowledgeService } from './service.ts';

/**
 * The treatment the help-links holdout varies: help links on the host page, the page's suggested
 * articles and the suggestions while typing a question. Proactive, so the global holdout turns it off.
 */
export const helpLinksFlag = registerFlag({
  key: 'help.links',
  description: 'In-product help: help links, page suggestions and article suggestions in the Messenger',
  defaultValue: true,
  heldOutValue: false,
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The help space of the Messenger: what a visitor reads in it, in their locale with the Help Center's fallback. */
export function createWidgetHelp(ctx: Ctx, kb: KnowledgeService) {
  const db = ctx.db;

  /** The reader's locale if the Help Center offers it (or its base language), else the default. */
  async function readerLocale(workspaceId: string, wanted: string | undefined) {
    const hc = await kb.settings.get(workspaceId);
    const base = wanted?.split('-')[0];
    const locale = hc.locales.find((l) => l === wanted) ?? hc.locales.find((l) => l === base) ?? hc.defaultLocale;
    return { hc, locale };
  }

  const refOf = (a: PublishedArticle, locale: string, fallback: string): HelpArticleRef => {
    const t = a.translations.get(locale) ?? a.translations.get(fallback) ?? [...a.translations.values()][0]!;
    return { id: a.id, slug: t.slug, locale: t.locale, title: t.title, description: t.description };
  };

  function findArticle(catalog: Catalog, ref: string): PublishedArticle | undefined {
    if (UUID.test(ref)) return catalog.articles.find((a) => a.id === ref.toLowerCase());
    return catalog.articles.find((a) => [...a.translations.values()].some((t) => t.slug === ref));
  }

  async function rules(workspaceId: string): Promise<PageSuggestion[]> {
    const rows = await db.select().from(helpPageSuggestions).where(eq(helpPageSuggestions.workspaceId, workspaceId)).orderBy(asc(helpPageSuggestions.position));
    return rows.map((r) => ({ pattern: r.pattern, article_ids: r.articleIds }));
  }

  return {
    readerLocale,

    async home(workspaceId: string, wanted: string | undefined): Promise<HelpHome> {
      const { hc, locale } = await readerLocale(workspaceId, wanted);
      const catalog = await kb.catalog(workspaceId, { locales: hc.locales });
      const byId = new Map(catalog.articles.map((a) => [a.id, a]));
      const collections = catalog.collections
        .map((c) => ({
          id: c.id,
          parent_id: c.parentId,
          name: collectionName(c, locale, hc.defaultLocale),
          description: (c.translations[locale] ?? c.translations[hc.defaultLocale])?.description ?? '',
          articles: catalog.articles.filter((a) => a.collectionId === c.id).map((a) => refOf(a, locale, hc.defaultLocale)),
        }))
        .filter((c) => c.articles.length > 0 || catalog.collections.some((x) => x.parentId === c.id));
      // A rule naming an article that is unpublished or deleted shows the rest.
      const pages = (await rules(workspaceId))
        .map((r) => ({ pattern: r.pattern, articles: r.article_ids.flatMap((id) => (byId.has(id) ? [refOf(byId.get(id)!, locale, hc.defaultLocale)] : [])) }))
        .filter((r) => r.articles.length > 0);
      return {
        help_center_url: `${hc.baseUrl}/${encodeURIComponent(locale)}/`,
        collections,
        articles: catalog.articles.filter((a) => !a.collectionId).map((a) => refOf(a, locale, hc.defaultLocale)),
        pages,
      };
    },

    async search(workspaceId: string, q: string, wanted: string | undefined, opts: { limit: number; logged: boolean }): Promise<HelpSearchHit[]> {
      const { hc, locale } = await readerLocale(workspaceId, wanted);
      const hits = await kb.search.search(workspaceId, q, { locale, limit: opts.limit, source: opts.logged ? 'messenger' : undefined });
      const catalog = await kb.catalog(workspaceId, { locales: hc.locales });
      const byId = new Map(catalog.articles.map((a) => [a.id, a]));
      return hits.flatMap((h) => {
        const t = byId.get(h.article_id)?.translations.get(h.locale);
        if (!t) return [];
        return [{ id: h.article_id, slug: t.slug, locale: h.locale, title: h.title, description: h.description, title_highlight: h.title_highlight, snippet: h.snippet }];
      });
    },

    /** One article by id or by the slug of any of its translations, in the reader's locale if it has one. */
    async article(workspaceId: string, ref: string, wanted: string | undefined): Promise<HelpArticle> {
      const { hc, locale } = await readerLocale(workspaceId, wanted);
      const catalog = await kb.catalog(workspaceId, { locales: hc.locales });
      const found = findArticle(catalog, ref);
      if (!found) throw notFound('Article');
      const full = (await kb.catalog(workspaceId, { articleId: found.id, content: true, locales: hc.locales })).articles[0];
      if (!full) throw notFound('Article');
      const t = full.translations.get(locale) ?? full.translations.get(hc.defaultLocale) ?? [...full.translations.values()][0]!;
      const col = catalog.collections.find((c) => c.id === full.collectionId);
      return {
        id: full.id,
        slug: t.slug,
        locale: t.locale,
        title: t.title,
        description: t.description,
        html: full.videoUrl ? t.html + videoAside(full.videoUrl, t.title, translator(locale)) : t.html,
        url: `${hc.baseUrl}/${encodeURIComponent(t.locale)}/articles/${encodeURIComponent(t.slug)}`,
        video_url: full.videoUrl,
        tour_id: full.tourId,
        collection: col ? { id: col.id, name: collectionName(col, locale, hc.defaultLocale) } : null,
        updated_at: t.publishedAt.toISOString(),
      };
    },

    /** The id of a published article of this workspace named by id or slug: events name only real articles, by id. */
    async articleId(workspaceId: string, ref: string): Promise<string | null> {
      const catalog = await kb.catalog(workspaceId, UUID.test(ref) ? { articleId: ref.toLowerCase() } : {});
      return findArticle(catalog, ref)?.id ?? null;
    },

    rules,

    /** Replaces the workspace's page rules; every article must be one of its own. */
    async setRules(workspaceId: string, list: PageSuggestion[]): Promise<PageSuggestion[]> {
      const ids = [...new Set(list.flatMap((r) => r.article_ids))];
      const rows = ids.length
        ? await db.select({ id: articles.id }).from(articles).where(and(eq(articles.workspaceId, workspaceId), inArray(articles.id, ids)))
        : [];
      const known = new Set(rows.map((a) => a.id));
      list.forEach((r, i) =>
        r.article_ids.forEach((id, j) => {
          if (!known.has(id)) throw badField(`body.data.${i}.article_ids.${j}`, 'No such article in this workspace');
        }),
      );
      await db.transaction(async (tx) => {
        await tx.delete(helpPageSuggestions).where(eq(helpPageSuggestions.workspaceId, workspaceId));
        if (list.length) {
          await tx.insert(helpPageSuggestions).values(list.map((r, position) => ({ workspaceId, position, pattern: r.pattern, articleIds: [...new Set(r.article_ids)] })));
        }
      });
      return rules(workspaceId);
    },
  };
}

export type WidgetHelp = ReturnType<typeof createWidgetHelp>;
