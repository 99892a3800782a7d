import type { CampaignType } from '../../../../contracts/campaigns.ts';
import { renderBanner } from './banner.ts';
import { renderChecklist } from './checklist.ts';
import { renderInAppMessage } from './in-app-message.ts';
import { renderSurvey } from './survey.ts';
import { renderTooltip } from './tooltip.ts';
import { renderTour } from './tour.ts';
import type { Renderer } from './types.ts';

/** The renderer of each campaign type, one line each; a type without one is skipped. */
export const RENDERERS: Partial<Record<CampaignType, Renderer>> = {
  in_app_message: renderInAppMessage,
  banner: renderBanner,
  tooltip: renderTooltip,
  tour: renderTour,
  checklist: renderChecklist,
  survey: renderSurvey,
};
