import { and, desc, eq, isNull, lt } from 'drizzle-orm';
import {
  CampaignCreate as CampaignCreateSchema,
  CampaignUpdate as CampaignUpdateSchema,
  DeliverySettings as DeliverySettingsSchema,
  type Campaign,
  type CampaignCreate,
  type CampaignPage,
  type CampaignState,
  type CampaignType,
  type CampaignUpdate,
  type DeliverySettings,
} from '../../contracts/campaigns.ts';
import type { ContactsService } from '../contacts/service.ts';
import type { SegmentsService } from '../contacts/segments/service.ts';
import type { ExperimentsService } from '../experiments/service.ts';
import type { InboxService } from '../inbox/service.ts';
import type { ReportService } from '../experiments/report/service.ts';
import { domainEvent, type Ctx } from '../platform/context.ts';
import { AppError, badField, notFound } from '../platform/errors.ts';
import { isUuid, newId } from '../platform/ids.ts';
import { controlExperiment } from './control.ts';
import { checkPickToken, pickToken, pickTokenIn } from './pick.ts';
import { createDecisionEngine, type EngineDeps } from './engine.ts';
import { CAMPAIGNS_CHANGED, createLiveCache } from './live.ts';
import { createReceipts } from './receipts.ts';
import { toCampaign, type CampaignRecord } from './records.ts';
import { campaignRuns, campaigns, campaignSettings } from './schema.ts';
import { createStats } from './stats.ts';
import { checkCampaign } from './validate.ts';

export interface CampaignsDeps extends EngineDeps {
  inbox: InboxService;
  contacts: ContactsService;
  segments: SegmentsService;
  experiments: ExperimentsService;
  experimentReports: ReportService;
}

/**
 * Campaigns of every in-app content type: drafts edited freely, started (a control group gets
 * its lab experiment then), paused; the decision engine and receipts for the widget; results.
 */
export function createCampaignsService(ctx: Ctx, deps: CampaignsDeps) {
  const db = ctx.db;
  const live = createLiveCache(ctx);
  const engine = createDecisionEngine(ctx, live, deps);
  const receipts = createReceipts(ctx, live, deps);
  const stats = createStats(ctx, deps);
  // The widget fetches its engagement chunk only in a workspace with live campaigns; the chunk
  // then asks for a decision at every page of the session (single-page navigation included).
  // It also carries the builder's element picker (lazily, a chunk of its own), for a page opened with a valid pick token.
  deps.inbox.registerWidgetChunk('engagement', async (viewer, page) => {
    if ((await live.get(viewer.workspaceId)).byId.size > 0) return true;
    const token = pickTokenIn(page);
    return token !== null && checkPickToken((await deps.workspaces.settings(viewer.workspaceId)).identitySecret, viewer.workspaceId, token);
  });

  async function find(ws: string, id: string): Promise<CampaignRecord> {
    const [row] = await db.select().from(campaigns).where(and(eq(campaigns.workspaceId, ws), eq(campaigns.id, id)));
    if (!row) throw notFound('Campaign');
    return row;
  }

  const changed = (ws: string, id: string) => {
    live.forget(ws);
    return ctx.bus.publish(domainEvent(CAMPAIGNS_CHANGED, ws, { campaign_id: id }));
  };

  async function checkAudience(ws: string, segmentId: string | null | undefined, triggerSegment: string | null) {
    for (const [field, id] of [['body.audience_segment_id', segmentId], ['body.trigger.segment_id', triggerSegment]] as const) {
      if (!id) continue;
      const segment = await deps.segments.get(ws, id).catch((err: unknown) => {
        if (err instanceof AppError && err.code === 'not_found') throw badField(field, 'no such segment');
        throw err;
      });
      if (segment.target !== 'contact') throw badField(field, 'must be a segment of contacts');
    }
  }

  return {
    async list(ws: string, q: { cursor?: string; limit: number; type?: CampaignType; state?: CampaignState }): Promise<CampaignPage> {
      let before: string | undefined;
      if (q.cursor) {
        before = Buffer.from(q.cursor, 'base64url').toString('utf8');
        if (!isUuid(before)) throw badField('cursor', 'not a cursor from this list');
      }
      const list = await db
        .select()
        .from(campaigns)
        .where(
          and(
            eq(campaigns.workspaceId, ws),
            q.type ? eq(campaigns.type, q.type) : undefined,
            q.state ? eq(campaigns.state, q.state) : undefined,
            before ? lt(campaigns.id, before) : undefined,
          ),
        )
        .orderBy(desc(campaigns.id))
        .limit(q.limit + 1);
      const data = list.slice(0, q.limit).map(toCampaign);
      return { data, next_cursor: list.length > q.limit ? Buffer.from(data.at(-1)!.id).toString('base64url') : null };
    },

    get: async (ws: string, id: string): Promise<Campaign> => toCampaign(await find(ws, id)),

    /** The stored row, for modules adding a content type (guides). */
    record: find,

    async create(ws: string, body: CampaignCreate): Promise<Campaign> {
      const input = CampaignCreateSchema.parse(body);
      const content = checkCampaign({ type: input.type, defaultLocale: input.default_locale, content: input.content, goal: input.goal, controlPct: input.control_pct });
      await checkAudience(ws, input.audience_segment_id, input.trigger.type === 'segment_entered' ? input.trigger.segment_id : null);
      const [row] = await db
        .insert(campaigns)
        .values({
          workspaceId: ws,
          id: newId(),
          type: input.type,
          name: input.name,
          audienceSegmentId: input.audience_segment_id,
          trigger: input.trigger,
          pages: input.pages,
          schedule: input.schedule,
          frequency: input.frequency,
          priority: input.priority,
          goal: input.goal,
          controlPct: input.control_pct,
          defaultLocale: input.default_locale,
          content,
        })
        .returning();
      return toCampaign(row!);
    },

    async update(ws: string, id: string, body: CampaignUpdate): Promise<Campaign> {
      const patch = CampaignUpdateSchema.parse(body);
      const current = await find(ws, id);
      if (patch.control_pct !== undefined && patch.control_pct !== current.controlPct && current.experimentId)
        throw badField('body.control_pct', 'is fixed once the campaign has started with a control group (its experiment is running in the lab)');
      const next = {
        defaultLocale: patch.default_locale ?? current.defaultLocale,
        content: patch.content ?? current.content,
        goal: patch.goal === undefined ? current.goal : patch.goal,
        controlPct: patch.control_pct ?? current.controlPct,
      };
      const content = checkCampaign({ type: current.type, defaultLocale: next.defaultLocale as Campaign['default_locale'], content: next.content, goal: next.goal, controlPct: next.controlPct });
      await checkAudience(ws, patch.audience_segment_id, patch.trigger?.type === 'segment_entered' ? patch.trigger.segment_id : null);
      const [row] = await db
        .update(campaigns)
        .set({
          name: patch.name,
          audienceSegmentId: patch.audience_segment_id,
          trigger: patch.trigger,
          pages: patch.pages,
          schedule: patch.schedule,
          frequency: patch.frequency,
          priority: patch.priority,
          goal: next.goal,
          controlPct: next.controlPct,
          defaultLocale: next.defaultLocale,
          content,
          updatedAt: new Date(),
        })
        .where(and(eq(campaigns.workspaceId, ws), eq(campaigns.id, id)))
        .returning();
      await changed(ws, id);
      return toCampaign(row!);
    },

    /**
     * Start (or resume) and pause. The first start with a control group creates and starts the
     * lab experiment that splits qualifying contacts; resuming keeps it.
     */
    async setState(ws: string, id: string, state: 'live' | 'paused'): Promise<Campaign> {
      const current = await find(ws, id);
      if (state === 'paused' && current.state !== 'live') throw new AppError('conflict', `The campaign is ${current.state}; only a live campaign can be paused`);
      if (state === 'live' && current.state === 'live') return toCampaign(current);
      let experimentId = current.experimentId;
      if (state === 'live' && current.controlPct > 0 && !experimentId) {
        const experiment = await deps.experiments.create(ws, controlExperiment(current));
        await deps.experiments.start(ws, experiment.id);
        experimentId = experiment.id;
      }
      const at = new Date();
      const row = await db.transaction(async (tx) => {
        const [updated] = await tx
          .update(campaigns)
          .set({ state, experimentId, startedAt: current.startedAt ?? (state === 'live' ? at : null), updatedAt: at })
          .where(and(eq(campaigns.workspaceId, ws), eq(campaigns.id, id)))
          .returning();
        if (state === 'live') await tx.insert(campaignRuns).values({ workspaceId: ws, campaignId: id, startedAt: at }).onConflictDoNothing();
        else await tx.update(campaignRuns).set({ stoppedAt: at }).where(and(eq(campaignRuns.workspaceId, ws), eq(campaignRuns.campaignId, id), isNull(campaignRuns.stoppedAt)));
        return updated;
      });
      await changed(ws, id);
      return toCampaign(row!);
    },

    async remove(ws: string, id: string): Promise<void> {
      const current = await find(ws, id);
      if (current.experimentId) {
        const experiment = await deps.experiments.get(ws, current.experimentId);
        if (experiment.status === 'running') await deps.experiments.stop(ws, current.experimentId);
      }
      await db.transaction(async (tx) => {
        await tx.delete(campaignRuns).where(and(eq(campaignRuns.workspaceId, ws), eq(campaignRuns.campaignId, id)));
        await tx.delete(campaigns).where(and(eq(campaigns.workspaceId, ws), eq(campaigns.id, id)));
      });
      await changed(ws, id);
    },

    async settings(ws: string): Promise<DeliverySettings> {
      const [row] = await db.select().from(campaignSettings).where(eq(campaignSettings.workspaceId, ws));
      return DeliverySettingsSchema.parse(row?.settings ?? {});
    },

    async setSettings(ws: string, settings: DeliverySettings): Promise<DeliverySettings> {
      await db
        .insert(campaignSettings)
        .values({ workspaceId: ws, settings })
        .onConflictDoUpdate({ target: campaignSettings.workspaceId, set: { settings, updatedAt: new Date() } });
      await changed(ws, ws);
      return settings;
    },

    stats: async (ws: string, id: string) => {
      await engine.settled();
      return stats(ws, await find(ws, id));
    },

    /** A short-lived token that opens the widget's element picker on this workspace's pages. */
    pickToken: async (ws: string) => pickToken((await deps.workspaces.settings(ws)).identitySecret, ws),

    decide: engine.decide,
    /** Waits for the decision records (sends, first exposures) of every answer this node gave so far. */
    decisionsSettled: engine.settled,
    receipts: receipts.record,
  };
}

export type CampaignsService = ReturnType<typeof createCampaignsService>;
