import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A contact's latest answer to one survey question; answering again replaces it. */
export const surveyAnswers = pgTable(
  'survey_answers',
  {
    workspaceId: uuid('workspace_id').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    questionId: text('question_id').notNull(),
    answer: jsonb('answer').$type<number | string | string[]>().notNull(),
    /** The answer of a scored question (NPS, CSAT, rating), for aggregates in SQL. */
    score: integer('score'),
    answeredAt: timestamp('answered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.campaignId, t.contactId, t.questionId] })],
);

/** Checklist items a contact ticked themselves (items done by an event are read from the events). */
export const checklistTicks = pgTable(
  'checklist_ticks',
  {
    workspaceId: uuid('workspace_id').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    itemId: text('item_id').notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.campaignId, t.contactId, t.itemId] })],
);
