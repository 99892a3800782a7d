import { and, eq, sql } from 'drizzle-orm';
import type { CampaignStats } from '../../contracts/campaigns.ts';
import type { ReportService } from '../experiments/report/service.ts';
import type { Ctx } from '../platform/context.ts';
import type { CampaignRecord } from './records.ts';
import { campaignDeliveries, campaignReceipts } from './schema.ts';

/**
 * The funnel (distinct contacts per stage, from the delivery rows), per-step counts (from the
 * receipts) and, with a control group, receivers vs. control from the lab's report of the
 * campaign's experiment — the same numbers the lab shows.
 */
export function createStats(ctx: Ctx, deps: { experimentReports: ReportService }) {
  const db = ctx.db;
  const count = (column: unknown) => sql<number>`count(${column})::int`;

  return async function stats(ws: string, c: CampaignRecord): Promise<CampaignStats> {
    const d = campaignDeliveries;
    const where = and(eq(d.workspaceId, ws), eq(d.campaignId, c.id));
    const [[funnel], steps, [missing]] = await Promise.all([
      db
        .select({ sent: sql<number>`count(*)::int`, seen: count(d.firstSeenAt), clicked: count(d.clickedAt), completed: count(d.completedAt), dismissed: count(d.dismissedAt), goal: count(d.goalAt) })
        .from(d)
        .where(where),
      db
        .select({
          step: campaignReceipts.step,
          seen: sql<number>`count(distinct ${campaignReceipts.contactId}) filter (where ${campaignReceipts.kind} = 'seen')::int`,
          completed: sql<number>`count(distinct ${campaignReceipts.contactId}) filter (where ${campaignReceipts.kind} = 'completed')::int`,
        })
        .from(campaignReceipts)
        .where(and(eq(campaignReceipts.workspaceId, ws), eq(campaignReceipts.campaignId, c.id), sql`${campaignReceipts.step} is not null`))
        .groupBy(campaignReceipts.step)
        .orderBy(campaignReceipts.step),
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(campaignReceipts)
        .where(and(eq(campaignReceipts.workspaceId, ws), eq(campaignReceipts.campaignId, c.id), eq(campaignReceipts.kind, 'anchor_missing'))),
    ]);
    let control: CampaignStats['control'] = null;
    if (c.experimentId && c.goal) {
      const report = await deps.experimentReports.report(ws, c.experimentId, {});
      const metric = report.metrics.find((m) => m.role === 'primary');
      const arm = (variant: string) => {
        const a = metric?.arms.find((x) => x.variant === variant);
        const n = a?.n ?? 0;
        const rate = a?.mean ?? 0;
        return { contacts: n, converted: Math.round(rate * n), rate };
      };
      const headline = metric?.comparisons.find((x) => x.variant === 'receivers')?.headline;
      control = {
        experiment_id: c.experimentId,
        receivers: arm('receivers'),
        control: arm('control'),
        difference: headline?.estimate ?? null,
        ci_low: headline?.ci_low ?? null,
        ci_high: headline?.ci_high ?? null,
        p_value: headline?.p_value ?? null,
        report_path: `/app/experiments/${c.experimentId}`,
      };
    }
    return {
      campaign_id: c.id,
      funnel: funnel ?? { sent: 0, seen: 0, clicked: 0, completed: 0, dismissed: 0, goal: 0 },
      steps: steps.map((s) => ({ step: s.step!, seen: s.seen, completed: s.completed })),
      anchor_missing: missing?.n ?? 0,
      control,
    };
  };
}
