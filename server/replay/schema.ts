import { index, integer, jsonb, pgTable, primaryKey, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Batches of a session recording (rrweb events, inputs already masked in the browser), one row
 * per upload. Append-only and frequent, so like `events` it carries `workspace_id` without a
 * foreign key; contact deletion and the retention job remove rows.
 */
export const replayChunks = pgTable(
  'replay_chunks',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    contactId: uuid('contact_id').notNull(),
    visitorId: uuid('visitor_id').notNull(),
    /** One page load's recording; `seq` orders its chunks. */
    recordingId: uuid('recording_id').notNull(),
    seq: integer('seq').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }).notNull(),
    events: jsonb('events').$type<Array<Record<string, unknown>>>().notNull(),
    bytes: integer('bytes').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('replay_chunks_recording_seq').on(t.workspaceId, t.recordingId, t.seq),
    index('replay_chunks_contact_time').on(t.workspaceId, t.contactId, t.endedAt),
    index('replay_chunks_created').on(t.workspaceId, t.createdAt),
  ],
);
