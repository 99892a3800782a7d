import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type {
  CampaignFrequency,
  CampaignGoal,
  CampaignPages,
  CampaignSchedule,
  CampaignTrigger,
  DeliverySettings,
} from '../../contracts/campaigns.ts';
import { CAMPAIGN_TYPES, RECEIPT_KINDS } from '../../contracts/campaigns.ts';
import { workspaces } from '../workspaces/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** Every proactive content type in one table: the delivery engine reads one list. */
export const campaigns = pgTable(
  'campaigns',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull(),
    type: text('type', { enum: CAMPAIGN_TYPES }).notNull(),
    state: text('state', { enum: ['draft', 'live', 'paused'] }).notNull().default('draft'),
    name: text('name').notNull(),
    audienceSegmentId: uuid('audience_segment_id'),
    trigger: jsonb('trigger').$type<CampaignTrigger>().notNull(),
    pages: jsonb('pages').$type<CampaignPages>().notNull(),
    schedule: jsonb('schedule').$type<CampaignSchedule>().notNull(),
    frequency: jsonb('frequency').$type<CampaignFrequency>().notNull(),
    priority: integer('priority').notNull().default(50),
    goal: jsonb('goal').$type<CampaignGoal | null>(),
    controlPct: integer('control_pct').notNull().default(0),
    defaultLocale: text('default_locale').notNull().default('en'),
    /** Locale → content of the type's schema (contracts/campaign-content). */
    content: jsonb('content').$type<Record<string, Record<string, unknown>>>().notNull(),
    /** The lab experiment of the control group; created on the first start with control_pct > 0. */
    experimentId: uuid('experiment_id'),
    startedAt: ts('started_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('campaigns_state_idx').on(t.workspaceId, t.state)],
);

/**
 * One row per campaign and contact, made by the widget's first receipt (a decision writes none):
 * what the per-campaign frequency and stop conditions read.
 */
export const campaignDeliveries = pgTable(
  'campaign_deliveries',
  {
    workspaceId: uuid('workspace_id').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    shows: integer('shows').notNull().default(0),
    firstSentAt: ts('first_sent_at').notNull().defaultNow(),
    firstSeenAt: ts('first_seen_at'),
    lastSeenAt: ts('last_seen_at'),
    clickedAt: ts('clicked_at'),
    completedAt: ts('completed_at'),
    dismissedAt: ts('dismissed_at'),
    /** "Don't show again": never shown again, whatever the frequency says. */
    dismissedForGood: boolean('dismissed_for_good').notNull().default(false),
    goalAt: ts('goal_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.campaignId, t.contactId] }),
    index('campaign_deliveries_contact_idx').on(t.workspaceId, t.contactId),
  ],
);

/** Every receipt the widget reports, in order: the funnel, the per-step counts and the workspace caps read it. */
export const campaignReceipts = pgTable(
  'campaign_receipts',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    sessionId: text('session_id').notNull(),
    kind: text('kind', { enum: RECEIPT_KINDS }).notNull(),
    step: integer('step'),
    /** Whether the campaign counts toward the workspace caps (copied so caps need no join). */
    capped: boolean('capped').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('campaign_receipts_contact_idx').on(t.workspaceId, t.contactId, t.at),
    index('campaign_receipts_campaign_idx').on(t.workspaceId, t.campaignId, t.kind),
  ],
);

/**
 * What each decision handed out (the `sent` record), ONE row per decision holding the set: a page
 * view can hand out dozens of hotspots, and a row per campaign cost a heap tuple and three index
 * entries each on the hot path. The session's next decisions read it (not to record a
 * campaign twice), and with the delivery rows it is who a campaign was sent to (sent.ts).
 */
export const campaignSends = pgTable(
  'campaign_sends',
  {
    workspaceId: uuid('workspace_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    sessionId: text('session_id').notNull(),
    id: uuid('id').notNull(),
    campaignIds: uuid('campaign_ids').array().notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.contactId, t.sessionId, t.id] })],
);

/**
 * Each time a campaign went live, until it was paused (open while it runs). Insights marks these
 * starts and stops on its timelines; the campaign row keeps only the first start.
 */
export const campaignRuns = pgTable(
  'campaign_runs',
  {
    workspaceId: uuid('workspace_id').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    startedAt: ts('started_at').notNull(),
    stoppedAt: ts('stopped_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.campaignId, t.startedAt] })],
);

/** Workspace-wide delivery rules; a workspace without a row has the defaults. */
export const campaignSettings = pgTable('campaign_settings', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  settings: jsonb('settings').$type<DeliverySettings>().notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
