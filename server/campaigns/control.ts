import type { ExperimentCreate } from '../../contracts/experiments.ts';
import { registerFlag } from '../experiments/flags.ts';
import type { CampaignRecord } from './records.ts';

/**
 * Campaigns as a whole are a proactive feature of the lab: contacts in the workspace's global
 * holdout get `false` and see no campaign at all.
 */
export const CAMPAIGNS_FLAG = registerFlag({
  key: 'campaigns.enabled',
  description: 'Proactive campaigns (in-app messages, banners, tooltips, tours, checklists, surveys)',
  defaultValue: true,
  heldOutValue: false,
});

/** The flag of one campaign's control group: `false` for the control arm. */
export const controlFlag = (campaignId: string) => `campaign.${campaignId}`;

/** Tickets are counted over four weeks after the first exposure, long enough for onboarding to show. */
const CONVERSATIONS_WINDOW_DAYS = 28;

/**
 * The lab experiment that measures a campaign's control group: contacts who qualify are split
 * control (see nothing) / receivers, and the primary metric is the campaign's goal;
 * conversations started is secondary, so the lab shows whether the campaign cut tickets.
 */
export function controlExperiment(c: CampaignRecord): ExperimentCreate {
  const goal = c.goal!;
  return {
    key: `campaign-${c.id}`,
    name: `Campaign: ${c.name}`,
    flag_key: controlFlag(c.id),
    unit: 'contact',
    traffic: 1,
    variants: [
      { key: 'control', weight: c.controlPct, value: false },
      { key: 'receivers', weight: 100 - c.controlPct, value: true },
    ],
    registration: {
      hypotheses: [{ text: `Receiving “${c.name}” raises ${goal.event} within ${goal.within_days} days`, metric: 'goal', direction: 'increase' }],
      metrics: [
        { key: 'goal', label: goal.event, kind: 'conversion', event: goal.event, source: 'event_property', window_days: goal.within_days },
        { key: 'conversations', label: 'Conversations started', kind: 'conversations_started', source: 'event_property', window_days: CONVERSATIONS_WINDOW_DAYS },
      ],
      primary_metric: 'goal',
      // Whether the campaign cuts tickets: what insights' "prove it" opens.
      secondary_metrics: ['conversations'],
      guardrails: [],
      alpha: 0.05,
      power: 0.8,
      // Campaign owners look at results while the campaign runs: always-valid inference.
      mode: 'sequential',
      planned_units_per_arm: 1000,
    },
  };
}
