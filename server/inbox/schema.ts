import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { AttachmentRef } from '../../contracts/messenger.ts';
import { workspaces } from '../workspaces/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });
const workspaceId = () =>
  uuid('workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' });

/**
 * A browser running the Messenger. Its token (stored hashed) is what the widget shows on every
 * call; `verified_contact` is set only when the product's backend vouched for the user, and is
 * what lets a session see conversations other browsers of the same contact started.
 */
export const messengerVisitors = pgTable(
  'messenger_visitors',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    tokenHash: text('token_hash').notNull(),
    contactId: uuid('contact_id').notNull(),
    verified: boolean('verified').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('messenger_visitors_token_key').on(t.workspaceId, t.tokenHash),
    index('messenger_visitors_contact_idx').on(t.workspaceId, t.contactId),
  ],
);

/**
 * Contacts are not foreign keys here: a lead merged into a user is deleted, and its
 * conversations follow it (contacts' merge moves every registered contact reference); a
 * deleted contact's conversations go with it (the Inbox's delete hook).
 */
export const conversations = pgTable(
  'conversations',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    contactId: uuid('contact_id').notNull(),
    /** The browser that started it; an unverified session sees only its own browser's conversations. */
    visitorId: uuid('visitor_id'),
    /** The opening message's client id, so a retried "start conversation" never starts two. */
    clientId: text('client_id'),
    channel: text('channel', { enum: ['messenger', 'api', 'email'] }).notNull(),
    state: text('state', { enum: ['open', 'snoozed', 'closed'] }).notNull().default('open'),
    assigneeId: uuid('assignee_id'),
    /** When the current assignee got it: routing's round-robin gives the next one to whoever waited longest. */
    assignedAt: ts('assigned_at'),
    teamId: uuid('team_id'),
    /** Marked priority (by an agent or a routing rule). */
    priority: boolean('priority').notNull().default(false),
    lastSeq: integer('last_seq').notNull().default(0),
    contactLastReadSeq: integer('contact_last_read_seq').notNull().default(0),
    agentLastReadSeq: integer('agent_last_read_seq').notNull().default(0),
    snoozedUntil: ts('snoozed_until'),
    lastMessageAt: ts('last_message_at'),
    lastContactMessageAt: ts('last_contact_message_at'),
    lastAgentMessageAt: ts('last_agent_message_at'),
    firstResponseAt: ts('first_response_at'),
    closedAt: ts('closed_at'),
    /** The customer's satisfaction rating (1–5) after the conversation was closed; the latest counts. */
    csatRating: integer('csat_rating'),
    csatComment: text('csat_comment'),
    csatAt: ts('csat_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('conversations_client_id_key').on(t.workspaceId, t.clientId),
    index('conversations_state_idx').on(t.workspaceId, t.state, t.lastMessageAt, t.id),
    index('conversations_contact_idx').on(t.workspaceId, t.contactId, t.lastMessageAt),
    index('conversations_assignee_idx').on(t.workspaceId, t.assigneeId, t.state),
    // What changed lately: the insights facts sweep's every-5-minutes question (insights/facts.ts).
    index('conversations_updated_idx').on(t.workspaceId, t.updatedAt),
    // Conversations created in a range: the ticket-volume report counts the current week live and
    // its rollup job the last weeks (insights/activity-rollup.ts), without reading the whole workspace.
    index('conversations_created_idx').on(t.workspaceId, t.createdAt),
    // What waits for an agent in a team (see routing/assignment.ts): small, scanned every minute.
    index('conversations_waiting_idx')
      .on(t.workspaceId, t.teamId, t.createdAt)
      .where(sql`${t.state} = 'open' and ${t.assigneeId} is null and ${t.teamId} is not null`),
  ],
);

/** Messages, numbered 1, 2, 3… per conversation in the transaction that stores them. */
export const messages = pgTable(
  'messages',
  {
    workspaceId: workspaceId(),
    conversationId: uuid('conversation_id').notNull(),
    seq: integer('seq').notNull(),
    id: uuid('id').notNull(),
    clientId: text('client_id').notNull(),
    authorType: text('author_type', { enum: ['contact', 'agent', 'bot'] }).notNull(),
    authorId: uuid('author_id'),
    /** As it was when written: renaming an agent does not rewrite history. */
    authorName: text('author_name'),
    body: text('body').notNull(),
    bodyHtml: text('body_html').notNull(),
    /** Files sent with the message, as shown on the wire (see attachments). */
    attachments: jsonb('attachments').$type<AttachmentRef[]>().notNull().default([]),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.conversationId, t.seq] }),
    uniqueIndex('messages_client_id_key').on(t.workspaceId, t.conversationId, t.clientId),
    uniqueIndex('messages_id_key').on(t.workspaceId, t.id),
  ],
);

/**
 * A file sent in a conversation, stored on disk under DATA_DIR. The download URL carries a
 * random token (the capability to read it), checked against this row on every download.
 */
export const attachments = pgTable(
  'attachments',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    conversationId: uuid('conversation_id').notNull(),
    token: text('token').notNull(),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('attachments_conversation_idx').on(t.workspaceId, t.conversationId)],
);

/** When an agent last had the Inbox open: the Messenger's "team online" comes from it. */
export const agentPresence = pgTable(
  'agent_presence',
  {
    workspaceId: workspaceId(),
    agentId: uuid('agent_id').notNull(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    /** Set by the agent or by the dashboard after inactivity; an away agent does not count as online. */
    status: text('status', { enum: ['online', 'away'] }).notNull().default('online'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.agentId] })],
);
