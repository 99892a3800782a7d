import { z } from 'zod';
import { Limit, pageOf, Uuid } from './common.ts';

/** REST v1 and dashboard wire format of the knowledge base (collections, articles, search). */

/** The locales every Help Center offers unless its settings add more. */
export const DEFAULT_HELP_LOCALES = ['en', 'zh-Hans', 'zh-Hant', 'ru', 'kk'] as const;

export const HelpLocale = z
  .string()
  .regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}$/, 'Use a BCP 47 language tag such as en, ru or zh-Hant')
  .max(35);

const Text = (max: number) => z.string().max(max);
export const Slug = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .regex(/^[\p{Ll}\p{Lo}\p{Lm}\p{M}\p{N}]+(?:-[\p{Ll}\p{Lo}\p{Lm}\p{M}\p{N}]+)*$/u, 'Use lowercase letters, digits and single hyphens');
const HttpsUrl = z.url({ protocol: /^https?$/ }).max(2000);

export const CollectionText = z.strictObject({ name: z.string().trim().min(1).max(200), description: Text(1000).default('') });
export const CollectionTranslations = z
  .record(HelpLocale, CollectionText)
  .refine((t) => Object.keys(t).length > 0, 'Give the name in at least one locale');

export const Collection = z.object({
  id: Uuid,
  parent_id: Uuid.nullable(),
  position: z.number().int(),
  translations: z.record(z.string(), z.object({ name: z.string(), description: z.string() })),
  article_count: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Collection = z.infer<typeof Collection>;

export const CollectionCreate = z.strictObject({
  parent_id: Uuid.nullable().optional().describe('A top-level collection; collections nest one level'),
  position: z.number().int().min(0).max(100_000).optional(),
  translations: CollectionTranslations,
});
export type CollectionCreate = z.infer<typeof CollectionCreate>;
export const CollectionUpdate = CollectionCreate.partial();
export type CollectionUpdate = z.infer<typeof CollectionUpdate>;

export const TranslationState = z.enum(['draft', 'published']);

export const ArticleTranslation = z.object({
  locale: z.string(),
  slug: z.string(),
  title: z.string(),
  description: z.string(),
  body: z.string(),
  html: z.string().describe('The draft body rendered and sanitized'),
  state: TranslationState,
  has_unpublished_changes: z.boolean(),
  published_at: z.string().nullable(),
  updated_at: z.string(),
  url: z.string().nullable().describe('The public Help Center page, once published'),
});
export type ArticleTranslation = z.infer<typeof ArticleTranslation>;

export const Article = z.object({
  id: Uuid,
  collection_id: Uuid.nullable(),
  position: z.number().int(),
  author_id: Uuid.nullable(),
  tour_id: z.string().nullable(),
  video_url: z.string().nullable(),
  source_conversation_id: Uuid.nullable().describe('The conversation whose reply this article was made from'),
  translations: z.array(ArticleTranslation),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Article = z.infer<typeof Article>;
export const ArticlePage = pageOf(Article);
export type ArticlePage = z.infer<typeof ArticlePage>;

export const TranslationInput = z.strictObject({
  title: z.string().trim().min(1).max(250),
  slug: Slug.optional().describe('Made from the title when left out'),
  description: Text(500).optional(),
  body: Text(200_000).optional().describe('Markdown'),
});
export type TranslationInput = z.infer<typeof TranslationInput>;

const articleFields = {
  collection_id: Uuid.nullable(),
  position: z.number().int().min(0).max(100_000),
  tour_id: z.string().trim().min(1).max(100).nullable().describe('A product tour shown beside the article'),
  video_url: HttpsUrl.nullable().describe('A video shown beside the article'),
};

export const ArticleUpdate = z.strictObject(articleFields).partial();
export type ArticleUpdate = z.infer<typeof ArticleUpdate>;

export const ArticleCreate = ArticleUpdate.extend({
  translations: z
    .record(HelpLocale, TranslationInput)
    .refine((t) => Object.keys(t).length > 0, 'Give at least one translation'),
  publish: z.boolean().optional().describe('Publish every given translation at once'),
});
export type ArticleCreate = z.infer<typeof ArticleCreate>;

export const ArticleFromReply = z.strictObject({
  conversation_id: Uuid,
  message_id: Uuid.describe("The agent's reply that becomes the article's body"),
});
export type ArticleFromReply = z.infer<typeof ArticleFromReply>;

export const ArticleListQuery = z.object({
  collection_id: Uuid.optional(),
  locale: HelpLocale.optional().describe('Only articles with a translation in this locale'),
  state: TranslationState.optional().describe('With locale: only translations in this state'),
  cursor: Uuid.optional().describe('next_cursor of the previous page'),
  limit: Limit,
});
export type ArticleListQuery = z.infer<typeof ArticleListQuery>;

export const TranslationParams = z.object({ id: Uuid, locale: HelpLocale });
export const RevisionParams = z.object({ id: Uuid, locale: HelpLocale, revision_id: Uuid });

export const Revision = z.object({
  id: Uuid,
  locale: z.string(),
  kind: z.enum(['created', 'saved', 'published', 'restored']),
  title: z.string(),
  description: z.string(),
  body: z.string(),
  author_id: Uuid.nullable(),
  created_at: z.string(),
});
export type Revision = z.infer<typeof Revision>;

export const ArticleSearchQuery = z.object({
  q: z.string().trim().min(1).max(500),
  locale: HelpLocale.optional().describe("The reader's locale; defaults to the workspace's"),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const SearchResult = z.object({
  article_id: Uuid,
  locale: z.string(),
  title: z.string(),
  title_highlight: z.string().describe('HTML-escaped title, matched words in <mark>'),
  snippet: z.string().describe('HTML-escaped passage, matched words in <mark>'),
  description: z.string(),
  collection_id: Uuid.nullable(),
  url: z.string(),
  score: z.number(),
});
export type SearchResult = z.infer<typeof SearchResult>;
export const SearchResults = z.object({ data: z.array(SearchResult) });

export const HelpCenterSettings = z.object({
  locales: z.array(z.string()),
  default_locale: z.string(),
  title: z.string().nullable(),
  logo_url: z.string().nullable(),
  brand_color: z.string().nullable(),
  header_links: z.array(z.object({ label: z.string(), url: z.string() })),
  custom_domain: z.string().nullable(),
  url: z.string(),
});
export type HelpCenterSettings = z.infer<typeof HelpCenterSettings>;

export const HelpCenterSettingsUpdate = z.strictObject({
  locales: z.array(HelpLocale).min(1).max(30).optional(),
  title: z.string().trim().min(1).max(100).nullable().optional(),
  logo_url: HttpsUrl.nullable().optional(),
  brand_color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour like #3355ff').nullable().optional(),
  header_links: z.array(z.strictObject({ label: z.string().trim().min(1).max(60), url: HttpsUrl })).max(8).optional(),
  custom_domain: z
    .string()
    .trim()
    .toLowerCase()
    .max(253)
    .regex(/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'Use a host name such as help.example.com')
    .nullable()
    .optional()
    .describe('Point this host at Baton (DNS and TLS on your side) to serve the Help Center at its root'),
});
export type HelpCenterSettingsUpdate = z.infer<typeof HelpCenterSettingsUpdate>;

export const PreviewBody = z.strictObject({ body: Text(200_000) });
export const Upload = z.object({ id: Uuid, url: z.string(), content_type: z.string(), size: z.number().int() });
export type Upload = z.infer<typeof Upload>;

export const AnalyticsQuery = z.object({ days: z.coerce.number().int().min(1).max(365).default(30) });
/** Every table of the content analytics screen, downloadable as CSV. */
export const ANALYTICS_TABLES = ['articles', 'searches', 'questions', 'daily'] as const;
export const AnalyticsTableParams = z.object({ table: z.enum(['articles.csv', 'searches.csv', 'questions.csv', 'daily.csv']) });

export const ArticleStats = z.object({
  article_id: Uuid,
  locale: z.string(),
  title: z.string(),
  views: z.number().int(),
  /** Distinct readers per day, added up over the period (readers are not followed across days). */
  readers: z.number().int(),
  helpful: z.number().int(),
  not_helpful: z.number().int(),
  /** helpful / (helpful + not helpful), or null without votes */
  helpful_ratio: z.number().nullable(),
  /** Suggestions read while a question was typed in the Messenger, the question then not sent. */
  deflections: z.number().int(),
  /** Conversations the same contact started within 24 h after reading it (docs/metrics.md). */
  conversations_after: z.number().int(),
});
export type ArticleStats = z.infer<typeof ArticleStats>;

export const SearchGap = z.object({
  query: z.string().describe('The normalized query the searches are grouped by'),
  searches: z.number().int(),
  without_results: z.number().int(),
  /** Searches whose results were all in another locale than the reader's. */
  poor_results: z.number().int(),
  locales: z.array(z.string()),
  last_searched_at: z.string(),
});
export type SearchGap = z.infer<typeof SearchGap>;

export const UnansweredQuestion = z.object({
  question: z.string().describe('The most frequent wording of the group, normalized'),
  conversations: z.number().int(),
  locales: z.array(z.string()),
  /** A few of the conversations, newest first, to read them in the Inbox. */
  conversation_ids: z.array(Uuid),
  last_asked_at: z.string(),
});
export type UnansweredQuestion = z.infer<typeof UnansweredQuestion>;

export const AnalyticsDay = z.object({
  date: z.string().describe('YYYY-MM-DD (UTC)'),
  views: z.number().int(),
  searches: z.number().int(),
  without_results: z.number().int(),
  poor_results: z.number().int(),
});
export type AnalyticsDay = z.infer<typeof AnalyticsDay>;

export const KnowledgeAnalytics = z.object({
  days: z.number().int(),
  /** One entry per day of the period, oldest first, days without activity included. */
  daily: z.array(AnalyticsDay),
  articles: z.array(ArticleStats),
  gaps: z.array(SearchGap),
  /** Opening questions of conversations in the period that search finds no article for, grouped. */
  questions: z.array(UnansweredQuestion),
  /** How many conversations' opening questions were checked (the most recent ones, up to a cap). */
  questions_checked: z.number().int(),
});
export type KnowledgeAnalytics = z.infer<typeof KnowledgeAnalytics>;
