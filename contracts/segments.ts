import { z } from 'zod';
import { Cursor, Limit, pageOf, Uuid } from './common.ts';
import { FILTER_OPS } from './contacts.ts';

/**
 * Segments: saved, live audiences. A rule is data — groups of conditions over a contact's (or a
 * company's) fields, custom attributes, companies and events — compiled to parameterised SQL on
 * the server. The same rule language serves campaigns, routing and experiment eligibility.
 */

export const SegmentTarget = z.enum(['contact', 'company']);
export type SegmentTarget = z.infer<typeof SegmentTarget>;

/** Relative-time operators for date fields, re-evaluated against the clock on every use. */
export const RELATIVE_OPS = ['within_last_days', 'more_than_days_ago'] as const;
export const FIELD_OPS = [...FILTER_OPS, ...RELATIVE_OPS] as const;
export type FieldOp = (typeof FIELD_OPS)[number];

const Value = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]).optional();

/**
 * A field of the segment's target: a column (`email`, `plan`, …), `attributes.<key>`, or — for
 * contact segments — `company.<column>` / `company.attributes.<key>` (any of the contact's
 * companies matches).
 */
export const FieldCondition = z.strictObject({
  type: z.literal('field'),
  field: z.string().min(1).max(100),
  op: z.enum(FIELD_OPS),
  value: Value,
});
export type FieldCondition = z.infer<typeof FieldCondition>;

export const PropertyCondition = z.strictObject({
  property: z.string().min(1).max(64),
  op: z.enum(FILTER_OPS),
  value: Value,
});
export type PropertyCondition = z.infer<typeof PropertyCondition>;

/**
 * "did `project_created` at least 3 times in the last 7 days" / "has not done `invite_sent`". For
 * company segments the events of any of the company's contacts count.
 */
export const EventCondition = z.strictObject({
  type: z.literal('event'),
  event: z.string().min(1).max(200),
  op: z.enum(['did', 'did_not']),
  /** With `did`: how many times (default: at least once). */
  count: z.strictObject({ op: z.enum(['gte', 'lte', 'eq']), value: z.number().int().min(0).max(1_000_000) }).optional(),
  within_days: z.number().int().min(1).max(3650).optional(),
  properties: z.array(PropertyCondition).max(10).optional(),
});
export type EventCondition = z.infer<typeof EventCondition>;

export type Condition = FieldCondition | EventCondition;
export interface RuleGroup {
  type: 'group';
  match: 'all' | 'any';
  conditions: (Condition | RuleGroup)[];
}

export const MAX_RULE_DEPTH = 3;
export const MAX_RULE_CONDITIONS = 50;

export const RuleGroup: z.ZodType<RuleGroup, RuleGroup> = z.lazy(() =>
  z.strictObject({
    type: z.literal('group'),
    match: z.enum(['all', 'any']),
    conditions: z.array(z.union([FieldCondition, EventCondition, RuleGroup])).max(MAX_RULE_CONDITIONS),
  }),
  // A named schema: the recursion becomes a $ref to it in the OpenAPI document.
).meta({ id: 'SegmentRuleGroup' });

export const Segment = z.object({
  id: Uuid,
  name: z.string(),
  description: z.string().nullable(),
  target: SegmentTarget,
  rule: RuleGroup,
  /** Members at the last refresh (membership is refreshed every minute and on save). */
  member_count: z.number().int(),
  refreshed_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Segment = z.infer<typeof Segment>;

export const SegmentCreate = z.strictObject({
  name: z.string().trim().min(1).max(120),
  description: z.string().max(1000).nullable().optional(),
  target: SegmentTarget.default('contact'),
  rule: RuleGroup,
});
export type SegmentCreate = z.input<typeof SegmentCreate>;

export const SegmentUpdate = z
  .strictObject({
    name: z.string().trim().min(1).max(120),
    description: z.string().max(1000).nullable(),
    rule: RuleGroup,
  })
  .partial();
export type SegmentUpdate = z.infer<typeof SegmentUpdate>;

export const SegmentPreviewBody = z.strictObject({ target: SegmentTarget.default('contact'), rule: RuleGroup });
export type SegmentPreviewBody = z.input<typeof SegmentPreviewBody>;

/** The live count of a rule, with a few matching ids to show. */
export const SegmentPreview = z.object({ count: z.number().int(), sample_ids: z.array(Uuid) });
export type SegmentPreview = z.infer<typeof SegmentPreview>;

export const SegmentListQuery = z.object({ cursor: Cursor, limit: Limit });
export const SegmentPage = pageOf(Segment);
export type SegmentPage = z.infer<typeof SegmentPage>;

/** Events Baton records on a contact (or each contact of a company) when membership changes. */
export const SEGMENT_ENTERED = 'segment_entered';
export const SEGMENT_LEFT = 'segment_left';
