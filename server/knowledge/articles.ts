import { and, asc, desc, eq, gt, inArray, isNotNull, sql } from 'drizzle-orm';
import type {
  Article,
  ArticleCreate,
  ArticleListQuery,
  ArticlePage,
  ArticleTranslation,
  ArticleUpdate,
  Revision,
  TranslationInput,
} from '../../contracts/knowledge.ts';
import type { Db, DbOrTx } from '../platform/db.ts';
import { AppError, badField, notFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { renderMarkdown } from './markdown.ts';
import { isUniqueViolation } from '../platform/db-errors.ts';
import { articleRevisions, articles, articleTranslations, collections } from './schema.ts';
import { slugify } from './slugs.ts';

type ArticleRow = typeof articles.$inferSelect;
type TranslationRow = typeof articleTranslations.$inferSelect;
type RevisionKind = Revision['kind'];

/** The conversation reply an article was made from. */
export interface ArticleSource {
  conversationId: string;
  messageId: string;
}

/** What changed for the search index and other listeners, published after commit. */
export type ArticleChange = { type: 'article.published' | 'article.unpublished'; articleId: string; locale: string } | { type: 'article.deleted'; articleId: string };

export interface ArticleDeps {
  db: Db;
  checkLocales(workspaceId: string, locales: string[], field: string): Promise<void>;
  /** Public page of a published translation. */
  urlOf(workspaceId: string): Promise<(locale: string, slug: string) => string>;
  changed(workspaceId: string, changes: ArticleChange[]): Promise<void>;
}

const slugTaken = (locale: string) => badField(`body.translations.${locale}.slug`, 'Another article in this locale already has this slug');

function presentTranslation(t: TranslationRow, url: (locale: string, slug: string) => string): ArticleTranslation {
  const published = t.publishedAt !== null;
  return {
    locale: t.locale,
    slug: t.slug,
    title: t.title,
    description: t.description,
    body: t.body,
    html: t.html,
    state: published ? 'published' : 'draft',
    has_unpublished_changes:
      published && (t.publishedTitle !== t.title || t.publishedDescription !== t.description || t.publishedBody !== t.body),
    published_at: t.publishedAt?.toISOString() ?? null,
    updated_at: t.updatedAt.toISOString(),
    url: published ? url(t.locale, t.slug) : null,
  };
}

function presentArticle(a: ArticleRow, translations: TranslationRow[], url: (locale: string, slug: string) => string): Article {
  return {
    id: a.id,
    collection_id: a.collectionId,
    position: a.position,
    author_id: a.authorId,
    tour_id: a.tourId,
    video_url: a.videoUrl,
    source_conversation_id: a.sourceConversationId,
    translations: translations.filter((t) => t.articleId === a.id).map((t) => presentTranslation(t, url)),
    created_at: a.createdAt.toISOString(),
    updated_at: a.updatedAt.toISOString(),
  };
}

const presentRevision = (r: typeof articleRevisions.$inferSelect): Revision => ({
  id: r.id,
  locale: r.locale,
  kind: r.kind,
  title: r.title,
  description: r.description,
  body: r.body,
  author_id: r.authorId,
  created_at: r.createdAt.toISOString(),
});

/** Articles, their translations (draft and published snapshot) and each translation's revisions. */
export function createArticles(deps: ArticleDeps) {
  const { db } = deps;
  const whereArticle = (workspaceId: string, id: string) => and(eq(articles.workspaceId, workspaceId), eq(articles.id, id));
  const whereTranslation = (workspaceId: string, id: string, locale: string) =>
    and(eq(articleTranslations.workspaceId, workspaceId), eq(articleTranslations.articleId, id), eq(articleTranslations.locale, locale));

  async function findArticle(tx: DbOrTx, workspaceId: string, id: string): Promise<ArticleRow> {
    const [row] = await tx.select().from(articles).where(whereArticle(workspaceId, id));
    if (!row) throw notFound('Article');
    return row;
  }

  async function findTranslation(tx: DbOrTx, workspaceId: string, id: string, locale: string): Promise<TranslationRow> {
    const [row] = await tx.select().from(articleTranslations).where(whereTranslation(workspaceId, id, locale));
    if (!row) throw notFound('Translation');
    return row;
  }

  async function checkCollection(workspaceId: string, collectionId: string | null | undefined): Promise<void> {
    if (!collectionId) return;
    const [row] = await db
      .select({ id: collections.id })
      .from(collections)
      .where(and(eq(collections.workspaceId, workspaceId), eq(collections.id, collectionId)));
    if (!row) throw badField('body.collection_id', 'No such collection');
  }

  /** A free slug in the locale: the wanted one, else the title's with a number. */
  async function freeSlug(tx: DbOrTx, workspaceId: string, locale: string, base: string, articleId: string): Promise<string> {
    const taken = await tx
      .select({ slug: articleTranslations.slug, articleId: articleTranslations.articleId })
      .from(articleTranslations)
      .where(
        and(
          eq(articleTranslations.workspaceId, workspaceId),
          eq(articleTranslations.locale, locale),
          sql`(${articleTranslations.slug} = ${base} or ${articleTranslations.slug} like ${base + '-%'})`,
        ),
      );
    const used = new Set(taken.filter((t) => t.articleId !== articleId).map((t) => t.slug));
    if (!used.has(base)) return base;
    for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
  }

  async function addRevision(tx: DbOrTx, workspaceId: string, t: Pick<TranslationRow, 'articleId' | 'locale' | 'title' | 'description' | 'body'>, kind: RevisionKind, authorId: string | null) {
    await tx.insert(articleRevisions).values({
      workspaceId,
      id: newId(),
      articleId: t.articleId,
      locale: t.locale,
      kind,
      title: t.title,
      description: t.description,
      body: t.body,
      authorId,
    });
  }

  /** Writes the draft of one translation (creating it when new) and records a revision. */
  async function writeDraft(tx: DbOrTx, workspaceId: string, articleId: string, locale: string, input: TranslationInput, agentId: string | null) {
    const [existing] = await tx.select().from(articleTranslations).where(whereTranslation(workspaceId, articleId, locale));
    let slug: string;
    if (input.slug) {
      slug = input.slug;
      const [clash] = await tx
        .select({ articleId: articleTranslations.articleId })
        .from(articleTranslations)
        .where(and(eq(articleTranslations.workspaceId, workspaceId), eq(articleTranslations.locale, locale), eq(articleTranslations.slug, slug)));
      if (clash && clash.articleId !== articleId) throw slugTaken(locale);
    } else {
      slug = existing?.slug ?? (await freeSlug(tx, workspaceId, locale, slugify(input.title), articleId));
    }
    const body = input.body ?? existing?.body ?? '';
    const values = {
      slug,
      title: input.title,
      description: input.description ?? existing?.description ?? '',
      body,
      html: renderMarkdown(body),
      updatedBy: agentId,
      updatedAt: new Date(),
    };
    if (existing) {
      const same = existing.title === values.title && existing.description === values.description && existing.body === values.body;
      await tx.update(articleTranslations).set(values).where(whereTranslation(workspaceId, articleId, locale));
      if (!same) await addRevision(tx, workspaceId, { articleId, locale, ...values }, 'saved', agentId);
    } else {
      await tx.insert(articleTranslations).values({ workspaceId, articleId, locale, ...values });
      await addRevision(tx, workspaceId, { articleId, locale, ...values }, 'created', agentId);
    }
    await tx.update(articles).set({ updatedAt: new Date() }).where(whereArticle(workspaceId, articleId));
  }

  async function publishIn(tx: DbOrTx, workspaceId: string, articleId: string, locale: string, agentId: string | null) {
    const t = await findTranslation(tx, workspaceId, articleId, locale);
    await tx
      .update(articleTranslations)
      .set({ publishedTitle: t.title, publishedDescription: t.description, publishedBody: t.body, publishedHtml: t.html, publishedAt: new Date() })
      .where(whereTranslation(workspaceId, articleId, locale));
    await addRevision(tx, workspaceId, t, 'published', agentId);
  }

  async function load(workspaceId: string, id: string): Promise<Article> {
    const a = await findArticle(db, workspaceId, id);
    const ts = await db
      .select()
      .from(articleTranslations)
      .where(and(eq(articleTranslations.workspaceId, workspaceId), eq(articleTranslations.articleId, id)))
      .orderBy(asc(articleTranslations.locale));
    return presentArticle(a, ts, await deps.urlOf(workspaceId));
  }

  /** Runs a write; a unique-slug race lost to a concurrent writer is still a 400 naming the field. */
  async function write<T>(locale: string | undefined, fn: (tx: DbOrTx) => Promise<T>): Promise<T> {
    try {
      return await db.transaction(fn);
    } catch (err) {
      if (isUniqueViolation(err)) throw slugTaken(locale ?? 'locale');
      throw err;
    }
  }

  /** The article made from this reply, if one was. */
  async function fromSource(workspaceId: string, messageId: string): Promise<Article | null> {
    const [row] = await db
      .select({ id: articles.id })
      .from(articles)
      .where(and(eq(articles.workspaceId, workspaceId), eq(articles.sourceMessageId, messageId)));
    return row ? load(workspaceId, row.id) : null;
  }

  return {
    get: load,

    async list(workspaceId: string, query: ArticleListQuery): Promise<ArticlePage> {
      const where = [eq(articles.workspaceId, workspaceId)];
      if (query.collection_id) where.push(eq(articles.collectionId, query.collection_id));
      if (query.cursor) where.push(gt(articles.id, query.cursor));
      if (query.locale) {
        const state = query.state === 'published' ? sql`and t.published_at is not null` : query.state === 'draft' ? sql`and t.published_at is null` : sql``;
        where.push(sql`exists (select 1 from article_translations t where t.workspace_id = ${articles.workspaceId}
                                and t.article_id = ${articles.id} and t.locale = ${query.locale} ${state})`);
      }
      const page = await db.select().from(articles).where(and(...where)).orderBy(asc(articles.id)).limit(query.limit + 1);
      const shown = page.slice(0, query.limit);
      const ts = shown.length
        ? await db
            .select()
            .from(articleTranslations)
            .where(and(eq(articleTranslations.workspaceId, workspaceId), inArray(articleTranslations.articleId, shown.map((a) => a.id))))
            .orderBy(asc(articleTranslations.locale))
        : [];
      const url = await deps.urlOf(workspaceId);
      return {
        data: shown.map((a) => presentArticle(a, ts, url)),
        next_cursor: page.length > query.limit ? shown.at(-1)!.id : null,
      };
    },

    fromSource,

    async create(workspaceId: string, input: ArticleCreate, agentId: string | null, source?: ArticleSource): Promise<Article> {
      const locales = Object.keys(input.translations);
      await deps.checkLocales(workspaceId, locales, 'body.translations');
      await checkCollection(workspaceId, input.collection_id);
      const id = newId();
      const made = async (tx: DbOrTx) => {
        await tx.insert(articles).values({
          workspaceId,
          id,
          collectionId: input.collection_id ?? null,
          position: input.position ?? 0,
          authorId: agentId,
          tourId: input.tour_id ?? null,
          videoUrl: input.video_url ?? null,
          sourceConversationId: source?.conversationId ?? null,
          sourceMessageId: source?.messageId ?? null,
        });
        for (const [locale, t] of Object.entries(input.translations)) {
          await writeDraft(tx, workspaceId, id, locale, t, agentId);
          if (input.publish) await publishIn(tx, workspaceId, id, locale, agentId);
        }
      };
      try {
        await write(locales[0], made);
      } catch (err) {
        // Two clicks on the same reply: the one that lost the race gets the article the other made.
        const existing = source && (await fromSource(workspaceId, source.messageId));
        if (existing) return existing;
        throw err;
      }
      if (input.publish) await deps.changed(workspaceId, locales.map((locale) => ({ type: 'article.published', articleId: id, locale })));
      return load(workspaceId, id);
    },

    async update(workspaceId: string, id: string, patch: ArticleUpdate): Promise<Article> {
      await findArticle(db, workspaceId, id);
      if (patch.collection_id !== undefined) await checkCollection(workspaceId, patch.collection_id);
      const set: Partial<ArticleRow> = { updatedAt: new Date() };
      if (patch.collection_id !== undefined) set.collectionId = patch.collection_id;
      if (patch.position !== undefined) set.position = patch.position;
      if (patch.tour_id !== undefined) set.tourId = patch.tour_id;
      if (patch.video_url !== undefined) set.videoUrl = patch.video_url;
      await db.update(articles).set(set).where(whereArticle(workspaceId, id));
      // The collection's name is searched with the article, so a move changes what the index holds.
      if (patch.collection_id !== undefined) {
        const published = await db
          .select({ locale: articleTranslations.locale })
          .from(articleTranslations)
          .where(and(eq(articleTranslations.workspaceId, workspaceId), eq(articleTranslations.articleId, id), isNotNull(articleTranslations.publishedAt)));
        await deps.changed(workspaceId, published.map((p) => ({ type: 'article.published', articleId: id, locale: p.locale })));
      }
      return load(workspaceId, id);
    },

    async delete(workspaceId: string, id: string): Promise<void> {
      await findArticle(db, workspaceId, id);
      await db.transaction(async (tx) => {
        await tx.delete(articleRevisions).where(and(eq(articleRevisions.workspaceId, workspaceId), eq(articleRevisions.articleId, id)));
        await tx.delete(articleTranslations).where(and(eq(articleTranslations.workspaceId, workspaceId), eq(articleTranslations.articleId, id)));
        await tx.delete(articles).where(whereArticle(workspaceId, id));
      });
      await deps.changed(workspaceId, [{ type: 'article.deleted', articleId: id }]);
    },

    async saveTranslation(workspaceId: string, id: string, locale: string, input: TranslationInput, agentId: string | null): Promise<Article> {
      await findArticle(db, workspaceId, id);
      await deps.checkLocales(workspaceId, [locale], 'params.locale');
      await write(locale, (tx) => writeDraft(tx, workspaceId, id, locale, input, agentId));
      return load(workspaceId, id);
    },

    async deleteTranslation(workspaceId: string, id: string, locale: string): Promise<Article> {
      await findArticle(db, workspaceId, id);
      const t = await findTranslation(db, workspaceId, id, locale);
      const [{ n } = { n: 0 }] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(articleTranslations)
        .where(and(eq(articleTranslations.workspaceId, workspaceId), eq(articleTranslations.articleId, id)));
      if (n <= 1) throw new AppError('conflict', 'An article keeps at least one translation; delete the article instead');
      await db.delete(articleTranslations).where(whereTranslation(workspaceId, id, locale));
      if (t.publishedAt) await deps.changed(workspaceId, [{ type: 'article.unpublished', articleId: id, locale }]);
      return load(workspaceId, id);
    },

    async publish(workspaceId: string, id: string, locale: string, agentId: string | null): Promise<Article> {
      await findArticle(db, workspaceId, id);
      await db.transaction((tx) => publishIn(tx, workspaceId, id, locale, agentId));
      await deps.changed(workspaceId, [{ type: 'article.published', articleId: id, locale }]);
      return load(workspaceId, id);
    },

    async unpublish(workspaceId: string, id: string, locale: string): Promise<Article> {
      await findArticle(db, workspaceId, id);
      await findTranslation(db, workspaceId, id, locale);
      await db
        .update(articleTranslations)
        .set({ publishedTitle: null, publishedDescription: null, publishedBody: null, publishedHtml: null, publishedAt: null })
        .where(whereTranslation(workspaceId, id, locale));
      await deps.changed(workspaceId, [{ type: 'article.unpublished', articleId: id, locale }]);
      return load(workspaceId, id);
    },

    async revisions(workspaceId: string, id: string, locale: string): Promise<Revision[]> {
      await findArticle(db, workspaceId, id);
      const list = await db
        .select()
        .from(articleRevisions)
        .where(and(eq(articleRevisions.workspaceId, workspaceId), eq(articleRevisions.articleId, id), eq(articleRevisions.locale, locale)))
        .orderBy(desc(articleRevisions.id))
        .limit(200);
      return list.map(presentRevision);
    },

    /** The revision's text becomes the draft again (published only when someone publishes it). */
    async restore(workspaceId: string, id: string, locale: string, revisionId: string, agentId: string | null): Promise<Article> {
      await findArticle(db, workspaceId, id);
      const [rev] = await db
        .select()
        .from(articleRevisions)
        .where(and(eq(articleRevisions.workspaceId, workspaceId), eq(articleRevisions.id, revisionId), eq(articleRevisions.articleId, id), eq(articleRevisions.locale, locale)));
      if (!rev) throw notFound('Revision');
      await write(locale, async (tx) => {
        const t = await findTranslation(tx, workspaceId, id, locale);
        const values = { title: rev.title, description: rev.description, body: rev.body, html: renderMarkdown(rev.body), updatedBy: agentId, updatedAt: new Date() };
        await tx.update(articleTranslations).set(values).where(whereTranslation(workspaceId, id, locale));
        await addRevision(tx, workspaceId, { ...t, ...values }, 'restored', agentId);
      });
      return load(workspaceId, id);
    },
  };
}

export type Articles = ReturnType<typeof createArticles>;
