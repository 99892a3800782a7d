import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { SeriesStep, SeriesTrigger } from '../../contracts/engagement.ts';
import { workspaces } from '../workspaces/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });
const workspaceId = () =>
  uuid('workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' });

export const emailSeries = pgTable(
  'email_series',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    state: text('state', { enum: ['draft', 'live', 'paused'] }).notNull().default('draft'),
    trigger: jsonb('trigger').$type<SeriesTrigger>().notNull(),
    audienceSegmentId: uuid('audience_segment_id'),
    goal: jsonb('goal').$type<{ event: string } | null>(),
    defaultLocale: text('default_locale').notNull().default('en'),
    track: boolean('track').notNull().default(true),
    /** The steps in order; a person's progress is an index into them. */
    steps: jsonb('steps').$type<SeriesStep[]>().notNull(),
    /** Only what happens from here on enrols people: starting never mails the whole back catalogue. */
    startedAt: ts('started_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const seriesEnrollments = pgTable(
  'series_enrollments',
  {
    workspaceId: uuid('workspace_id').notNull(),
    seriesId: uuid('series_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    state: text('state', { enum: ['active', 'completed', 'goal_reached', 'unsubscribed'] }).notNull().default('active'),
    /** Index of the next step to send. */
    nextStep: integer('next_step').notNull().default(0),
    nextAt: ts('next_at').notNull(),
    enrolledAt: ts('enrolled_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.seriesId, t.contactId] }),
    index('series_enrollments_due_idx').on(t.workspaceId, t.state, t.nextAt),
  ],
);

/** One e-mail of a series to one person: what tracking and unsubscribe links point at. */
export const seriesDeliveries = pgTable(
  'series_deliveries',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    seriesId: uuid('series_id').notNull(),
    step: integer('step').notNull(),
    contactId: uuid('contact_id').notNull(),
    outboxId: uuid('outbox_id').notNull(),
    /** The unguessable part of this e-mail's tracking and unsubscribe URLs. */
    token: text('token').notNull(),
    /** The e-mail's links in order; a click URL carries only the index, so it can never redirect elsewhere. */
    links: jsonb('links').$type<string[]>().notNull().default([]),
    locale: text('locale').notNull(),
    sentAt: ts('sent_at').notNull().defaultNow(),
    openedAt: ts('opened_at'),
    clickedAt: ts('clicked_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('series_deliveries_step_idx').on(t.workspaceId, t.seriesId, t.step),
  ],
);

/** People who asked for no more series e-mail from this workspace. */
export const emailUnsubscribes = pgTable(
  'email_unsubscribes',
  {
    workspaceId: uuid('workspace_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    /** The series whose e-mail carried the link, when there was one. */
    seriesId: uuid('series_id'),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.contactId] })],
);
