import { and, eq, inArray, sql } from 'drizzle-orm';
import { receiptEvent, type ReceiptsBody } from '../../contracts/campaigns.ts';
import type { ContactsService } from '../contacts/service.ts';
import type { SegmentsService } from '../contacts/segments/service.ts';
import { domainEvent, type Ctx } from '../platform/context.ts';
import { badField } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { LiveCache } from './live.ts';
import { campaignDeliveries, campaignReceipts, campaigns } from './schema.ts';

type Receipt = ReceiptsBody['receipts'][number];

/** What a receipt changes on the contact's delivery row (kept for frequency and stop conditions). */
function deliveryChange(r: Receipt, now: Date) {
  switch (r.kind) {
    case 'seen':
      return { shows: sql`${campaignDeliveries.shows} + 1`, firstSeenAt: sql`coalesce(${campaignDeliveries.firstSeenAt}, ${now})`, lastSeenAt: now };
    case 'clicked':
      return { clickedAt: sql`coalesce(${campaignDeliveries.clickedAt}, ${now})` };
    case 'completed':
      return r.step === undefined ? { completedAt: sql`coalesce(${campaignDeliveries.completedAt}, ${now})` } : null;
    case 'dismissed':
      return { dismissedAt: now, dismissedForGood: r.permanent ? true : sql`${campaignDeliveries.dismissedForGood}` };
    case 'anchor_missing':
      return null;
  }
}

/**
 * Receipts from the widget: stored in order (funnel, steps, caps), applied to the delivery row,
 * then recorded as `campaign_<kind>` events on the contact (timeline, segments, goals) after commit.
 */
export function createReceipts(ctx: Ctx, live: LiveCache, deps: { contacts: ContactsService; segments: SegmentsService }) {
  const db = ctx.db;

  async function record(ws: string, contactId: string, body: ReceiptsBody): Promise<void> {
    const ids = [...new Set(body.receipts.map((r) => r.campaign_id))];
    const known = await db
      .select({ id: campaigns.id, type: campaigns.type, name: campaigns.name, frequency: campaigns.frequency })
      .from(campaigns)
      .where(and(eq(campaigns.workspaceId, ws), inArray(campaigns.id, ids)));
    const byId = new Map(known.map((c) => [c.id, c]));
    body.receipts.forEach((r, i) => {
      if (!byId.has(r.campaign_id)) throw badField(`body.receipts.${i}.campaign_id`, 'no such campaign');
    });
    const now = new Date();
    await db.transaction(async (tx) => {
      await tx.insert(campaignReceipts).values(
        body.receipts.map((r) => ({
          workspaceId: ws,
          id: newId(),
          campaignId: r.campaign_id,
          contactId,
          sessionId: body.session_id,
          kind: r.kind,
          step: r.step ?? null,
          capped: byId.get(r.campaign_id)!.frequency.capped,
          at: now,
        })),
      );
      for (const r of body.receipts) {
        const change = deliveryChange(r, now);
        if (!change) continue;
        await tx
          .insert(campaignDeliveries)
          .values({ workspaceId: ws, campaignId: r.campaign_id, contactId })
          .onConflictDoNothing();
        await tx
          .update(campaignDeliveries)
          .set(change)
          .where(and(eq(campaignDeliveries.workspaceId, ws), eq(campaignDeliveries.campaignId, r.campaign_id), eq(campaignDeliveries.contactId, contactId)));
      }
    });
    for (const r of body.receipts) {
      if (r.kind === 'anchor_missing') continue;
      const c = byId.get(r.campaign_id)!;
      await deps.contacts.trackEvent(ws, {
        contact_id: contactId,
        name: receiptEvent(r.kind),
        properties: { campaign_id: c.id, campaign_type: c.type, campaign_name: c.name, ...(r.step === undefined ? {} : { step: r.step }) },
      });
    }
    await ctx.bus.publish(domainEvent('campaign.receipt', ws, { contact_id: contactId, receipts: body.receipts }));
  }

  /** A tracked goal event within the window after first seeing a campaign marks that campaign's goal reached. */
  async function markGoals(ws: string, contactId: string, event: string, occurredAt: Date) {
    const set = await live.get(ws);
    for (const c of set.byGoal.get(event) ?? []) {
      const days = c.goal!.within_days;
      await db
        .update(campaignDeliveries)
        .set({ goalAt: occurredAt })
        .where(
          and(
            eq(campaignDeliveries.workspaceId, ws),
            eq(campaignDeliveries.campaignId, c.id),
            eq(campaignDeliveries.contactId, contactId),
            sql`${campaignDeliveries.goalAt} is null and ${campaignDeliveries.firstSeenAt} <= ${occurredAt}
                and ${occurredAt} < ${campaignDeliveries.firstSeenAt} + make_interval(days => ${days})`,
          ),
        );
    }
  }

  // Coalesced per contact: a batch of a hundred events of one person re-evaluates its segments once.
  const pending = new Map<string, { ws: string; contactId: string }>();
  let flushing: Promise<void> | null = null;
  async function flush() {
    await new Promise((r) => setImmediate(r));
    const batch = [...pending.values()];
    pending.clear();
    for (const { ws, contactId } of batch) {
      await deps.segments.refreshMember(ws, contactId).catch((err: unknown) => ctx.log.warn({ err, ws, contactId }, 'segment re-evaluation failed'));
    }
    flushing = null;
  }

  ctx.bus.onLocal('event.tracked', async (e) => {
    const event = (e.data as { event?: { contact_id?: string; name?: string; occurred_at?: string } }).event;
    if (!event?.contact_id || !event.name) return;
    if (event.name.startsWith('segment_')) return;
    // Without a live campaign nothing reacts to a goal or an instant segment entry: the minute
    // refresh keeps segments current, and a bulk import is not slowed by a query per contact.
    if ((await live.get(e.workspaceId)).byId.size === 0) return;
    await markGoals(e.workspaceId, event.contact_id, event.name, new Date(event.occurred_at ?? e.at));
    pending.set(`${e.workspaceId}/${event.contact_id}`, { ws: e.workspaceId, contactId: event.contact_id });
    flushing ??= flush();
    await flushing;
  });

  return { record, markGoals };
}
