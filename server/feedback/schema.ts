import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { FeedbackKind, FeedbackLinkSource, FeedbackStatus, NotifyChannel } from '../../contracts/feedback.ts';
import { workspaces } from '../workspaces/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });
const workspaceId = () =>
  uuid('workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' });

/** A bug, UI/UX problem, feature request or known limitation customers told the team about. */
export const feedbackItems = pgTable(
  'feedback_items',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    kind: text('kind').$type<FeedbackKind>().notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    status: text('status').$type<FeedbackStatus>().notNull().default('new'),
    shippedAt: ts('shipped_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

/**
 * A conversation that tells of an item. The conversation is not a foreign key: its contact and
 * companies are read when the numbers are, so merges and company changes count as they are now,
 * and a link whose conversation was deleted (with its contact) no longer counts.
 */
export const feedbackLinks = pgTable(
  'feedback_links',
  {
    workspaceId: uuid('workspace_id').notNull(),
    itemId: uuid('item_id').notNull(),
    conversationId: uuid('conversation_id').notNull(),
    source: text('source').$type<FeedbackLinkSource>().notNull(),
    agentId: uuid('agent_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.itemId, t.conversationId] }),
    index('feedback_links_conversation_idx').on(t.workspaceId, t.conversationId),
  ],
);

/** One "notify affected customers" of an item: a durable job works through the customers. */
export const feedbackNotifyRuns = pgTable(
  'feedback_notify_runs',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    itemId: uuid('item_id').notNull(),
    channel: text('channel').$type<NotifyChannel>().notNull(),
    defaultLocale: text('default_locale').notNull(),
    texts: jsonb('texts').$type<Partial<Record<string, { subject?: string; body: string }>>>().notNull(),
    /** Who sent it: Messenger messages are written in their name (none: the REST API, as a bot). */
    agentId: uuid('agent_id'),
    total: integer('total').notNull(),
    sent: integer('sent').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('feedback_notify_runs_item_idx').on(t.workspaceId, t.itemId, t.createdAt)],
);

/**
 * Each customer told about an item, at most once whatever the run or retry: the row is claimed
 * (with the conversation a Messenger message goes to) before anything is sent, and marked sent after.
 */
export const feedbackNotified = pgTable(
  'feedback_notified',
  {
    workspaceId: uuid('workspace_id').notNull(),
    itemId: uuid('item_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    runId: uuid('run_id').notNull(),
    conversationId: uuid('conversation_id'),
    sentAt: ts('sent_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.itemId, t.contactId] })],
);
