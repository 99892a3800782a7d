import { foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { RuleGroup } from '../../../contracts/segments.ts';
import { workspaces } from '../../workspaces/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const segments = pgTable(
  'segments',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    target: text('target', { enum: ['contact', 'company'] }).notNull(),
    rule: jsonb('rule').$type<RuleGroup>().notNull(),
    memberCount: integer('member_count').notNull().default(0),
    /** Null until the first refresh, which fills the segment silently (nobody "entered" it). */
    refreshedAt: ts('refreshed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

/** Who was in each segment at its last refresh: the refresh diffs against it to see who entered and left. */
export const segmentMembers = pgTable(
  'segment_members',
  {
    workspaceId: uuid('workspace_id').notNull(),
    segmentId: uuid('segment_id').notNull(),
    /** A contact or a company id, after the segment's target. */
    memberId: uuid('member_id').notNull(),
    enteredAt: ts('entered_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.segmentId, t.memberId] }),
    index('segment_members_member_idx').on(t.workspaceId, t.memberId),
    foreignKey({ columns: [t.workspaceId, t.segmentId], foreignColumns: [segments.workspaceId, segments.id] }).onDelete('cascade'),
  ],
);
