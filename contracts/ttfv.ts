import { z } from 'zod';
import { Uuid } from './common.ts';

/** Time to first value (docs/metrics.md): sign-up → the workspace's milestone event. */

export const EventName = z.string().trim().min(1).max(200);

export const TtfvSettings = z.strictObject({
  /** The event that counts as a contact's first value; null until an owner or admin chooses one. */
  milestone_event: EventName.nullable(),
});
export type TtfvSettings = z.infer<typeof TtfvSettings>;

export const TtfvCohortUnit = z.enum(['week', 'month']);
export type TtfvCohortUnit = z.infer<typeof TtfvCohortUnit>;

export const TtfvQuery = z
  .object({
    from: z.iso.datetime({ offset: true }).describe('Sign-ups from (inclusive)'),
    to: z.iso.datetime({ offset: true }).describe('Sign-ups until (exclusive)'),
    cohort: TtfvCohortUnit.default('week').describe('Sign-up cohorts by UTC week (Monday) or month'),
    event: EventName.optional().describe("Milestone event for this view; the workspace's setting otherwise"),
    within_days: z.coerce.number().int().min(1).max(365).default(7).describe('N of "share within N days"'),
    campaign_id: Uuid.optional().describe('Also split by exposure to this campaign: receivers, its control group, not exposed'),
  })
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), { path: ['to'], message: 'must be after from' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 3 * 366 * 86_400_000, { path: ['to'], message: 'the period is at most three years' });
export type TtfvQuery = z.input<typeof TtfvQuery>;

/** Upper bounds (exclusive, seconds) of the histogram buckets; the last bucket is open-ended. */
export const TTFV_BUCKETS = [3600, 86_400, 3 * 86_400, 7 * 86_400, 14 * 86_400, 30 * 86_400] as const;

export const TtfvDistribution = z.object({
  /** Contacts who signed up in the period. */
  contacts: z.number().int(),
  /** Of those, contacts who did the milestone event at or after signing up (so far). */
  reached: z.number().int(),
  /** Over reached contacts: seconds from sign-up to the first milestone event (percentile_cont). */
  median_seconds: z.number().nullable(),
  p90_seconds: z.number().nullable(),
  /** Contacts who signed up at least N days ago, and those of them who reached it within N days. */
  eligible: z.number().int(),
  reached_within: z.number().int(),
  /** reached_within ÷ eligible; null without eligible contacts. */
  share_within: z.number().nullable(),
  /** Reached contacts per bucket of TTFV_BUCKETS, plus one open-ended bucket (length 7). */
  histogram: z.array(z.number().int()),
});
export type TtfvDistribution = z.infer<typeof TtfvDistribution>;

export const TtfvExposure = z.enum(['receivers', 'control', 'not_exposed']);
export type TtfvExposure = z.infer<typeof TtfvExposure>;

export const TtfvReport = z.object({
  event: z.string(),
  within_days: z.number().int(),
  cohort_unit: TtfvCohortUnit,
  overall: TtfvDistribution,
  /** First day (UTC, YYYY-MM-DD) of each cohort that has sign-ups, oldest first. */
  cohorts: z.array(TtfvDistribution.extend({ cohort: z.string() })),
  /** Present with campaign_id: every exposure group, empty ones included. */
  exposure: z
    .object({
      campaign_id: Uuid,
      groups: z.array(TtfvDistribution.extend({ group: TtfvExposure })),
    })
    .nullable(),
});
export type TtfvReport = z.infer<typeof TtfvReport>;
