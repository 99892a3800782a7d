import { sql } from 'drizzle-orm';
import { boolean, index, integer, numeric, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
  (t) => [primaryKey({ columns: [t.workspaceId, t.conversationId, t.closedAt] })],
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
 * Active contacts and companies per complete UTC week (`week` is its Monday 00:00), written by the
 * daily rollup job: counting distinct contacts over a year of events is the ticket-volume report's
 * heaviest part, and a complete week hardly changes. The report reads a week here when it is present.
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
    refreshedAt: ts('refreshed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.week] })],
);
