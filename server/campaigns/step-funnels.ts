import type { CampaignType, StepFunnel } from '../../contracts/campaigns.ts';
import type { DbOrTx } from '../platform/db.ts';

export interface StepFunnelInput {
  db: DbOrTx;
  workspaceId: string;
  campaignId: string;
  /** The content in the campaign's default locale. */
  content: Record<string, unknown>;
  /** Contacts the campaign was sent to: the top of every step's funnel. */
  sent: number;
}

/**
 * A content type whose steps are not the widget's step receipts (a checklist's items are done by
 * ticks and events, which its module stores) lends its own per-step funnel. One per type, at import.
 */
export type StepFunnelSource = (input: StepFunnelInput) => Promise<StepFunnel[]>;

const sources = new Map<CampaignType, StepFunnelSource>();

export function registerStepFunnel(type: CampaignType, source: StepFunnelSource): void {
  if (sources.has(type)) throw new Error(`A step funnel for ${type} is registered twice`);
  sources.set(type, source);
}

export const stepFunnelSource = (type: CampaignType): StepFunnelSource | undefined => sources.get(type);
