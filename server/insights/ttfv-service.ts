import { and, eq } from 'drizzle-orm';
import { TtfvQuery as TtfvQuerySchema, type TtfvQuery, type TtfvReport, type TtfvSettings } from '../../contracts/ttfv.ts';
import { campaigns } from '../campaigns/schema.ts';
import type { Ctx } from '../platform/context.ts';
import type { DbOrTx } from '../platform/db.ts';
import { badField } from '../platform/errors.ts';
import { ttfvSettings } from './schema.ts';
import { timeToFirstValue } from './ttfv.ts';

type Read = <T>(fn: (db: DbOrTx) => Promise<T>) => Promise<T>;

/** The workspace's milestone setting and the report, whose view may override the milestone. */
export function createTtfv(ctx: Ctx, read: Read) {
  const db = ctx.db;

  async function settings(ws: string): Promise<TtfvSettings> {
    const [row] = await db.select({ event: ttfvSettings.milestoneEvent }).from(ttfvSettings).where(eq(ttfvSettings.workspaceId, ws));
    return { milestone_event: row?.event ?? null };
  }

  async function setSettings(ws: string, value: TtfvSettings): Promise<TtfvSettings> {
    if (value.milestone_event === null) {
      await db.delete(ttfvSettings).where(eq(ttfvSettings.workspaceId, ws));
    } else {
      const now = new Date();
      await db
        .insert(ttfvSettings)
        .values({ workspaceId: ws, milestoneEvent: value.milestone_event, updatedAt: now })
        .onConflictDoUpdate({ target: ttfvSettings.workspaceId, set: { milestoneEvent: value.milestone_event, updatedAt: now } });
    }
    return settings(ws);
  }

  async function report(ws: string, query: TtfvQuery): Promise<TtfvReport> {
    const q = TtfvQuerySchema.parse(query);
    const event = q.event ?? (await settings(ws)).milestone_event;
    if (!event) throw badField('event', 'no milestone event: choose one in the workspace settings or pass event');
    let campaign: { id: string; experimentId: string | null } | undefined;
    if (q.campaign_id) {
      const [c] = await db
        .select({ id: campaigns.id, experimentId: campaigns.experimentId })
        .from(campaigns)
        .where(and(eq(campaigns.workspaceId, ws), eq(campaigns.id, q.campaign_id)));
      if (!c) throw badField('campaign_id', 'no such campaign');
      campaign = c;
    }
    return read((tx) =>
      timeToFirstValue(tx, ws, { from: new Date(q.from), to: new Date(q.to), cohort: q.cohort, event, withinDays: q.within_days, now: new Date(), campaign }),
    );
  }

  return { settings, setSettings, report };
}

export type TtfvService = ReturnType<typeof createTtfv>;
