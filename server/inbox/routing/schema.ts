import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { OfficeHours, SlaKind } from '../../../contracts/routing.ts';
import type { RuleGroup } from '../../../contracts/segments.ts';
import { workspaces } from '../../workspaces/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });
const workspaceId = () =>
  uuid('workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' });

export const slaPolicies = pgTable(
  'sla_policies',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    firstResponseMinutes: integer('first_response_minutes').notNull(),
    nextResponseMinutes: integer('next_response_minutes'),
    resolutionMinutes: integer('resolution_minutes'),
    /** Targets count only the routed team's office hours. */
    businessHours: boolean('business_hours').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const routingRules = pgTable(
  'routing_rules',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    rule: jsonb('rule').$type<RuleGroup>().notNull(),
    flagKey: text('flag_key'),
    teamId: uuid('team_id'),
    slaPolicyId: uuid('sla_policy_id'),
    /** Channels the rule is for (messenger, email, api); empty: every channel. */
    channels: text('channels').array().notNull().default([]),
    /** Marks the conversation priority. */
    priority: boolean('priority').notNull().default(false),
    /** Tags put on the conversation. */
    tagIds: uuid('tag_ids').array().notNull().default([]),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

/** How each conversation was routed, once: the rule that matched (if any) and its SLA target. */
export const conversationRouting = pgTable(
  'conversation_routing',
  {
    workspaceId: uuid('workspace_id').notNull(),
    conversationId: uuid('conversation_id').notNull(),
    ruleId: uuid('rule_id'),
    slaPolicyId: uuid('sla_policy_id'),
    firstResponseDueAt: ts('first_response_due_at'),
    /** Set while a customer waits for a reply after an agent has answered (see sla-timers.ts). */
    nextResponseDueAt: ts('next_response_due_at'),
    /** Set while the conversation is open (from its start or reopening); cleared by closing. */
    resolutionDueAt: ts('resolution_due_at'),
    routedAt: ts('routed_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.conversationId] }),
    index('conversation_routing_policy_idx').on(t.workspaceId, t.slaPolicyId, t.routedAt),
    // Routed lately, for the insights facts sweep (insights/facts.ts).
    index('conversation_routing_routed_idx').on(t.workspaceId, t.routedAt),
  ],
);

/** A team's office hours (see contracts/routing.ts OfficeHours); a team without a row is always open. */
export const teamOfficeHours = pgTable(
  'team_office_hours',
  {
    workspaceId: workspaceId(),
    teamId: uuid('team_id').notNull(),
    timeZone: text('time_zone').notNull(),
    weekly: jsonb('weekly').$type<OfficeHours['weekly']>().notNull(),
    holidays: jsonb('holidays').$type<string[]>().notNull().default([]),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.teamId] })],
);

/** A missed SLA target, marked once: the key makes a second check of the same due time a no-op. */
export const slaBreaches = pgTable(
  'sla_breaches',
  {
    workspaceId: workspaceId(),
    conversationId: uuid('conversation_id').notNull(),
    kind: text('kind').$type<SlaKind>().notNull(),
    dueAt: ts('due_at').notNull(),
    breachedAt: ts('breached_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.conversationId, t.kind, t.dueAt] })],
);
