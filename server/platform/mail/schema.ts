import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Every e-mail Baton sends is written here first. With SMTP configured the row records delivery;
 * without it this table is the dev mailbox shown in the dashboard, so nothing is lost offline.
 */
export const outboxEmails = pgTable(
  'outbox_emails',
  {
    id: uuid('id').primaryKey(),
    /** Null for mail that belongs to no workspace yet (password reset of a multi-workspace agent). */
    workspaceId: uuid('workspace_id'),
    to: text('to').notNull(),
    from: text('from').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html'),
    headers: jsonb('headers').$type<Record<string, string>>().notNull().default({}),
    status: text('status', { enum: ['queued', 'sent', 'failed', 'captured'] }).notNull(),
    error: text('error'),
    messageId: text('message_id'),
    /** When its send job was created; null for mail written in a transaction and not handed over yet. */
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('outbox_emails_workspace_idx').on(t.workspaceId, t.createdAt)],
);
