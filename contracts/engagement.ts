import { z } from 'zod';
import { Cursor, Limit, pageOf, Uuid } from './common.ts';
import { RuleGroup } from './segments.ts';

/**
 * E-mail series: a welcome e-mail on sign-up, or a drip of tips after someone enters a segment.
 * People are enrolled by a trigger, receive each step after its delay when its condition holds,
 * and leave the series when they reach its goal, unsubscribe, or finish it.
 */

export const SERIES_LOCALES = ['en', 'zh-Hans', 'zh-Hant', 'ru', 'kk'] as const;
export const SeriesLocale = z.enum(SERIES_LOCALES);
export type SeriesLocale = z.infer<typeof SeriesLocale>;

export const SeriesTrigger = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('signed_up').describe('A contact becomes a user (signed_up_at is set)') }),
  z.strictObject({ type: z.literal('event'), event: z.string().min(1).max(200) }),
  z.strictObject({ type: z.literal('segment_entered'), segment_id: Uuid }),
]);
export type SeriesTrigger = z.infer<typeof SeriesTrigger>;

export const SeriesGoal = z.strictObject({
  event: z.string().min(1).max(200).describe('Reaching the goal: doing this event after enrolment'),
});

export const StepContent = z.strictObject({
  subject: z.string().trim().min(1).max(200),
  /** Markdown; `{{first_name}}`, `{{name}}` and `{{email}}` are filled in per person. */
  body: z.string().min(1).max(20_000),
});
export type StepContent = z.infer<typeof StepContent>;

export const SeriesStep = z.strictObject({
  /** Minutes after enrolment (first step) or after the previous step. */
  delay_minutes: z.number().int().min(0).max(525_600),
  /** Sent only to people who match this rule at the time; the others skip the step. */
  condition: RuleGroup.nullable().optional(),
  content: z
    .partialRecord(SeriesLocale, StepContent)
    .refine((c) => Object.keys(c).length > 0, 'write the e-mail in at least one language'),
});
export type SeriesStep = z.infer<typeof SeriesStep>;

export const SeriesState = z.enum(['draft', 'live', 'paused']);
export type SeriesState = z.infer<typeof SeriesState>;

const seriesFields = {
  name: z.string().trim().min(1).max(120),
  trigger: SeriesTrigger,
  /** Only people in this segment (when they would be enrolled) enter the series. */
  audience_segment_id: Uuid.nullable().optional(),
  goal: SeriesGoal.nullable().optional(),
  /** The language for people whose own has no version of a step. */
  default_locale: SeriesLocale.default('en'),
  /** Open and click tracking; off sends plain links and no pixel. */
  track: z.boolean().default(true),
  steps: z.array(SeriesStep).min(1).max(20),
};

export const SeriesCreate = z.strictObject(seriesFields);
export type SeriesCreate = z.input<typeof SeriesCreate>;
export const SeriesUpdate = z.strictObject(seriesFields).partial();
export type SeriesUpdate = z.input<typeof SeriesUpdate>;

/** Per step: e-mails sent, opened (seen), clicked, and of the people sent it those whose enrolment reached the goal. */
export const StepStats = z.object({ sent: z.number().int(), opened: z.number().int(), clicked: z.number().int(), goal: z.number().int() });

export const Series = z.object({
  id: Uuid,
  name: z.string(),
  state: SeriesState,
  trigger: SeriesTrigger,
  audience_segment_id: Uuid.nullable(),
  goal: SeriesGoal.nullable(),
  default_locale: SeriesLocale,
  track: z.boolean(),
  steps: z.array(SeriesStep),
  started_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  stats: z.object({
    enrolled: z.number().int(),
    active: z.number().int(),
    completed: z.number().int(),
    goal_reached: z.number().int(),
    unsubscribed: z.number().int(),
    steps: z.array(StepStats),
  }),
});
export type Series = z.infer<typeof Series>;

export const SeriesListQuery = z.object({ cursor: Cursor, limit: Limit });
export const SeriesPage = pageOf(Series);
export type SeriesPage = z.infer<typeof SeriesPage>;

export const SeriesPreviewBody = z.strictObject({
  content: StepContent,
  locale: SeriesLocale,
  track: z.boolean().default(true),
});
export type SeriesPreviewBody = z.input<typeof SeriesPreviewBody>;
export const SeriesPreview = z.object({ subject: z.string(), html: z.string(), text: z.string() });
export type SeriesPreview = z.infer<typeof SeriesPreview>;
