import { z } from 'zod';
import { CampaignAction, CampaignText } from './in-app-message.ts';

/**
 * A CSS selector recorded by the builder's "pick an element" mode (ids and data-* first). An
 * anchor missing on the page is skipped and reported (receipt `anchor_missing`), never thrown.
 */
export const AnchorSelector = z.string().trim().min(1, 'is required').max(500);

/** A tooltip opens next to its element; a hotspot is a pulsing dot on it that opens the tooltip. */
export const TooltipContent = z.strictObject({
  style: z.enum(['tooltip', 'hotspot']),
  selector: AnchorSelector,
  placement: z.enum(['top', 'bottom', 'left', 'right']).default('bottom'),
  title: z.string().trim().max(200).optional(),
  body: CampaignText,
  action: CampaignAction.optional(),
});
export type TooltipContent = z.infer<typeof TooltipContent>;
