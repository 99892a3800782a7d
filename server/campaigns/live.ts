import { and, eq } from 'drizzle-orm';
import { DeliverySettings } from '../../contracts/campaigns.ts';
import type { Ctx } from '../platform/context.ts';
import { createWorkspaceCache } from '../platform/workspace-cache.ts';
import { buildIndex, type CampaignIndex } from './live-index.ts';
import { campaigns, campaignSettings } from './schema.ts';
import { toLive, type LiveCampaign } from './select.ts';

export const CAMPAIGNS_CHANGED = 'campaigns.changed';

/** A workspace's live campaigns, compiled and indexed by trigger and page, and its delivery settings. */
export interface LiveSet {
  settings: DeliverySettings;
  index: CampaignIndex;
  byId: Map<string, LiveCampaign>;
  /** Goal event name → campaigns with that goal (for marking goals reached). */
  byGoal: Map<string, LiveCampaign[]>;
}

// A safety net for a missed change notice; every write on any node also clears the entry at once.
const MAX_AGE_MS = 30_000;

/**
 * The live campaigns of each workspace, kept in memory: a decision reads no campaign rows. Every
 * write publishes `campaigns.changed` on the bus, which clears the workspace on every node.
 */
export function createLiveCache(ctx: Ctx) {
  async function load(ws: string): Promise<LiveSet> {
    const [list, [settingsRow]] = await Promise.all([
      ctx.db.select().from(campaigns).where(and(eq(campaigns.workspaceId, ws), eq(campaigns.state, 'live'))),
      ctx.db.select().from(campaignSettings).where(eq(campaignSettings.workspaceId, ws)),
    ]);
    const compiled = list.map(toLive);
    const byGoal = new Map<string, LiveCampaign[]>();
    for (const c of compiled) if (c.goal) byGoal.set(c.goal.event, [...(byGoal.get(c.goal.event) ?? []), c]);
    return {
      settings: DeliverySettings.parse(settingsRow?.settings ?? {}),
      index: buildIndex(compiled),
      byId: new Map(compiled.map((c) => [c.id, c])),
      byGoal,
    };
  }

  const cache = createWorkspaceCache(load, MAX_AGE_MS);
  ctx.bus.onBroadcast(CAMPAIGNS_CHANGED, (e) => cache.forget(e.workspaceId));
  return { get: cache.get, forget: cache.forget };
}

export type LiveCache = ReturnType<typeof createLiveCache>;
