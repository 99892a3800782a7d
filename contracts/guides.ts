import { z } from 'zod';

/**
 * Wire types of tours, checklists and surveys beyond the campaign model (contracts/campaigns.ts):
 * survey answers and results, checklist items ticked by the user.
 */

/** POST /widget/surveys/:id/answers — one question's answer; answering again replaces it. */
export const SurveyAnswerBody = z.strictObject({
  question_id: z.string().min(1).max(40),
  answer: z.union([z.number().int(), z.string().max(2000), z.array(z.string().max(40)).max(12)]),
});
export type SurveyAnswerBody = z.infer<typeof SurveyAnswerBody>;

export const QuestionResult = z.object({
  id: z.string(),
  kind: z.enum(['nps', 'csat', 'rating', 'single', 'multiple', 'text']),
  prompt: z.string(),
  responses: z.number().int(),
  /** Count per score (scored kinds) or per choice label (choice kinds). */
  distribution: z.array(z.object({ value: z.string(), count: z.number().int() })).optional(),
  average: z.number().nullable().optional(),
  nps: z.object({ score: z.number().nullable(), promoters: z.number().int(), passives: z.number().int(), detractors: z.number().int() }).optional(),
  satisfied_pct: z.number().nullable().optional(),
  /** The latest free-text answers. */
  texts: z.array(z.string()).optional(),
});
export type QuestionResult = z.infer<typeof QuestionResult>;

export const SurveyResults = z.object({
  campaign_id: z.uuid(),
  name: z.string(),
  /** Contacts who answered at least one question. */
  respondents: z.number().int(),
  questions: z.array(QuestionResult),
});
export type SurveyResults = z.infer<typeof SurveyResults>;

export const ChecklistItemParams = z.object({ id: z.uuid(), item: z.string().regex(/^[a-z0-9_-]{1,40}$/) });
export const ChecklistProgress = z.object({ done: z.array(z.string()) });
export type ChecklistProgress = z.infer<typeof ChecklistProgress>;
