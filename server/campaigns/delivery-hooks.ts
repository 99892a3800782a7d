import type { CampaignType } from '../../contracts/campaigns.ts';
import type { DbOrTx } from '../platform/db.ts';

export interface DeliveryHookInput {
  db: DbOrTx;
  workspaceId: string;
  contactId: string;
  campaignId: string;
  /** The content in the locale being sent, already validated against the type's schema. */
  content: Record<string, unknown>;
}

/**
 * A content type's server-side part of a delivery: adds per-contact state to the content just
 * before it is sent (a checklist's done items, a tour's step to resume at). One registration per
 * type, at import time of the type's module.
 */
export type DeliveryHook = (input: DeliveryHookInput) => Promise<Record<string, unknown>>;

const hooks = new Map<CampaignType, DeliveryHook>();

export function registerDeliveryHook(type: CampaignType, hook: DeliveryHook): void {
  if (hooks.has(type)) throw new Error(`A delivery hook for ${type} is registered twice`);
  hooks.set(type, hook);
}

export const deliveryHook = (type: CampaignType): DeliveryHook | undefined => hooks.get(type);
