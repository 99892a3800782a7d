import { doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Criterion } from '../../contracts/qa.ts';
import { workspaces } from '../workspaces/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });
const workspaceId = () =>
  uuid('workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' });

/** A scorecard: weighted criteria reviewers score conversations on, and how many to sample weekly. */
export const qaScorecards = pgTable(
  'qa_scorecards',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    criteria: jsonb('criteria').$type<Criterion[]>().notNull(),
    weeklySample: integer('weekly_sample').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

/**
 * One reviewer's review of one conversation on one scorecard. The unique key makes sampling
 * idempotent: a rerun of the same week assigns nothing twice. `agent_id` is the conversation's
 * assignee when the review was assigned, so a later reassignment does not move old reviews.
 */
export const qaReviews = pgTable(
  'qa_reviews',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    scorecardId: uuid('scorecard_id').notNull(),
    conversationId: uuid('conversation_id').notNull(),
    agentId: uuid('agent_id').notNull(),
    reviewerId: uuid('reviewer_id').notNull(),
    source: text('source', { enum: ['sample', 'manual'] }).notNull(),
    status: text('status', { enum: ['pending', 'done'] }).notNull().default('pending'),
    scores: jsonb('scores').$type<Record<string, number>>().notNull().default({}),
    score: doublePrecision('score'),
    comment: text('comment').notNull().default(''),
    createdAt: ts('created_at').notNull().defaultNow(),
    completedAt: ts('completed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('qa_reviews_assignment_key').on(t.workspaceId, t.scorecardId, t.conversationId, t.reviewerId),
    index('qa_reviews_reviewer_idx').on(t.workspaceId, t.reviewerId, t.status),
    index('qa_reviews_agent_idx').on(t.workspaceId, t.agentId, t.completedAt),
  ],
);

/** A reviewer's comment on one message of the reviewed conversation. */
export const qaMessageComments = pgTable(
  'qa_message_comments',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    reviewId: uuid('review_id').notNull(),
    messageId: uuid('message_id').notNull(),
    body: text('body').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('qa_message_comments_review_idx').on(t.workspaceId, t.reviewId)],
);
