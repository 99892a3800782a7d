import { z } from 'zod';
import { Uuid } from './common.ts';
import { FlagValue } from './experiments.ts';

/**
 * The Messenger's help space (`/widget/help/*`) and the pages-to-articles map admins edit
 * (`/api/app/knowledge/page-suggestions`). Widget calls are authorised like every /widget route
 * (app id + visitor token); the locale is the session's, with fallback to the Help Center's default.
 */

export const HelpLocaleQuery = z.object({ locale: z.string().min(2).max(35).optional() });

/** An article as a list shows it. */
export const HelpArticleRef = z.object({
  id: Uuid,
  slug: z.string(),
  locale: z.string(),
  title: z.string(),
  description: z.string(),
});
export type HelpArticleRef = z.infer<typeof HelpArticleRef>;

export const HelpCollection = z.object({
  id: Uuid,
  parent_id: Uuid.nullable(),
  name: z.string(),
  description: z.string(),
  articles: z.array(HelpArticleRef),
});
export type HelpCollection = z.infer<typeof HelpCollection>;

/**
 * A URL pattern of the product's pages: a path starting with "/", where `*` stands for one path
 * segment (or part of one) and `**` for anything, e.g. `/settings/billing`, `/projects/*\/settings`.
 */
export const PagePattern = z
  .string()
  .min(1)
  .max(300)
  .regex(/^\/[^\s?#]*$/, 'must be a path starting with "/" (no spaces, query or fragment)');

export const HelpPageRule = z.object({
  pattern: PagePattern,
  articles: z.array(HelpArticleRef),
});
export type HelpPageRule = z.infer<typeof HelpPageRule>;

export const HelpHome = z.object({
  help_center_url: z.string(),
  collections: z.array(HelpCollection),
  /** Articles without a collection. */
  articles: z.array(HelpArticleRef),
  /** Suggested articles per page pattern, in the admins' order; the widget matches the current path. */
  pages: z.array(HelpPageRule),
});
export type HelpHome = z.infer<typeof HelpHome>;

export const HelpSearchQuery = HelpLocaleQuery.extend({
  q: z.string().trim().min(1).max(500),
  limit: z.coerce.number().int().min(1).max(20).default(8),
  /** Suggestions while typing a question are not reader searches: not logged as content gaps. */
  purpose: z.enum(['search', 'suggest']).default('search'),
});

export const HelpSearchHit = HelpArticleRef.extend({ title_highlight: z.string(), snippet: z.string() });
export type HelpSearchHit = z.infer<typeof HelpSearchHit>;
export const HelpSearchResults = z.object({ data: z.array(HelpSearchHit) });

export const HelpArticleParams = z.object({ ref: z.string().min(1).max(200) });

export const HelpArticle = HelpArticleRef.extend({
  /** Sanitized when published (markdown.ts), followed by the article's video when it has one; safe to insert. */
  html: z.string(),
  url: z.string(),
  video_url: z.string().nullable(),
  /** A product tour offered as the article's alternative format (started by the engagement runtime). */
  tour_id: z.string().nullable(),
  collection: z.object({ id: Uuid, name: z.string() }).nullable(),
  updated_at: z.string(),
});
export type HelpArticle = z.infer<typeof HelpArticle>;

export const HELP_EVENTS = ['article_viewed', 'help_link_shown', 'help_link_clicked', 'article_suggested', 'help_deflection'] as const;
export type HelpEventName = (typeof HELP_EVENTS)[number];

export const HelpEventBody = z.object({
  name: z.enum(HELP_EVENTS),
  /** The article's id, or (as a help link on the page may name it) the slug of any of its translations; the event records the id. */
  article_id: z.string().trim().min(1).max(200),
  locale: z.string().min(2).max(35).optional(),
  /** Where the reader came from: a help link, a page suggestion, a suggestion while typing, search, a collection, the API. */
  source: z.enum(['help_link', 'page', 'typing', 'search', 'collection', 'api']).optional(),
  /** The question being typed (suggestions and deflections). */
  query: z.string().max(500).optional(),
  /** The host page's path. */
  path: z.string().max(500).optional(),
});
export type HelpEventBody = z.infer<typeof HelpEventBody>;

export const PageSuggestion = z.object({
  pattern: PagePattern,
  article_ids: z.array(Uuid).min(1).max(10),
});
export type PageSuggestion = z.infer<typeof PageSuggestion>;
export const PageSuggestions = z.object({ data: z.array(PageSuggestion).max(200) });
export type PageSuggestions = z.infer<typeof PageSuggestions>;

/** `/widget/flags`: the contact's flags, evaluated with the experiments' assignment. */
export const WidgetFlags = z.object({ flags: z.record(z.string(), FlagValue.nullable()) });
export type WidgetFlags = z.infer<typeof WidgetFlags>;
