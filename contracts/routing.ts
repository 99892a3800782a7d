import { z } from 'zod';
import { Uuid } from './common.ts';
import { RuleGroup } from './segments.ts';

/**
 * Who answers a new conversation, and how fast: routing rules send conversations of chosen
 * customers (a segment rule over the contact, its companies and events; optionally only on some
 * channels and only where an experiment's flag is on) to a team under an SLA policy, and may mark
 * them priority and tag them; the first rule that matches wins.
 */

const validTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};
const ClockTime = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'use HH:MM, 00:00–24:00');

/** A team's office hours: open intervals per weekday (0 = Sunday) in its time zone, and closed dates. */
export const OfficeHours = z.strictObject({
  time_zone: z.string().min(1).max(64).refine(validTimeZone, 'is not an IANA time zone (e.g. Asia/Almaty)'),
  weekly: z
    .array(z.strictObject({ day: z.number().int().min(0).max(6), start: ClockTime, end: ClockTime }).refine((w) => w.start < w.end, { message: 'must end after it starts', path: ['end'] }))
    .max(28),
  holidays: z.array(z.iso.date()).max(366).describe('Local dates (YYYY-MM-DD) the team is closed'),
});
export type OfficeHours = z.infer<typeof OfficeHours>;

export const SlaPolicyCreate = z.strictObject({
  name: z.string().trim().min(1).max(120),
  /** Target minutes from the customer's first message to the first agent reply. */
  first_response_minutes: z.number().int().min(1).max(60 * 24 * 30),
  /** Target minutes from a customer's message after an agent reply to the next agent reply (none: no target). */
  next_response_minutes: z.number().int().min(1).max(60 * 24 * 30).nullable().optional(),
  /** Target minutes from the conversation's start (or reopening) to its close (none: no target). */
  resolution_minutes: z.number().int().min(1).max(60 * 24 * 30).nullable().optional(),
  /** Count only the routed team's office hours (calendar time when the team has none). */
  business_hours: z.boolean().default(false),
});
export type SlaPolicyCreate = z.input<typeof SlaPolicyCreate>;
export const SlaPolicy = SlaPolicyCreate.extend({
  business_hours: z.boolean(),
  next_response_minutes: z.number().int().nullable(),
  resolution_minutes: z.number().int().nullable(),
  id: Uuid,
  created_at: z.string(),
});
export type SlaPolicy = z.infer<typeof SlaPolicy>;

export const RoutingRuleCreate = z.strictObject({
  name: z.string().trim().min(1).max(120),
  /** Who the rule is for: a rule over the conversation's contact; an empty "all" group is everyone. */
  rule: RuleGroup,
  /** Applies only while this flag is on for the contact (e.g. the treatment arm of an experiment). */
  flag_key: z.string().min(1).max(100).nullable().optional(),
  /** Only conversations started on these channels; none or empty: every channel. */
  channels: z.array(z.enum(['messenger', 'email', 'api'])).max(3).optional(),
  team_id: Uuid.nullable().optional(),
  sla_policy_id: Uuid.nullable().optional(),
  /** Marks the conversation priority. */
  priority: z.boolean().optional(),
  /** Tags the conversation gets (see /api/v1/tags). */
  tag_ids: z.array(Uuid).max(20).optional(),
  enabled: z.boolean().default(true),
});
export type RoutingRuleCreate = z.input<typeof RoutingRuleCreate>;
export const RoutingRuleUpdate = RoutingRuleCreate.partial();
export type RoutingRuleUpdate = z.input<typeof RoutingRuleUpdate>;
export const RoutingRule = z.object({
  id: Uuid,
  name: z.string(),
  position: z.number().int(),
  rule: RuleGroup,
  flag_key: z.string().nullable(),
  channels: z.array(z.enum(['messenger', 'email', 'api'])),
  team_id: Uuid.nullable(),
  sla_policy_id: Uuid.nullable(),
  priority: z.boolean(),
  tag_ids: z.array(Uuid),
  enabled: z.boolean(),
  created_at: z.string(),
});
export type RoutingRule = z.infer<typeof RoutingRule>;

export const ReorderBody = z.strictObject({ ids: z.array(Uuid).min(1).max(200).describe('Every rule id, in the new order') });

export const SlaStatsQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
/** How conversations under one policy fared in a period (first response in calendar time). */
export const SlaStats = z.object({
  conversations: z.number().int(),
  responded: z.number().int(),
  within_target: z.number().int(),
  /** Waiting for a first reply already past the target. */
  breached_open: z.number().int(),
  /** Share of conversations answered within the target, of those answered or overdue; null with none. */
  attainment: z.number().nullable(),
  median_first_response_seconds: z.number().nullable(),
  p90_first_response_seconds: z.number().nullable(),
});
export type SlaStats = z.infer<typeof SlaStats>;

export const SlaKind = z.enum(['first_response', 'next_response', 'resolution']);
export type SlaKind = z.infer<typeof SlaKind>;

/** How one conversation was routed, and where its first-response clock stands. */
export const ConversationRouting = z.object({
  rule_id: Uuid.nullable(),
  rule_name: z.string().nullable(),
  sla_policy_id: Uuid.nullable(),
  sla_policy_name: z.string().nullable(),
  first_response_due_at: z.string().nullable(),
  /** When the agent's next reply is due: set by a customer message after an agent reply, cleared by the reply. */
  next_response_due_at: z.string().nullable(),
  /** When the conversation should be closed by: from its start or last reopening, cleared by closing. */
  resolution_due_at: z.string().nullable(),
  /** Targets missed, each marked once by the SLA timers. */
  breaches: z.array(z.object({ kind: SlaKind, due_at: z.string(), breached_at: z.string() })),
  /** met | missed | due (waiting, not yet late) | overdue (waiting, late) | none (no SLA) */
  sla_status: z.enum(['met', 'missed', 'due', 'overdue', 'none']),
});
export type ConversationRouting = z.infer<typeof ConversationRouting>;
