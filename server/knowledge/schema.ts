import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { agents, workspaces } from '../workspaces/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });
const workspaceId = () =>
  uuid('workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' });

export interface CollectionText {
  name: string;
  description: string;
}

export interface HeaderLink {
  label: string;
  url: string;
}

/** One row per workspace once its Help Center settings were changed; defaults apply until then. */
export const helpCenters = pgTable('help_centers', {
  workspaceId: workspaceId().primaryKey(),
  /** Locales articles can be written in; the workspace's default locale is always among them. */
  locales: jsonb('locales').$type<string[]>().notNull(),
  title: text('title'),
  logoUrl: text('logo_url'),
  brandColor: text('brand_color'),
  headerLinks: jsonb('header_links').$type<HeaderLink[]>().notNull().default([]),
  /** A host name of the workspace's own (help.example.com) that serves this Help Center at its root. */
  customDomain: text('custom_domain').unique(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** Collections nest one level: a collection with a parent cannot itself be a parent. */
export const collections = pgTable(
  'collections',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    parentId: uuid('parent_id'),
    position: integer('position').notNull().default(0),
    /** Name and description per locale. */
    translations: jsonb('translations').$type<Record<string, CollectionText>>().notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('collections_parent_idx').on(t.workspaceId, t.parentId, t.position)],
);

export const articles = pgTable(
  'articles',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    collectionId: uuid('collection_id'),
    position: integer('position').notNull().default(0),
    authorId: uuid('author_id').references(() => agents.id, { onDelete: 'set null' }),
    /** Alternative formats shown beside the article: a product tour (engagement module) and a video. */
    tourId: text('tour_id'),
    videoUrl: text('video_url'),
    /** Set when an agent turned a reply into this article: the conversation and the reply it came from. */
    sourceConversationId: uuid('source_conversation_id'),
    sourceMessageId: uuid('source_message_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('articles_collection_idx').on(t.workspaceId, t.collectionId, t.position),
    uniqueIndex('articles_source_message_key').on(t.workspaceId, t.sourceMessageId),
  ],
);

/**
 * A translation holds the working draft (title … html) and, once published, a snapshot of what
 * readers see (published_*). Editing a published translation changes the draft only until it is
 * published again.
 */
export const articleTranslations = pgTable(
  'article_translations',
  {
    workspaceId: workspaceId(),
    articleId: uuid('article_id').notNull(),
    locale: text('locale').notNull(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    body: text('body').notNull().default(''),
    /** The body rendered and sanitized; never written from anywhere but the renderer. */
    html: text('html').notNull().default(''),
    publishedTitle: text('published_title'),
    publishedDescription: text('published_description'),
    publishedBody: text('published_body'),
    publishedHtml: text('published_html'),
    publishedAt: ts('published_at'),
    updatedBy: uuid('updated_by').references(() => agents.id, { onDelete: 'set null' }),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.articleId, t.locale] }),
    uniqueIndex('article_translations_slug_key').on(t.workspaceId, t.locale, t.slug),
  ],
);

export const articleRevisions = pgTable(
  'article_revisions',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    articleId: uuid('article_id').notNull(),
    locale: text('locale').notNull(),
    kind: text('kind', { enum: ['created', 'saved', 'published', 'restored'] }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    body: text('body').notNull(),
    authorId: uuid('author_id').references(() => agents.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('article_revisions_article_idx').on(t.workspaceId, t.articleId, t.locale, t.createdAt)],
);

export const articleFeedback = pgTable(
  'article_feedback',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    articleId: uuid('article_id').notNull(),
    locale: text('locale').notNull(),
    helpful: boolean('helpful').notNull(),
    comment: text('comment'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('article_feedback_article_idx').on(t.workspaceId, t.articleId, t.locale)],
);

/** Every search from a reader, for content-gap analytics (queries with no or poor results). */
export const searchLog = pgTable(
  'search_log',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    query: text('query').notNull(),
    normalizedQuery: text('normalized_query').notNull(),
    locale: text('locale').notNull(),
    hits: integer('hits').notNull(),
    /** Hits in the reader's own locale; null for searches logged before this was kept. */
    ownLocaleHits: integer('own_locale_hits'),
    source: text('source', { enum: ['help_center', 'api', 'dashboard', 'messenger'] }).notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('search_log_created_idx').on(t.workspaceId, t.createdAt)],
);

/** Article page views on the Help Center; the reader is a daily-salted hash, never an address. */
export const articleViews = pgTable(
  'article_views',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    articleId: uuid('article_id').notNull(),
    locale: text('locale').notNull(),
    reader: text('reader').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('article_views_article_idx').on(t.workspaceId, t.articleId, t.locale)],
);

/** Images uploaded for articles; stored on disk under DATA_DIR/uploads by an unguessable name. */
export const uploads = pgTable(
  'uploads',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => agents.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex('uploads_name_key').on(t.name)],
);

/** Embeddings of published translations, kept so a restart or another node does not pay for them again. */
export const articleEmbeddings = pgTable(
  'article_embeddings',
  {
    workspaceId: uuid('workspace_id').notNull(),
    articleId: uuid('article_id').notNull(),
    locale: text('locale').notNull(),
    model: text('model').notNull(),
    /** SHA-256 of the embedded text: a changed article is embedded again. */
    contentHash: text('content_hash').notNull(),
    embedding: real('embedding').array().notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.articleId, t.locale, t.model] })],
);

/** Admins' map of product pages to suggested articles ("on /settings/billing suggest these three"), in order. */
export const helpPageSuggestions = pgTable(
  'help_page_suggestions',
  {
    workspaceId: workspaceId(),
    position: integer('position').notNull(),
    pattern: text('pattern').notNull(),
    articleIds: jsonb('article_ids').$type<string[]>().notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.position] })],
);
