import { foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { conversations } from '../schema.ts';
import { workspaces } from '../../workspaces/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });
const workspaceId = () =>
  uuid('workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' });

/**
 * A workspace's e-mail channel: its inbound key names the support address
 * (`<key>@<MAIL_INBOUND_DOMAIN>`, where the team forwards its support mail) and prefixes every
 * reply address; the reply secret signs the conversation in a reply address.
 */
export const emailChannels = pgTable(
  'email_channels',
  {
    workspaceId: workspaceId(),
    inboundKey: text('inbound_key').notNull(),
    replySecret: text('reply_secret').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId] }), uniqueIndex('email_channels_inbound_key').on(t.inboundKey)],
);

/**
 * Every message that went out or came in by e-mail, by its Message-ID (lowercase, without
 * brackets): replies are threaded by looking up their In-Reply-To and References here, a
 * redelivered e-mail is recognised, and an agent message is e-mailed at most once.
 */
export const emailMessages = pgTable(
  'email_messages',
  {
    workspaceId: workspaceId(),
    messageId: text('message_id').notNull(),
    conversationId: uuid('conversation_id').notNull(),
    seq: integer('seq').notNull(),
    direction: text('direction', { enum: ['in', 'out'] }).notNull(),
    subject: text('subject').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.messageId] }),
    uniqueIndex('email_messages_seq_key').on(t.workspaceId, t.conversationId, t.seq),
    index('email_messages_conversation_idx').on(t.workspaceId, t.conversationId, t.createdAt),
    // A deleted conversation (its contact was deleted) takes its Message-IDs with it.
    foreignKey({ columns: [t.workspaceId, t.conversationId], foreignColumns: [conversations.workspaceId, conversations.id] }).onDelete('cascade'),
  ],
);
