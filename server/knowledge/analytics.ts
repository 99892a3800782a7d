import { sql } from 'drizzle-orm';
import type { AnalyticsDay, ANALYTICS_TABLES, ArticleStats, KnowledgeAnalytics, SearchGap, UnansweredQuestion } from '../../contracts/knowledge.ts';
import type { Db } from '../platform/db.ts';
import { groupQuestions, type Question } from './questions.ts';
import { draftLocale, suggestTitle } from './reply-draft.ts';
import { analyzeQuery } from './search/analyze.ts';
import { normalizeQuery } from './search-service.ts';

/**
 * What the content team sees: how each translation is read and rated, whether readers still
 * wrote in after reading, what they search for in vain, and what customers ask that no article
 * answers. The definitions are in docs/metrics.md. Reads the contacts' events and the Inbox's
 * conversations read-only, in SQL, like the insights reports.
 */

const DAY = 86_400_000;
/** Opening questions checked per report: the most recent conversations of the period. */
export const QUESTIONS_CHECKED = 1000;
/** A conversation counts as started after reading an article within this long of the view. */
export const AFTER_READING_HOURS = 24;
/** Only the opening of a long first message is searched, as a reader would type it. */
const QUESTION_CHARS = 300;
/** Unanswered question groups listed, largest first. */
const MAX_QUESTIONS = 200;

export interface AnalyticsDeps {
  db: Db;
  locales: string[];
  defaultLocale: string;
  /** How many articles search finds for this question (not logged as a reader's search). */
  answers(question: string, locale: string): Promise<number>;
}

async function rows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

export async function knowledgeAnalytics(deps: AnalyticsDeps, workspaceId: string, days: number): Promise<KnowledgeAnalytics> {
  const { db } = deps;
  const since = new Date(Date.now() - days * DAY).toISOString();
  const stats = await rows<{
    article_id: string;
    locale: string;
    title: string;
    views: number;
    readers: number;
    helpful: number;
    not_helpful: number;
    deflections: number;
    conversations_after: number;
  }>(
    db,
    sql`with v as (
          -- a reader key already includes its day, so this counts readers per day
          select article_id, locale, count(*)::int as views, count(distinct reader)::int as readers
          from article_views where workspace_id = ${workspaceId} and created_at >= ${since}::timestamptz
          group by article_id, locale),
        f as (
          select article_id, locale, count(*) filter (where helpful)::int as helpful, count(*) filter (where not helpful)::int as not_helpful
          from article_feedback where workspace_id = ${workspaceId} and created_at >= ${since}::timestamptz
          group by article_id, locale),
        d as (
          -- Messenger deflections are events on the contact (widget-routes.ts), with the article and locale shown
          select properties->>'article_id' as article_id, properties->>'locale' as locale, count(*)::int as deflections
          from events where workspace_id = ${workspaceId} and name = 'help_deflection' and occurred_at >= ${since}::timestamptz
          group by 1, 2),
        ca as (
          -- a reading is a Messenger view (an article_viewed event on the contact); Help Center pages are anonymous
          select e.properties->>'article_id' as article_id, e.properties->>'locale' as locale, count(distinct c.id)::int as conversations_after
          from events e
          join conversations c on c.workspace_id = e.workspace_id and c.contact_id = e.contact_id
            and c.created_at >= e.occurred_at and c.created_at < e.occurred_at + make_interval(hours => ${AFTER_READING_HOURS})
          where e.workspace_id = ${workspaceId} and e.name = 'article_viewed'
            and e.occurred_at >= ${since}::timestamptz - make_interval(hours => ${AFTER_READING_HOURS}) and c.created_at >= ${since}::timestamptz
          group by 1, 2)
        select t.article_id, t.locale, t.title, coalesce(v.views, 0) as views, coalesce(v.readers, 0) as readers,
               coalesce(f.helpful, 0) as helpful, coalesce(f.not_helpful, 0) as not_helpful, coalesce(d.deflections, 0) as deflections,
               coalesce(ca.conversations_after, 0) as conversations_after
        from article_translations t
        left join v on v.article_id = t.article_id and v.locale = t.locale
        left join f on f.article_id = t.article_id and f.locale = t.locale
        left join d on d.article_id = t.article_id::text and d.locale = t.locale
        left join ca on ca.article_id = t.article_id::text and ca.locale = t.locale
        where t.workspace_id = ${workspaceId} and t.published_at is not null
        order by views desc, t.title
        limit 1000`,
  );
  const poor = sql`(hits > 0 and own_locale_hits = 0)`;
  const gaps = await rows<{ query: string; searches: number; without_results: number; poor_results: number; locales: string[]; last_searched_at: Date | string }>(
    db,
    sql`select normalized_query as query, count(*)::int as searches, count(*) filter (where hits = 0)::int as without_results,
               count(*) filter (where ${poor})::int as poor_results,
               array_agg(distinct locale order by locale) as locales, max(created_at) as last_searched_at
        from search_log
        where workspace_id = ${workspaceId} and created_at >= ${since}::timestamptz
        group by normalized_query
        having count(*) filter (where hits = 0 or ${poor}) > 0
        order by count(*) filter (where hits = 0 or ${poor}) desc, searches desc, normalized_query
        limit 500`,
  );
  const perDay = await rows<{ date: string; kind: 'view' | 'search'; n: number; empty: number; poor: number }>(
    db,
    sql`select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as date, 'view' as kind, count(*)::int as n, 0 as empty, 0 as poor
        from article_views where workspace_id = ${workspaceId} and created_at >= ${since}::timestamptz group by 1
        union all
        select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD'), 'search', count(*)::int, (count(*) filter (where hits = 0))::int,
               (count(*) filter (where ${poor}))::int
        from search_log where workspace_id = ${workspaceId} and created_at >= ${since}::timestamptz group by 1`,
  );
  const daily = new Map<string, AnalyticsDay>();
  for (let i = days - 1; i >= 0; i--) {
    const date = new Date(Date.now() - i * DAY).toISOString().slice(0, 10);
    daily.set(date, { date, views: 0, searches: 0, without_results: 0, poor_results: 0 });
  }
  for (const r of perDay) {
    const d = daily.get(r.date);
    if (!d) continue;
    if (r.kind === 'view') d.views = r.n;
    else Object.assign(d, { searches: r.n, without_results: r.empty, poor_results: r.poor });
  }
  const { questions, checked } = await unansweredQuestions(deps, workspaceId, since);
  return {
    days,
    daily: [...daily.values()],
    articles: stats.map(
      (s): ArticleStats => ({ ...s, helpful_ratio: s.helpful + s.not_helpful > 0 ? Math.round((s.helpful / (s.helpful + s.not_helpful)) * 1000) / 1000 : null }),
    ),
    gaps: gaps.map((g): SearchGap => ({ ...g, last_searched_at: new Date(g.last_searched_at).toISOString() })),
    questions,
    questions_checked: checked,
  };
}

const termsOf = (text: string, locale: string) =>
  analyzeQuery(text, locale)
    .units.filter((u) => !u.stop)
    .map((u) => u.term);

/**
 * The first customer message of each recent conversation, grouped into questions; a group is
 * unanswered when search finds no article for its most frequent wording.
 */
async function unansweredQuestions(deps: AnalyticsDeps, workspaceId: string, since: string): Promise<{ questions: UnansweredQuestion[]; checked: number }> {
  const opening = await rows<{ id: string; created_at: Date | string; body: string; contact_locale: string | null }>(
    deps.db,
    sql`select c.id, c.created_at, m.body, ct.locale as contact_locale
        from conversations c
        join lateral (select body from messages m where m.workspace_id = c.workspace_id and m.conversation_id = c.id and m.author_type = 'contact'
                      order by m.seq limit 1) m on true
        left join contacts ct on ct.workspace_id = c.workspace_id and ct.id = c.contact_id
        where c.workspace_id = ${workspaceId} and c.created_at >= ${since}::timestamptz
        order by c.created_at desc, c.id
        limit ${QUESTIONS_CHECKED}`,
  );
  const asked: Question[] = opening.flatMap((o) => {
    const locale = draftLocale(deps.locales, deps.defaultLocale, o.contact_locale, o.body);
    // The sentence that asks, as a reader would type it: greetings and context stay out of the search.
    const text = normalizeQuery(suggestTitle(o.body.slice(0, QUESTION_CHARS), locale).replace(/…$/, ''));
    return text ? [{ conversationId: o.id, at: new Date(o.created_at), text, locale }] : [];
  });
  const questions: UnansweredQuestion[] = [];
  for (const g of groupQuestions(asked, termsOf)) {
    if ((await deps.answers(g.question, g.locale)) > 0) continue;
    questions.push({
      question: g.question,
      conversations: g.members.length,
      locales: [...new Set(g.members.map((m) => m.locale))].sort(),
      conversation_ids: g.members.slice(0, 5).map((m) => m.conversationId),
      last_asked_at: g.members[0]!.at.toISOString(),
    });
    if (questions.length >= MAX_QUESTIONS) break;
  }
  return { questions, checked: opening.length };
}

export type AnalyticsTable = (typeof ANALYTICS_TABLES)[number];
type Cell = string | number | null;

/** The CSV export of each table on the analytics screen: its file name, columns and rows. */
export const analyticsTables: Record<AnalyticsTable, { file: string; header: string[]; rows: (a: KnowledgeAnalytics) => Cell[][] }> = {
  articles: {
    file: 'articles',
    header: ['article_id', 'locale', 'title', 'views', 'readers', 'helpful', 'not_helpful', 'helpful_ratio', 'deflections', 'conversations_after'],
    rows: (a) => a.articles.map((s) => [s.article_id, s.locale, s.title, s.views, s.readers, s.helpful, s.not_helpful, s.helpful_ratio, s.deflections, s.conversations_after]),
  },
  searches: {
    file: 'search-gaps',
    header: ['query', 'searches', 'without_results', 'poor_results', 'locales', 'last_searched_at'],
    rows: (a) => a.gaps.map((g) => [g.query, g.searches, g.without_results, g.poor_results, g.locales.join(' '), g.last_searched_at]),
  },
  questions: {
    file: 'unanswered-questions',
    header: ['question', 'conversations', 'locales', 'conversation_ids', 'last_asked_at'],
    rows: (a) => a.questions.map((q) => [q.question, q.conversations, q.locales.join(' '), q.conversation_ids.join(' '), q.last_asked_at]),
  },
  daily: {
    file: 'daily',
    header: ['date', 'views', 'searches', 'without_results', 'poor_results'],
    rows: (a) => a.daily.map((d) => [d.date, d.views, d.searches, d.without_results, d.poor_results]),
  },
};

/** RFC 4180 CSV; cells that a spreadsheet would run as a formula are prefixed with an apostrophe. */
export function toCsv(header: string[], records: Cell[][]): string {
  const cell = (v: Cell) => {
    let s = v === null ? '' : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...records].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
