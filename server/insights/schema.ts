import { sql } from 'drizzle-orm';
import { boolean, date, doublePrecision, index, integer, numeric, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * Every time a conversation was closed. The Inbox keeps only the last close on the conversation;
 * reopen rates need the history, which insights records from `conversation.closed`.
 */
export const conversationCloses = pgTable(
  'conversation_closes',
  {
    workspaceId: uuid('workspace_id').notNull(),
    conversationId: uuid('conversation_id').notNull(),
    closedAt: ts('closed_at').notNull(),
  },
  // The second index answers the facts sweep's "closed lately" (facts.ts).
  (t) => [primaryKey({ columns: [t.workspaceId, t.conversationId, t.closedAt] }), index('conversation_closes_closed_idx').on(t.workspaceId, t.closedAt)],
);

/** Who receives the weekly support digest, and the last week (ISO, e.g. 2026-W49) it was sent for. */
export const digestSubscriptions = pgTable(
  'digest_subscriptions',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    agentId: uuid('agent_id').notNull(),
    weeklyDigest: boolean('weekly_digest').notNull().default(false),
    lastSentWeek: text('last_sent_week'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.agentId] })],
);

/**
 * Every plan and MRR a company had, from when. Written by a trigger on `companies` (in the
 * migration) in the same transaction as the change, whichever path made it: Segment `group`
 * traits, the REST API or the dashboard. Customer outcomes read a company's state at any date here.
 */
export const companyMrrHistory = pgTable(
  'company_mrr_history',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().default(sql`gen_random_uuid()`),
    companyId: uuid('company_id').notNull(),
    at: ts('at').notNull(),
    plan: text('plan'),
    mrr: numeric('mrr', { precision: 14, scale: 2, mode: 'number' }),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('company_mrr_history_company_idx').on(t.workspaceId, t.companyId, t.at)],
);

/** The workspace's milestone event for time to first value; a workspace without a row has none. */
export const ttfvSettings = pgTable('ttfv_settings', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  milestoneEvent: text('milestone_event').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
/**
 * Active contacts and companies, conversations and help deflections per complete UTC week (`week`
 * is its Monday 00:00), written by the daily rollup job: counting them over a year of events and
 * conversations is the ticket-volume report's heaviest part, and a complete week hardly changes.
 * The report reads a week here when it is present with every count.
 */
export const weeklyActivity = pgTable(
  'insights_weekly_activity',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    week: ts('week').notNull(),
    activeContacts: integer('active_contacts').notNull(),
    activeCompanies: integer('active_companies').notNull(),
    // Nullable on purpose: rows written before these columns existed hold null, which the report
    // and the job read as "week not rolled up" (counted live, rewritten on the next run), where a
    // default of 0 would have been read as a week without conversations.
    /** Conversations created in the week; of contacts in a company (the company unit's count). */
    conversations: integer('conversations'),
    companyConversations: integer('company_conversations'),
    /** `help_deflection` events in the week. */
    deflections: integer('deflections'),
    refreshedAt: ts('refreshed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.week] })],
);

/**
 * The weeks the daily rollup does not hold yet (the current one, and the last one until the job's
 * night run), recounted every few minutes by the open-weeks job (open-weeks.ts): the report counts
 * only the events since `counted_through` live. Distinct companies do not add up, so the job keeps
 * the set (insights_open_week_companies), not a count.
 */
export const openWeeks = pgTable(
  'insights_open_weeks',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    week: ts('week').notNull(),
    countedThrough: ts('counted_through').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.week] })],
);

/** The companies with an active contact in an open week, as of its recount. */
export const openWeekCompanies = pgTable(
  'insights_open_week_companies',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    week: ts('week').notNull(),
    companyId: uuid('company_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.week, t.companyId] })],
);

/**
 * One narrow row per conversation with everything the support report aggregates, kept by the
 * conversation-facts job (facts.ts) from the conversation, its messages, closes, routing, tags and
 * the contact's tier. The report reads the rows of its date range through the created_at index
 * instead of joining messages (all of them for a small range, else only those its daily rows, in
 * insights_support_daily, do not cover). `*_office_seconds` are the
 * same spans counted only while the conversation's team was open (calendar time without office hours).
 */
export const conversationFacts = pgTable(
  'insights_conversation_facts',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id').notNull(),
    createdAt: ts('created_at').notNull(),
    contactId: uuid('contact_id'),
    channel: text('channel').notNull(),
    teamId: uuid('team_id'),
    assigneeId: uuid('assignee_id'),
    tier: text('tier'),
    slaPolicyId: uuid('sla_policy_id'),
    tagIds: uuid('tag_ids').array(),
    closed: boolean('closed').notNull(),
    firstResponseAt: ts('first_response_at'),
    firstResponseDueAt: ts('first_response_due_at'),
    frtSeconds: doublePrecision('frt_seconds'),
    frtOfficeSeconds: doublePrecision('frt_office_seconds'),
    resolutionSeconds: doublePrecision('resolution_seconds'),
    resolutionOfficeSeconds: doublePrecision('resolution_office_seconds'),
    replies: integer('replies').notNull(),
    closes: integer('closes').notNull(),
    nextResponseSeconds: doublePrecision('next_response_seconds').array(),
    csatRating: integer('csat_rating'),
    refreshedAt: ts('refreshed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.conversationId] }), index('insights_conversation_facts_created_idx').on(t.workspaceId, t.createdAt)],
);

/**
 * Customer outcomes by SLA policy (outcomes.ts): one row per routed-with-policy conversation and
 * company of its contact, from the facts rows and contact_companies, so a company's latest policy
 * before an instant is one backward step of the (company, created_at) index instead of a join over
 * every conversation. Recomputed by the facts jobs for the conversations they write, in the same
 * transaction (facts.ts).
 */
export const companyConversations = pgTable(
  'insights_company_conversations',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id').notNull(),
    companyId: uuid('company_id').notNull(),
    createdAt: ts('created_at').notNull(),
    slaPolicyId: uuid('sla_policy_id').notNull(),
  },
  // The policy is in the index so the probe reads no heap page.
  (t) => [
    // Named: the default name is longer than PostgreSQL's 63 characters.
    primaryKey({ name: 'insights_company_conversations_pk', columns: [t.workspaceId, t.conversationId, t.companyId] }),
    index('insights_company_conversations_latest_idx').on(t.workspaceId, t.companyId, t.createdAt.desc(), t.slaPolicyId),
  ],
);

/** The groups' counts and histograms, a new set of column builders per table. */
const supportAggregate = () => ({
  dim: text('dim').notNull(),
  key: text('key'),
  conversations: integer('conversations').notNull(),
  responded: integer('responded').notNull(),
  closed: integer('closed').notNull(),
  repliedClosed: integer('replied_closed').notNull(),
  repliesSum: integer('replies_sum').notNull(),
  oneTouch: integer('one_touch').notNull(),
  everClosed: integer('ever_closed').notNull(),
  reopened: integer('reopened').notNull(),
  slaMet: integer('sla_met').notNull(),
  slaLate: integer('sla_late').notNull(),
  /** Unanswered with a due time, and the latest such due time: breached once it has passed. */
  slaWaiting: integer('sla_waiting').notNull(),
  slaWaitingDueMax: ts('sla_waiting_due_max'),
  csatResponses: integer('csat_responses').notNull(),
  csatGood: integer('csat_good').notNull(),
  frtB: integer('frt_b').array(),
  frtN: integer('frt_n').array(),
  frtOfficeB: integer('frt_office_b').array(),
  frtOfficeN: integer('frt_office_n').array(),
  resB: integer('res_b').array(),
  resN: integer('res_n').array(),
  resOfficeB: integer('res_office_b').array(),
  resOfficeN: integer('res_office_n').array(),
  nrtB: integer('nrt_b').array(),
  nrtN: integer('nrt_n').array(),
});

/**
 * The support report's daily pre-aggregate: per UTC day of creation and per group (`dim` is the
 * report's group_by, `key` the group's id or null), the facts rows' counts and, per duration, a
 * histogram over fixed log-scale buckets (`*_b` bucket numbers ascending, `*_n` their counts; see
 * daily.ts). Recomputed whole per day by the facts jobs right after the facts they come from, so a
 * report over many days reads a few narrow rows per day instead of every conversation.
 */
export const supportDaily = pgTable(
  'insights_support_daily',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    ...supportAggregate(),
  },
  (t) => [index('insights_support_daily_idx').on(t.workspaceId, t.dim, t.day)],
);

/**
 * The daily rows summed per ISO week (`week` is its Monday, UTC): a report over a month reads a
 * few week rows and the days around them instead of every day, so it merges a third as many
 * histograms. Recomputed from the daily rows of the week in the transaction that recomputed them.
 */
export const supportWeekly = pgTable(
  'insights_support_weekly',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    week: date('week', { mode: 'string' }).notNull(),
    ...supportAggregate(),
  },
  (t) => [index('insights_support_weekly_idx').on(t.workspaceId, t.dim, t.week)],
);

/**
 * Conversations created per UTC quarter-hour (`slot` is its start), from the facts rows. Every
 * time-zone offset in use is a multiple of 15 minutes, so a slot lies in one local day and hour of
 * any zone, DST included: the volume report reads at most 96 rows a day instead of every
 * conversation. Recomputed with the daily rows (daily.ts), for the same UTC days, in the same transaction.
 */
export const conversationQuarters = pgTable(
  'insights_conversation_quarters',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    slot: ts('slot').notNull(),
    conversations: integer('conversations').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.slot] })],
);

/** When the sweep last brought a workspace's conversation facts up to date, and last rebuilt them whole. */
export const conversationFactsState = pgTable('insights_conversation_facts_state', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  asOf: ts('as_of').notNull(),
  builtAt: ts('built_at').notNull(),
});
