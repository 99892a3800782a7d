import { and, eq, sql } from 'drizzle-orm';
import type { CampaignStats, StepFunnel } from '../../contracts/campaigns.ts';
import { rows } from '../contacts/sql.ts';
import type { ReportService } from '../experiments/report/service.ts';
import type { Ctx } from '../platform/context.ts';
import type { CampaignRecord } from './records.ts';
import { campaignDeliveries, campaignReceipts } from './schema.ts';
import { sentContactsSql } from './sent.ts';
import { stepFunnelSource } from './step-funnels.ts';

/**
 * The funnel (distinct contacts per stage: sent from the send and delivery rows, the rest from the delivery rows), per-step funnels (from the
 * receipts, or the type's own source) and, with a control group, receivers vs. control from the lab's report of the
 * campaign's experiment — the same numbers the lab shows.
 */
export function createStats(ctx: Ctx, deps: { experimentReports: ReportService }) {
  const db = ctx.db;
  const count = (column: unknown) => sql<number>`count(${column})::int`;

  return async function stats(ws: string, c: CampaignRecord): Promise<CampaignStats> {
    const d = campaignDeliveries;
    const where = and(eq(d.workspaceId, ws), eq(d.campaignId, c.id));
    const [[funnel], [sentRow], steps, [missing]] = await Promise.all([
      db
        .select({ seen: count(d.firstSeenAt), clicked: count(d.clickedAt), completed: count(d.completedAt), dismissed: count(d.dismissedAt), goal: count(d.goalAt) })
        .from(d)
        .where(where),
      // Sent is every contact handed the campaign: its send rows and its delivery rows (sent.ts).
      rows<{ sent: number }>(db, sql`select count(*)::int as sent from ${sentContactsSql(ws, c.id)} t`),
      rows<Omit<StepFunnel, 'sent' | 'item_id'>>(
        db,
        sql`select r.step,
                   count(distinct r.contact_id) filter (where r.kind = 'seen')::int as seen,
                   count(distinct r.contact_id) filter (where r.kind = 'clicked')::int as clicked,
                   count(distinct r.contact_id) filter (where r.kind = 'completed')::int as completed,
                   count(distinct r.contact_id) filter (where r.kind = 'seen' and d.goal_at is not null)::int as goal
              from campaign_receipts r
              left join campaign_deliveries d on d.workspace_id = r.workspace_id and d.campaign_id = r.campaign_id and d.contact_id = r.contact_id
             where r.workspace_id = ${ws} and r.campaign_id = ${c.id} and r.step is not null
             group by r.step order by r.step`,
      ),
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(campaignReceipts)
        .where(and(eq(campaignReceipts.workspaceId, ws), eq(campaignReceipts.campaignId, c.id), eq(campaignReceipts.kind, 'anchor_missing'))),
    ]);
    const sent = sentRow?.sent ?? 0;
    const source = stepFunnelSource(c.type);
    const stepFunnels: StepFunnel[] = source
      ? await source({ db, workspaceId: ws, campaignId: c.id, content: c.content[c.defaultLocale] ?? {}, sent })
      : steps.map((s) => ({ ...s, item_id: null, sent }));
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
      funnel: { sent, seen: 0, clicked: 0, completed: 0, dismissed: 0, goal: 0, ...funnel },
      steps: stepFunnels,
      anchor_missing: missing?.n ?? 0,
      control,
    };
  };
}
