import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../platform/db.ts';
import { plainText } from './markdown.ts';
import { articles, articleTranslations, collections, type CollectionText } from './schema.ts';
import type { SearchDocument } from './search/index.ts';

/** What readers may see: published translations only, read for the Help Center and the search index. */

export interface PublishedTranslation {
  locale: string;
  slug: string;
  title: string;
  description: string;
  html: string;
  body: string;
  publishedAt: Date;
}

export interface PublishedArticle {
  id: string;
  collectionId: string | null;
  position: number;
  tourId: string | null;
  videoUrl: string | null;
  updatedAt: Date;
  translations: Map<string, PublishedTranslation>;
}

export interface CatalogCollection {
  id: string;
  parentId: string | null;
  position: number;
  translations: Record<string, CollectionText>;
  updatedAt: Date;
}

export interface Catalog {
  collections: CatalogCollection[];
  articles: PublishedArticle[];
}

export interface CatalogOptions {
  /** Only this article (an index refresh, an article page's content). */
  articleId?: string;
  /** Bodies and HTML too; lists and the sitemap need only titles. */
  content?: boolean;
  /** Only translations in these locales (the ones the Help Center offers now). */
  locales?: string[];
}

export async function loadCatalog(db: Db, workspaceId: string, opts: CatalogOptions = {}): Promise<Catalog> {
  const where = [eq(articles.workspaceId, workspaceId), isNotNull(articleTranslations.publishedAt)];
  if (opts.articleId) where.push(eq(articles.id, opts.articleId));
  if (opts.locales) where.push(inArray(articleTranslations.locale, opts.locales));
  const t = articleTranslations;
  const [rows, cols] = await Promise.all([
    db
      .select({
        a: articles,
        locale: t.locale,
        slug: t.slug,
        title: t.publishedTitle,
        description: t.publishedDescription,
        publishedAt: t.publishedAt,
        body: opts.content ? t.publishedBody : sql<string>`''`,
        html: opts.content ? t.publishedHtml : sql<string>`''`,
      })
      .from(articles)
      .innerJoin(t, and(eq(t.workspaceId, articles.workspaceId), eq(t.articleId, articles.id)))
      .where(and(...where))
      .orderBy(asc(articles.position), asc(articles.id)),
    db.select().from(collections).where(eq(collections.workspaceId, workspaceId)).orderBy(asc(collections.position), asc(collections.id)),
  ]);
  const byId = new Map<string, PublishedArticle>();
  for (const r of rows) {
    const a = r.a;
    let art = byId.get(a.id);
    if (!art) {
      art = { id: a.id, collectionId: a.collectionId, position: a.position, tourId: a.tourId, videoUrl: a.videoUrl, updatedAt: a.updatedAt, translations: new Map() };
      byId.set(a.id, art);
    }
    art.translations.set(r.locale, {
      locale: r.locale,
      slug: r.slug,
      title: r.title!,
      description: r.description ?? '',
      html: r.html ?? '',
      body: r.body ?? '',
      publishedAt: r.publishedAt!,
    });
  }
  return {
    collections: cols.map((c) => ({ id: c.id, parentId: c.parentId, position: c.position, translations: c.translations, updatedAt: c.updatedAt })),
    articles: [...byId.values()],
  };
}

/** The collection's name in a locale, else in any locale it has. */
export function collectionName(c: CatalogCollection | undefined, locale: string, fallback: string): string {
  if (!c) return '';
  return (c.translations[locale] ?? c.translations[fallback] ?? Object.values(c.translations)[0])?.name ?? '';
}

/** Search documents of the catalog's articles: one per published translation. */
export function searchDocuments(catalog: Catalog): SearchDocument[] {
  const cols = new Map(catalog.collections.map((c) => [c.id, c]));
  const docs: SearchDocument[] = [];
  for (const a of catalog.articles) {
    const col = a.collectionId ? cols.get(a.collectionId) : undefined;
    for (const t of a.translations.values()) {
      docs.push({
        id: a.id,
        locale: t.locale,
        title: t.title,
        body: [t.description, plainText(t.body)].filter(Boolean).join('\n'),
        collection: col?.translations[t.locale]?.name,
      });
    }
  }
  return docs;
}
