import { z } from 'zod';

const QuestionId = z.string().regex(/^[a-z0-9_-]{1,40}$/, 'use 1–40 lower-case letters, digits, _ or -');
const Prompt = z.string().trim().min(1, 'is required').max(300);
const Choice = z.strictObject({ id: QuestionId, label: z.string().trim().min(1, 'is required').max(120) });

/**
 * Where to go after an answer: the first branch whose condition holds, else the next question.
 * `equals` matches a choice id or a score; `min`/`max` bound a score (inclusive).
 */
export const SurveyBranch = z.strictObject({
  when: z.strictObject({
    equals: z.union([z.string().max(40), z.number()]).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
  }),
  goto: z.union([QuestionId, z.literal('end')]),
});
export type SurveyBranch = z.infer<typeof SurveyBranch>;

const base = { id: QuestionId, prompt: Prompt, required: z.boolean().default(true), branches: z.array(SurveyBranch).max(20).default([]) };

/** NPS 0–10, CSAT 1–5, a rating 1–N (stars), one or several choices, or free text. */
export const SurveyQuestion = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('nps'), ...base, low_label: z.string().max(60).optional(), high_label: z.string().max(60).optional() }),
  z.strictObject({ kind: z.literal('csat'), ...base }),
  z.strictObject({ kind: z.literal('rating'), ...base, scale: z.number().int().min(3).max(10).default(5) }),
  z.strictObject({ kind: z.literal('single'), ...base, choices: z.array(Choice).min(2, 'add at least two choices').max(12) }),
  z.strictObject({ kind: z.literal('multiple'), ...base, choices: z.array(Choice).min(2, 'add at least two choices').max(12) }),
  z.strictObject({ kind: z.literal('text'), ...base, placeholder: z.string().max(120).optional() }),
]);
export type SurveyQuestion = z.infer<typeof SurveyQuestion>;

/** A survey: questions in order (branches may skip ahead), then a thank-you step. */
export const SurveyContent = z
  .strictObject({
    style: z.enum(['corner', 'modal']).default('corner'),
    questions: z.array(SurveyQuestion).min(1, 'add at least one question').max(20),
    thank_you: z.strictObject({ title: z.string().trim().min(1, 'is required').max(200), body: z.string().trim().max(1000).optional() }),
  })
  .superRefine((s, ctx) => {
    const ids = s.questions.map((q) => q.id);
    s.questions.forEach((q, i) => {
      if (ids.indexOf(q.id) !== i) ctx.addIssue({ code: 'custom', path: ['questions', i, 'id'], message: 'question ids must be unique' });
      q.branches.forEach((b, j) => {
        // Forward only: a branch can never loop a visitor back through the survey.
        if (b.goto !== 'end' && ids.indexOf(b.goto) <= i) ctx.addIssue({ code: 'custom', path: ['questions', i, 'branches', j, 'goto'], message: 'must name a later question or end' });
      });
    });
  });
export type SurveyContent = z.infer<typeof SurveyContent>;
