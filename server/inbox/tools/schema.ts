import { index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { workspaces } from '../../workspaces/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });
const workspaceId = () =>
  uuid('workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' });

/** Internal notes: a table of their own, so no path that serves messages to a customer can reach one. */
export const conversationNotes = pgTable(
  'conversation_notes',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    conversationId: uuid('conversation_id').notNull(),
    authorId: uuid('author_id').notNull(),
    authorName: text('author_name').notNull(),
    body: text('body').notNull(),
    bodyHtml: text('body_html').notNull(),
    mentionIds: jsonb('mention_ids').$type<string[]>().notNull().default([]),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('conversation_notes_conversation_idx').on(t.workspaceId, t.conversationId, t.createdAt)],
);

/** The workspace's tag list. */
export const tags = pgTable(
  'tags',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    /** Lower-cased name: "Bug" and "bug" are one tag. */
    key: text('key').notNull(),
    color: text('color').notNull().default('gray'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex('tags_key_key').on(t.workspaceId, t.key)],
);

export const conversationTags = pgTable(
  'conversation_tags',
  {
    workspaceId: workspaceId(),
    conversationId: uuid('conversation_id').notNull(),
    tagId: uuid('tag_id').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.conversationId, t.tagId] }),
    index('conversation_tags_tag_idx').on(t.workspaceId, t.tagId),
    // Tagged lately, for the insights facts sweep (insights/facts.ts).
    index('conversation_tags_created_idx').on(t.workspaceId, t.createdAt),
  ],
);

/** Saved replies (macros): a default body and optional versions per contact locale. */
export const savedReplies = pgTable(
  'saved_replies',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    body: text('body').notNull(),
    translations: jsonb('translations').$type<Record<string, string>>().notNull().default({}),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex('saved_replies_name_key').on(t.workspaceId, t.name)],
);

/** What an agent should look at: being @mentioned in a note, or a finished QA review of their conversation. */
export const agentNotifications = pgTable(
  'agent_notifications',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    agentId: uuid('agent_id').notNull(),
    kind: text('kind', { enum: ['mention', 'qa_review'] }).notNull(),
    conversationId: uuid('conversation_id').notNull(),
    noteId: uuid('note_id'),
    actorName: text('actor_name').notNull(),
    excerpt: text('excerpt').notNull(),
    readAt: ts('read_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('agent_notifications_agent_idx').on(t.workspaceId, t.agentId, t.createdAt)],
);

/**
 * The search index of conversations: each term (stem, bigram or marked raw word, see
 * search-terms.ts) of their messages and notes, once per conversation.
 */
export const conversationTerms = pgTable(
  'conversation_terms',
  {
    workspaceId: workspaceId(),
    term: text('term').notNull(),
    conversationId: uuid('conversation_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.term, t.conversationId] }), index('conversation_terms_conversation_idx').on(t.workspaceId, t.conversationId)],
);
