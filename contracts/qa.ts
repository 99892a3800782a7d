import { z } from 'zod';
import { Uuid } from './common.ts';
import { Message } from './messenger.ts';

/** Quality assurance: scorecards, peer reviews of conversations, calibration and trends (docs/metrics.md § Quality assurance). */

export const Criterion = z.object({
  id: z.string().regex(/^[a-z0-9_]{1,40}$/, 'is lower case letters, digits and _ (at most 40)'),
  label: z.string().trim().min(1).max(80),
  /** Relative: a criterion of weight 2 counts twice as much as one of weight 1. */
  weight: z.number().positive().max(100),
  /** Points are 1 … scale. */
  scale: z.number().int().min(2).max(10),
});
export type Criterion = z.infer<typeof Criterion>;

export const ScorecardInput = z.object({
  name: z.string().trim().min(1).max(120),
  criteria: z
    .array(Criterion)
    .min(1)
    .max(20)
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((c, i) => {
        if (seen.has(c.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: 'is used by another criterion' });
        seen.add(c.id);
      });
    }),
  /** Closed conversations sampled per agent each week for peer review; 0 turns weekly sampling off. */
  weekly_sample: z.number().int().min(0).max(20).default(0),
});
export type ScorecardInput = z.input<typeof ScorecardInput>;

export const Scorecard = z.object({
  id: Uuid,
  name: z.string(),
  criteria: z.array(Criterion),
  weekly_sample: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Scorecard = z.infer<typeof Scorecard>;
export const ScorecardList = z.object({ data: z.array(Scorecard) });

export const ReviewCreate = z.object({
  conversation_id: Uuid,
  scorecard_id: Uuid,
  /** Who reviews; several for calibration. Default: the caller. Assigning others needs owner or admin. */
  reviewer_ids: z.array(Uuid).min(1).max(10).optional(),
});
export type ReviewCreate = z.infer<typeof ReviewCreate>;

export const MessageCommentInput = z.object({ message_id: Uuid, body: z.string().trim().min(1).max(2000) });

export const ReviewSubmit = z.object({
  /** Points per criterion id, each an integer 1 … the criterion's scale; every criterion is scored. */
  scores: z.record(z.string(), z.number().int()),
  comment: z.string().trim().max(5000).default(''),
  message_comments: z.array(MessageCommentInput).max(100).default([]),
});
export type ReviewSubmit = z.input<typeof ReviewSubmit>;

export const MessageComment = z.object({ id: Uuid, message_id: Uuid, body: z.string(), created_at: z.string() });
export type MessageComment = z.infer<typeof MessageComment>;

export const ReviewStatus = z.enum(['pending', 'done']);

export const Review = z.object({
  id: Uuid,
  scorecard_id: Uuid,
  scorecard_name: z.string(),
  conversation_id: Uuid,
  /** The reviewed agent: the conversation's assignee when the review was assigned. */
  agent_id: Uuid,
  agent_name: z.string(),
  reviewer_id: Uuid,
  reviewer_name: z.string(),
  source: z.enum(['sample', 'manual']),
  status: ReviewStatus,
  scores: z.record(z.string(), z.number()),
  /** Weighted score 0–100 (docs/metrics.md); null until submitted. */
  score: z.number().nullable(),
  comment: z.string(),
  message_comments: z.array(MessageComment),
  created_at: z.string(),
  completed_at: z.string().nullable(),
});
export type Review = z.infer<typeof Review>;
export const ReviewList = z.object({ data: z.array(Review) });
export type ReviewList = z.infer<typeof ReviewList>;

export const ReviewListQuery = z.object({
  /** `me`: reviews the caller is to do or did. */
  reviewer: z.literal('me').optional(),
  agent_id: Uuid.optional(),
  status: ReviewStatus.optional(),
});
export type ReviewListQuery = z.infer<typeof ReviewListQuery>;

export const ReviewDetail = Review.extend({ scorecard: Scorecard, messages: z.array(Message) });
export type ReviewDetail = z.infer<typeof ReviewDetail>;

export const SampleRequest = z.object({
  from: z.iso.datetime({ offset: true }).describe('Closed from (inclusive)'),
  to: z.iso.datetime({ offset: true }).describe('Closed before (exclusive)'),
});
export const SampleResult = z.object({ assigned: z.number().int() });

export const TrendQuery = z
  .object({
    agent_id: Uuid.optional(),
    team_id: Uuid.optional(),
    weeks: z.coerce.number().int().min(1).max(52).default(12),
  })
  .refine((q) => !(q.agent_id && q.team_id), { path: ['team_id'], message: 'give agent_id or team_id, not both' });
export type TrendQuery = z.input<typeof TrendQuery>;

export const Trend = z.object({
  /** Per ISO week (UTC): conversations reviewed that week and the mean of their scores (docs/metrics.md). */
  weeks: z.array(z.object({ week: z.string(), start: z.string(), conversations: z.number().int(), average: z.number().nullable() })),
});
export type Trend = z.infer<typeof Trend>;

export const Calibration = z.object({
  data: z.array(
    z.object({
      conversation_id: Uuid,
      scorecard_id: Uuid,
      scorecard_name: z.string(),
      agent_name: z.string(),
      reviews: z.array(z.object({ review_id: Uuid, reviewer_name: z.string(), score: z.number(), scores: z.record(z.string(), z.number()) })),
      /** Mean absolute difference of the review scores over reviewer pairs, in points of 0–100. */
      score_difference: z.number(),
      /** The same per criterion, on each criterion's points scaled to 0–100. */
      criteria_difference: z.record(z.string(), z.number()),
    }),
  ),
});
export type Calibration = z.infer<typeof Calibration>;
