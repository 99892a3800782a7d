import { sql } from 'drizzle-orm';
import { prng } from '../contacts/demo.ts';
import { jsonList, rows } from '../contacts/sql.ts';
import type { Ctx } from '../platform/context.ts';
import type { Services } from '../services.ts';

const DAY = 86_400_000;
/**
 * Chance a paying demo company cancelled in the last 150 days, by plan. Pro and enterprise
 * customers are answered by the Priority desk within the hour (inbox/demo-plan.ts), so the outcomes
 * page has the premium-tier correlation to show, and "Test this" to offer.
 */
const CHURN: Record<string, number> = { starter: 0.3, pro: 0.12, enterprise: 0.06 };
const EXPAND = 0.2;
const CONTRACT = 0.1;

/** The demo's milestone for time to first value and its companies' plan and MRR history. */
export async function seedDemoInsights(ctx: Ctx, services: Services, ws: string, now = Date.now()): Promise<void> {
  await services.insights.ttfv.setSettings(ws, { milestone_event: 'project_created' });
  await plantMrrHistory(ctx, ws, now);
}

interface HistoryRow {
  company_id: string;
  at: string;
  plan: string;
  mrr: number;
}

/**
 * The history trigger dated each demo company's first row at the seed, so the outcomes report
 * would find nobody paying a period ago: each pays its plan from its sign-up instead, and some
 * cancelled, expanded or contracted on a day of the last 150 (never in a company's first month).
 */
async function plantMrrHistory(ctx: Ctx, ws: string, now: number): Promise<void> {
  const r = prng(20260301);
  const companies = await rows<{ id: string; plan: string; mrr: number | string; created_at: string | Date }>(
    ctx.db,
    sql`select id, plan, mrr, created_at from companies where workspace_id = ${ws} and external_id like 'demo-company-%' order by external_id`,
  );
  const history: HistoryRow[] = [];
  const cancelled: string[] = [];
  for (const co of companies) {
    const mrr = Number(co.mrr);
    const signup = new Date(co.created_at).getTime();
    const at = Math.max(signup + 30 * DAY, now - r.int(1, 150) * DAY);
    const x = r.next();
    const churn = CHURN[co.plan] ?? 0;
    const row = (t: number, plan: string, m: number): HistoryRow => ({ company_id: co.id, at: new Date(t).toISOString(), plan, mrr: m });
    if (mrr === 0 || at >= now - DAY) history.push(row(signup, co.plan, mrr));
    else if (x < churn) {
      history.push(row(signup, co.plan, mrr), row(at, 'cancelled', 0));
      cancelled.push(co.id);
    } else if (x < churn + EXPAND) history.push(row(signup, co.plan, Math.round(mrr / 2)), row(at, co.plan, mrr));
    else if (x < churn + EXPAND + CONTRACT) history.push(row(signup, co.plan, Math.round(mrr * 1.5)), row(at, co.plan, mrr));
    else history.push(row(signup, co.plan, mrr));
  }
  await ctx.db.transaction(async (tx) => {
    if (cancelled.length) {
      await tx.execute(sql`update companies set plan = 'cancelled', mrr = 0
        where workspace_id = ${ws} and id in ${jsonList(cancelled, 'uuid')}`);
    }
    // The trigger's rows, of the insert and of the cancellations above, give way to the planned ones.
    await tx.execute(sql`delete from company_mrr_history
      where workspace_id = ${ws} and company_id in ${jsonList(companies.map((c) => c.id), 'uuid')}`);
    await tx.execute(sql`insert into company_mrr_history (workspace_id, company_id, at, plan, mrr)
      select ${ws}, x.company_id, x.at, x.plan, x.mrr
      from jsonb_to_recordset(${JSON.stringify(history)}::jsonb) as x(company_id uuid, at timestamptz, plan text, mrr numeric)`);
  });
}
