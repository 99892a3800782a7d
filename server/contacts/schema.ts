import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/schema.ts';

type Attrs = Record<string, unknown>;
const ts = (name: string) => timestamp(name, { withTimezone: true });
const workspaceId = () =>
  uuid('workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' });
/**
 * Append-heavy tables (events, page views) carry workspace_id without a foreign key: the
 * per-row check locks the workspace row (FOR KEY SHARE) on every insert, which serialises
 * concurrent ingestion on one row. Rows are only ever written with the caller's workspace.
 */
const workspaceIdUnchecked = () => uuid('workspace_id').notNull();

export const contacts = pgTable(
  'contacts',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    role: text('role', { enum: ['user', 'lead'] }).notNull(),
    externalId: text('external_id'),
    email: text('email'),
    name: text('name'),
    phone: text('phone'),
    avatarUrl: text('avatar_url'),
    locale: text('locale'),
    timezone: text('timezone'),
    /** Segment's anonymousId / the widget's visitor id, so a lead can be found again. */
    anonymousId: text('anonymous_id'),
    attributes: jsonb('attributes').$type<Attrs>().notNull().default({}),
    signedUpAt: ts('signed_up_at'),
    lastSeenAt: ts('last_seen_at'),
    sessionCount: integer('session_count').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('contacts_external_id_key').on(t.workspaceId, t.externalId),
    uniqueIndex('contacts_email_key').on(t.workspaceId, sql`lower(${t.email})`),
    uniqueIndex('contacts_anonymous_id_key').on(t.workspaceId, t.anonymousId),
    index('contacts_created_idx').on(t.workspaceId, t.createdAt, t.id),
    // Sortable nullable columns: `nulls first` matches the list order (missing values smallest)
    // in both directions, so a filtered, sorted page stops after a few index entries.
    index('contacts_last_seen_idx').on(t.workspaceId, t.lastSeenAt.asc().nullsFirst(), t.id),
    index('contacts_signed_up_idx').on(t.workspaceId, t.signedUpAt.asc().nullsFirst(), t.id),
    index('contacts_name_idx').on(t.workspaceId, t.name.asc().nullsFirst(), t.id),
    index('contacts_email_idx').on(t.workspaceId, t.email.asc().nullsFirst(), t.id),
    index('contacts_attributes_idx').using('gin', t.attributes.op('jsonb_path_ops')),
  ],
);

export const companies = pgTable(
  'companies',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    externalId: text('external_id'),
    name: text('name'),
    plan: text('plan'),
    /** Monthly recurring revenue in the workspace's currency; ARR is always 12 × MRR. */
    mrr: numeric('mrr', { precision: 14, scale: 2, mode: 'number' }),
    trialEndsAt: ts('trial_ends_at'),
    website: text('website'),
    industry: text('industry'),
    size: integer('size'),
    attributes: jsonb('attributes').$type<Attrs>().notNull().default({}),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('companies_external_id_key').on(t.workspaceId, t.externalId),
    index('companies_created_idx').on(t.workspaceId, t.createdAt, t.id),
  ],
);

export const contactCompanies = pgTable(
  'contact_companies',
  {
    workspaceId: uuid('workspace_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    companyId: uuid('company_id').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.contactId, t.companyId] }),
    index('contact_companies_company_idx').on(t.workspaceId, t.companyId),
    // The insights facts sweep recomputes the conversations of contacts whose memberships changed since its last run.
    index('contact_companies_created_idx').on(t.workspaceId, t.createdAt),
  ],
);

/**
 * Memberships that ended (memberships.ts), for the insights facts sweep to recompute the contact's
 * conversations. It sweeps every few minutes and rebuilds whole daily, so it deletes rows older than a day.
 */
export const contactCompanyLeaves = pgTable(
  'contact_company_leaves',
  {
    workspaceId: uuid('workspace_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    companyId: uuid('company_id').notNull(),
    leftAt: ts('left_at').notNull().defaultNow(),
  },
  (t) => [index('contact_company_leaves_left_idx').on(t.workspaceId, t.leftAt)],
);

export const attributeDefinitions = pgTable(
  'attribute_definitions',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    target: text('target', { enum: ['contact', 'company'] }).notNull(),
    key: text('key').notNull(),
    label: text('label').notNull(),
    type: text('type', { enum: ['string', 'number', 'boolean', 'date'] }).notNull(),
    description: text('description'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('attribute_definitions_key').on(t.workspaceId, t.target, t.key),
  ],
);

export const events = pgTable(
  'events',
  {
    workspaceId: workspaceIdUnchecked(),
    id: uuid('id').notNull(),
    contactId: uuid('contact_id').notNull(),
    name: text('name').notNull(),
    properties: jsonb('properties').$type<Attrs>().notNull().default({}),
    occurredAt: ts('occurred_at').notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
    /** Producer's idempotency key (Segment messageId); a retry never makes a second row. */
    messageId: text('message_id'),
    source: text('source').notNull().default('api'),
    /**
     * The id of the transaction that wrote the row (pg_current_xact_id, 64-bit, never wraps).
     * Unlike received_at it tells exactly which rows a stored snapshot did not see, however late
     * their transaction committed: the experiments rollup's change feed.
     */
    xid: bigint('xid', { mode: 'number' }).notNull().default(sql`(pg_current_xact_id()::text)::bigint`),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('events_message_id_key').on(t.workspaceId, t.messageId),
    index('events_contact_idx').on(t.workspaceId, t.contactId, t.occurredAt),
    index('events_name_idx').on(t.workspaceId, t.name, t.occurredAt),
    index('events_xid_idx').on(t.workspaceId, t.xid),
    // Who was active in a time range (the current week of the ticket-volume report): an
    // index-only scan of that range, where without it every event of the workspace is read.
    index('events_occurred_idx').on(t.workspaceId, t.occurredAt, t.contactId),
  ],
);

export const pageViews = pgTable(
  'page_views',
  {
    workspaceId: workspaceIdUnchecked(),
    id: uuid('id').notNull(),
    contactId: uuid('contact_id').notNull(),
    kind: text('kind', { enum: ['page', 'screen'] }).notNull().default('page'),
    name: text('name'),
    url: text('url'),
    path: text('path'),
    title: text('title'),
    referrer: text('referrer'),
    properties: jsonb('properties').$type<Attrs>().notNull().default({}),
    occurredAt: ts('occurred_at').notNull(),
    messageId: text('message_id'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('page_views_message_id_key').on(t.workspaceId, t.messageId),
    index('page_views_contact_idx').on(t.workspaceId, t.contactId, t.occurredAt),
  ],
);

/**
 * Segment calls that change state without leaving a row of their own (identify, group, alias)
 * are remembered here by messageId so a retried call is a no-op.
 */
export const ingestReceipts = pgTable(
  'ingest_receipts',
  {
    workspaceId: workspaceId(),
    messageId: text('message_id').notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.messageId] })],
);

export type ContactRow = typeof contacts.$inferSelect;
export type CompanyRow = typeof companies.$inferSelect;
export type EventRow = typeof events.$inferSelect;
