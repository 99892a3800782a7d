import { sql, type SQL } from 'drizzle-orm';
import type { Outcome, OutcomeGroup, Outcomes } from '../../contracts/insights.ts';
import { rows } from '../contacts/sql.ts';
import type { DbOrTx } from '../platform/db.ts';
import { badField } from '../platform/errors.ts';
import { factsAsOf } from './facts.ts';

/**
 * Customer outcomes (docs/metrics.md): each company's MRR at the start and at the end of a period,
 * read from company_mrr_history, summed per support tier, SLA policy or segment, beside everyone
 * else; and sign-up cohorts by month.
 */

const MAX_DAYS = 3 * 366;
const MAX_COHORT_MONTHS = 24;

/**
 * Every company's latest history row at or before `t`, in one pass over the history. Two changes in
 * one transaction share `at` (the trigger writes now()): the row stored last (highest ctid) wins,
 * which is the one the former per-company backward scan of the (company_id, at) index returned.
 */
const stateAt = (ws: string, t: SQL) =>
  sql`(select distinct on (h.company_id) h.company_id, h.plan, h.mrr from company_mrr_history h
       where h.workspace_id = ${ws} and h.at <= ${t} order by h.company_id, h.at desc, h.ctid desc)`;

/**
 * Each history row with the time the next one replaced it (null: still current), so the state at
 * any instant is the row whose interval [at, until) holds it. Rows tied on `at` get an empty
 * interval except the one stored last, matching stateAt.
 */
const intervals = (ws: string) =>
  sql`(select h.company_id, h.mrr, h.at, lead(h.at) over (partition by h.company_id order by h.at, h.ctid) as until
       from company_mrr_history h where h.workspace_id = ${ws})`;

/**
 * The company's SLA policy: that of its latest routed conversation before the end of the period,
 * one backward step of the company's rows in insights_company_conversations (as of the last facts
 * sweep) for each company, where a join over contact_companies, conversations and routing read
 * every conversation (1.4 s on 1M). `nulls last` matches the index's order, else it is not used.
 */
const policy = (t: SQL) =>
  sql`(select p.sla_policy_id::text as policy from insights_company_conversations p
       where p.workspace_id = co.workspace_id and p.company_id = co.id and p.created_at < ${t}
       order by p.created_at desc nulls last limit 1)`;

interface Sums {
  customers: number;
  churned: number;
  expanded: number;
  contracted: number;
  start_mrr: number | string;
  end_mrr: number | string;
  expansion_mrr: number | string;
  contraction_mrr: number | string;
  churned_mrr: number | string;
}

export function outcome(s: Sums): Outcome {
  const start = Number(s.start_mrr);
  const end = Number(s.end_mrr);
  const contraction = Number(s.contraction_mrr);
  const churnedMrr = Number(s.churned_mrr);
  return {
    customers: s.customers,
    churned: s.churned,
    expanded: s.expanded,
    contracted: s.contracted,
    start_mrr: start,
    end_mrr: end,
    expansion_mrr: Number(s.expansion_mrr),
    contraction_mrr: contraction,
    churned_mrr: churnedMrr,
    churn_rate: s.customers ? s.churned / s.customers : null,
    retention_rate: s.customers ? 1 - s.churned / s.customers : null,
    net_revenue_retention: start ? end / start : null,
    gross_revenue_retention: start ? (start - contraction - churnedMrr) / start : null,
  };
}

const minus = (a: Sums, b: Sums): Sums => ({
  customers: a.customers - b.customers,
  churned: a.churned - b.churned,
  expanded: a.expanded - b.expanded,
  contracted: a.contracted - b.contracted,
  start_mrr: Number(a.start_mrr) - Number(b.start_mrr),
  end_mrr: Number(a.end_mrr) - Number(b.end_mrr),
  expansion_mrr: Number(a.expansion_mrr) - Number(b.expansion_mrr),
  contraction_mrr: Number(a.contraction_mrr) - Number(b.contraction_mrr),
  churned_mrr: Number(a.churned_mrr) - Number(b.churned_mrr),
});

export async function customerOutcomes(
  db: DbOrTx,
  ws: string,
  q: { from: string; to: string; group_by: OutcomeGroup; segment_id?: string },
): Promise<Outcomes> {
  const from = new Date(q.from);
  const to = new Date(q.to);
  if (!(to > from)) throw badField('to', 'must be after from');
  if (to.getTime() - from.getTime() > MAX_DAYS * 86_400_000) throw badField('to', `outcomes cover at most ${MAX_DAYS} days`);
  if (q.group_by === 'segment' && !q.segment_id) throw badField('segment_id', 'is required with group_by=segment');
  const f = sql`${from.toISOString()}::timestamptz`;
  const t = sql`${to.toISOString()}::timestamptz`;
  const group: Record<OutcomeGroup, { key: SQL; label: SQL }> = {
    tier: { key: sql`s.start_plan`, label: sql`s.start_plan` },
    sla_policy: {
      key: sql`s.policy`,
      label: sql`(select p.name from sla_policies p where p.workspace_id = ${ws} and p.id::text = s.policy)`,
    },
    segment: {
      key: sql`case when exists (select 1 from segment_members m where m.workspace_id = ${ws} and m.segment_id = ${q.segment_id ?? null}::uuid and m.member_id = s.id) then 'member' else 'other' end`,
      label: sql`(select g.name from segments g where g.workspace_id = ${ws} and g.id = ${q.segment_id ?? null}::uuid)`,
    },
  };
  const g = group[q.group_by];
  const list = await rows<Sums & { key: string | null; label: string | null }>(
    db,
    sql`with s as (
          select co.id, st.mrr as start_mrr, st.plan as start_plan, coalesce(en.mrr, 0) as end_mrr
                 ${q.group_by === 'sla_policy' ? sql`, pol.policy` : sql``}
          from companies co
          left join ${stateAt(ws, f)} st on st.company_id = co.id
          left join ${stateAt(ws, t)} en on en.company_id = co.id
          ${q.group_by === 'sla_policy' ? sql`left join lateral ${policy(t)} pol on true` : sql``}
          where co.workspace_id = ${ws} and co.created_at < ${f}
        )
        select ${g.key} as key, ${g.label} as label,
               count(*)::int as customers,
               count(*) filter (where s.end_mrr <= 0)::int as churned,
               count(*) filter (where s.end_mrr > s.start_mrr)::int as expanded,
               count(*) filter (where s.end_mrr > 0 and s.end_mrr < s.start_mrr)::int as contracted,
               coalesce(sum(s.start_mrr), 0) as start_mrr,
               coalesce(sum(s.end_mrr), 0) as end_mrr,
               coalesce(sum(greatest(s.end_mrr - s.start_mrr, 0)), 0) as expansion_mrr,
               coalesce(sum(s.start_mrr - s.end_mrr) filter (where s.end_mrr > 0 and s.end_mrr < s.start_mrr), 0) as contraction_mrr,
               coalesce(sum(s.start_mrr) filter (where s.end_mrr <= 0), 0) as churned_mrr
        from s where s.start_mrr > 0
        group by 1, 2 order by 2 nulls last, 1 nulls last`,
  );
  const zero: Sums = { customers: 0, churned: 0, expanded: 0, contracted: 0, start_mrr: 0, end_mrr: 0, expansion_mrr: 0, contraction_mrr: 0, churned_mrr: 0 };
  const total = list.reduce((a, r) => minus(a, minus(zero, r)), zero);
  const cohorts = await rows<{ month: string; companies: number; retained: (number | string)[] }>(
    db,
    sql`with co as (
          select co.id, date_trunc('month', co.created_at at time zone 'UTC') as month from companies co
          where co.workspace_id = ${ws} and co.created_at < ${t}
            and co.created_at >= date_trunc('month', ${t} at time zone 'UTC') - interval '${sql.raw(String(MAX_COHORT_MONTHS - 1))} months'
        ),
        sizes as (select month, count(*)::int as companies from co group by month),
        -- the instants are the cohort's, not the company's: computed once per cohort month, and from one
        -- fixed series (a series per row is estimated at 1,000 rows, and that inflated cost turned on
        -- JIT compilation, which took longer than the query itself)
        instants as (
          select z.month, k, least(((z.month + (k + 1) * interval '1 month') at time zone 'UTC'), ${t}) as at
          from sizes z join generate_series(0, ${sql.raw(String(MAX_COHORT_MONTHS - 1))}) as k
            on k <= ((extract(year from age(date_trunc('month', ${t} at time zone 'UTC'), z.month)) * 12
                 + extract(month from age(date_trunc('month', ${t} at time zone 'UTC'), z.month)))::int)
        ),
        points as (
          select p.month, p.k, i.mrr from co join instants p on p.month = co.month
          left join ${intervals(ws)} i on i.company_id = co.id and i.at <= p.at and (i.until is null or p.at < i.until)
        ),
        shares as (select month, k, (count(*) filter (where mrr > 0))::float / count(*) as share from points group by month, k)
        select to_char(z.month, 'YYYY-MM') as month, z.companies, array_agg(sh.share order by sh.k) as retained
        from sizes z join shares sh on sh.month = z.month
        group by z.month, z.companies order by z.month`,
  );
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    group_by: q.group_by,
    as_of: await factsAsOf(db, ws),
    total: outcome(total),
    rows: list.map((r) => {
      const mine = outcome(r);
      const rest = outcome(minus(total, r));
      return {
        key: r.key,
        label: r.label,
        outcome: mine,
        rest,
        churn_difference_points: mine.churn_rate === null || rest.churn_rate === null ? null : (mine.churn_rate - rest.churn_rate) * 100,
      };
    }),
    cohorts: cohorts.map((c) => ({ month: c.month, companies: c.companies, retained: c.retained.map(Number) })),
  };
}
