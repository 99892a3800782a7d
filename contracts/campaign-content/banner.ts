import { z } from 'zod';
import { CampaignAction, CampaignText } from './in-app-message.ts';

/** A banner across the page: pushes the page down (`inline`) or floats over it. */
export const BannerContent = z.strictObject({
  position: z.enum(['top', 'bottom']).default('top'),
  display: z.enum(['inline', 'floating']).default('floating'),
  dismissible: z.boolean().default(true),
  body: CampaignText,
  action: CampaignAction.optional(),
});
export type BannerContent = z.infer<typeof BannerContent>;
