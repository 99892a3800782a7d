import { z } from 'zod';
import { BannerContent } from './banner.ts';
import { InAppMessageContent } from './in-app-message.ts';
import { TooltipContent } from './tooltip.ts';
import { TourContent } from './tour.ts';
import { ChecklistContent } from './checklist.ts';
import { SurveyContent } from './survey.ts';

/**
 * The content schema of each campaign type, one line each. A type without a line here exists in
 * `CampaignType` but cannot be created yet (the API answers 400 on `body.type`). Content is
 * localized: one object of the schema per locale, the campaign's default locale required.
 */
export const CONTENT_SCHEMAS = {
  in_app_message: InAppMessageContent,
  banner: BannerContent,
  tooltip: TooltipContent,
  tour: TourContent,
  checklist: ChecklistContent,
  survey: SurveyContent,
} satisfies Record<string, z.ZodType>;

export type ContentType = keyof typeof CONTENT_SCHEMAS;
export type ContentOf<T extends ContentType> = z.infer<(typeof CONTENT_SCHEMAS)[T]>;

export { BannerContent, ChecklistContent, InAppMessageContent, SurveyContent, TooltipContent, TourContent };
export { CampaignAction } from './in-app-message.ts';
