import { z } from 'zod';
import { CampaignText } from './in-app-message.ts';
import { AnchorSelector } from './tooltip.ts';

/**
 * One step of a product tour: on a page (a path pattern, `*` one segment, `**` anything; absent =
 * whatever page the tour is on), next to an element (none = centred), with its text.
 */
export const TourStep = z.strictObject({
  page: z.string().trim().min(1).max(500).regex(/^\//, 'a path pattern starts with /').optional(),
  selector: AnchorSelector.optional(),
  placement: z.enum(['top', 'bottom', 'left', 'right']).default('bottom'),
  title: z.string().trim().max(200).optional(),
  body: CampaignText,
  /** "Next" waits for the visitor to click the element instead of a button. */
  advance_on_click: z.boolean().default(false),
});
export type TourStep = z.infer<typeof TourStep>;

/** A multi-step tour across the pages of a single-page app; resumable, skippable, "don't show again". */
export const TourContent = z.strictObject({
  steps: z.array(TourStep).min(1, 'add at least one step').max(30),
  allow_skip: z.boolean().default(true),
});
export type TourContent = z.infer<typeof TourContent>;
