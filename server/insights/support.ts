import { sql, type SQL } from 'drizzle-orm';
import type { ReportGroup, ReportTime, SupportMetrics, SupportReport } from '../../contracts/insights.ts';
import { rows } from '../contacts/sql.ts';
import type { DbOrTx } from '../platform/db.ts';
import { factsAsOf } from './facts.ts';
import { period } from './period.ts';

/**
 * Support metrics per group over a period and the one before it, computed in the database from
 * the per-conversation facts rollup (facts.ts) and, for NPS, survey answers (definitions:
 * docs/metrics.md). Percentiles are exact: percentile_cont over the range's narrow rows.
 */

/** A group's key over the facts row `f`, and its name looked up once per group. */
const GROUP: Record<ReportGroup, { key: SQL; label: (ws: string) => SQL }> = {
  none: { key: sql`null::text`, label: () => sql`null::text` },
  team: { key: sql`f.team_id::text`, label: (ws) => sql`(select t.name from teams t where t.workspace_id = ${ws} and t.id::text = a.key)` },
  sla_policy: { key: sql`f.sla_policy_id::text`, label: (ws) => sql`(select p.name from sla_policies p where p.workspace_id = ${ws} and p.id::text = a.key)` },
  channel: { key: sql`f.channel`, label: () => sql`a.key` },
  assignee: { key: sql`f.assignee_id::text`, label: () => sql`(select g.name from agents g where g.id::text = a.key)` },
  tier: { key: sql`f.tier`, label: () => sql`a.key` },
  tag: { key: sql`tg.tag_id::text`, label: (ws) => sql`(select g.name from tags g where g.workspace_id = ${ws} and g.id::text = a.key)` },
};

/** A conversation with several tags counts in each tag's group; one without in the unset group. */
const TAGS = sql`cross join lateral unnest(coalesce(f.tag_ids, array[null]::uuid[])) as tg(tag_id)`;

/** A contact's tier is the plan of the first company it joined (the facts job stores the same). */
const TIER = sql`(select co.plan from contact_companies cc
                  join companies co on co.workspace_id = cc.workspace_id and co.id = cc.company_id
                  where cc.workspace_id = c.workspace_id and cc.contact_id = c.contact_id
                  order by cc.created_at, cc.company_id limit 1)`;

/** For NPS answers, grouped by the respondent's latest conversation (`c`), as the rows were. */
const NPS_GROUP: Record<ReportGroup, { key: SQL; label: SQL }> = {
  none: { key: sql`null::text`, label: sql`null::text` },
  team: { key: sql`c.team_id::text`, label: sql`(select t.name from teams t where t.workspace_id = c.workspace_id and t.id = c.team_id)` },
  sla_policy: {
    key: sql`r.sla_policy_id::text`,
    label: sql`(select p.name from sla_policies p where p.workspace_id = c.workspace_id and p.id = r.sla_policy_id)`,
  },
  channel: { key: sql`c.channel`, label: sql`c.channel` },
  assignee: { key: sql`c.assignee_id::text`, label: sql`(select a.name from agents a where a.id = c.assignee_id)` },
  tier: { key: TIER, label: TIER },
  tag: { key: sql`ct.tag_id::text`, label: sql`(select g.name from tags g where g.workspace_id = c.workspace_id and g.id = ct.tag_id)` },
};

const NPS_TAGS = sql`left join conversation_tags ct on ct.workspace_id = c.workspace_id and ct.conversation_id = c.id`;

type Num = number | string | null;
interface Row {
  key: string | null;
  label: string | null;
  period: 'current' | 'previous';
  conversations: number;
  responded: number;
  frt_median: Num;
  frt_p90: Num;
  next_responses: number | null;
  nrt_median: Num;
  nrt_p90: Num;
  closed: number;
  res_median: Num;
  res_p90: Num;
  replied_closed: number;
  replies_sum: number;
  one_touch: number;
  ever_closed: number;
  reopened: number;
  sla_met: number;
  sla_breached: number;
  csat_responses: number;
  csat_good: number;
}

const num = (v: Num) => (v === null ? null : Number(v));
const ratio = (a: number, b: number) => (b ? a / b : null);

export const EMPTY_METRICS: SupportMetrics = {
  conversations: 0,
  responded: 0,
  median_first_response_seconds: null,
  p90_first_response_seconds: null,
  next_responses: 0,
  median_next_response_seconds: null,
  p90_next_response_seconds: null,
  closed: 0,
  median_resolution_seconds: null,
  p90_resolution_seconds: null,
  replies_to_resolution: null,
  one_touch_rate: null,
  reopen_rate: null,
  sla_met: 0,
  sla_breached: 0,
  sla_attainment: null,
  csat_responses: 0,
  csat_score: null,
  csat_response_rate: null,
  nps_responses: 0,
  nps_score: null,
};

interface NpsRow {
  key: string | null;
  label: string | null;
  period: 'current' | 'previous';
  responses: number;
  promoters: number;
  detractors: number;
}

function metrics(r: Row | undefined, nps: NpsRow | undefined): SupportMetrics {
  const npsMetrics = { nps_responses: nps?.responses ?? 0, nps_score: nps?.responses ? ((nps.promoters - nps.detractors) / nps.responses) * 100 : null };
  if (!r) return { ...EMPTY_METRICS, ...npsMetrics };
  return {
    conversations: r.conversations,
    responded: r.responded,
    median_first_response_seconds: num(r.frt_median),
    p90_first_response_seconds: num(r.frt_p90),
    next_responses: r.next_responses ?? 0,
    median_next_response_seconds: num(r.nrt_median),
    p90_next_response_seconds: num(r.nrt_p90),
    closed: r.closed,
    median_resolution_seconds: num(r.res_median),
    p90_resolution_seconds: num(r.res_p90),
    replies_to_resolution: ratio(Number(r.replies_sum), r.replied_closed),
    one_touch_rate: ratio(r.one_touch, r.replied_closed),
    reopen_rate: ratio(r.reopened, r.ever_closed),
    sla_met: r.sla_met,
    sla_breached: r.sla_breached,
    sla_attainment: ratio(r.sla_met, r.sla_met + r.sla_breached),
    csat_responses: r.csat_responses,
    csat_score: ratio(r.csat_good, r.csat_responses),
    csat_response_rate: ratio(r.csat_responses, r.closed),
    ...npsMetrics,
  };
}

/**
 * NPS answers of the period and the one before, grouped like conversations: by the respondent's
 * tier, or by the group of the respondent's latest conversation created before the answer.
 */
async function npsRows(db: DbOrTx, ws: string, p: { from: Date; to: Date; previousFrom: Date }, groupBy: ReportGroup): Promise<NpsRow[]> {
  const g = NPS_GROUP[groupBy];
  return rows<NpsRow>(
    db,
    sql`with ans as (
          select a.contact_id, a.score, case when a.answered_at >= ${p.from.toISOString()}::timestamptz then 'current' else 'previous' end as period, a.answered_at
          from survey_answers a join campaigns k on k.workspace_id = a.workspace_id and k.id = a.campaign_id
          where a.workspace_id = ${ws} and k.type = 'survey' and a.score is not null
            and a.answered_at >= ${p.previousFrom.toISOString()}::timestamptz and a.answered_at < ${p.to.toISOString()}::timestamptz
            and exists (select 1 from jsonb_array_elements(k.content -> k.default_locale -> 'questions') q
                        where q ->> 'id' = a.question_id and q ->> 'kind' = 'nps')
        )
        select ${g.key} as key, ${g.label} as label, ans.period, count(*)::int as responses,
               count(*) filter (where ans.score >= 9)::int as promoters, count(*) filter (where ans.score <= 6)::int as detractors
        from ans
        cross join lateral (
          select ${ws}::uuid as workspace_id, ans.contact_id, lc.id, lc.team_id, lc.channel, lc.assignee_id
          from (select 1) one left join lateral (
            select x.id, x.team_id, x.channel, x.assignee_id from conversations x
            where x.workspace_id = ${ws} and x.contact_id = ans.contact_id and x.created_at <= ans.answered_at
            order by x.created_at desc limit 1
          ) lc on true
        ) c
        left join conversation_routing r on r.workspace_id = c.workspace_id and r.conversation_id = c.id
        ${groupBy === 'tag' ? NPS_TAGS : sql``}
        group by 1, 2, 3`,
  );
}

export async function supportReport(
  db: DbOrTx,
  ws: string,
  q: { from: string; to: string; group_by: ReportGroup; time?: ReportTime },
): Promise<SupportReport> {
  const { from, to, previousFrom } = period(q);
  const time = q.time ?? 'calendar';
  const g = GROUP[q.group_by];
  const frt = sql.raw(time === 'office' ? 'frt_office_seconds' : 'frt_seconds');
  const res = sql.raw(time === 'office' ? 'resolution_office_seconds' : 'resolution_seconds');
  const list = await rows<Row>(
    db,
    sql`with f as materialized (
          select ${g.key} as key, case when f.created_at >= ${from.toISOString()}::timestamptz then 'current' else 'previous' end as period,
                 f.closed, f.first_response_at, f.first_response_due_at as due, f.${frt} as frt, f.${res} as res,
                 f.replies, f.closes, f.next_response_seconds as turns, f.csat_rating
          from insights_conversation_facts f
          ${q.group_by === 'tag' ? TAGS : sql``}
          where f.workspace_id = ${ws}
            and f.created_at >= ${previousFrom.toISOString()}::timestamptz and f.created_at < ${to.toISOString()}::timestamptz
        ),
        nrt as (
          select f.key, f.period, count(*)::int as next_responses,
                 percentile_cont(0.5) within group (order by t.s) as nrt_median,
                 percentile_cont(0.9) within group (order by t.s) as nrt_p90
          from f cross join lateral unnest(f.turns) as t(s)
          where f.turns is not null
          group by 1, 2
        ),
        totals as (
          select key, period,
                 count(*)::int as conversations,
                 count(first_response_at)::int as responded,
                 percentile_cont(0.5) within group (order by frt) as frt_median,
                 percentile_cont(0.9) within group (order by frt) as frt_p90,
                 count(*) filter (where closed)::int as closed,
                 percentile_cont(0.5) within group (order by res) as res_median,
                 percentile_cont(0.9) within group (order by res) as res_p90,
                 count(*) filter (where closed and replies > 0)::int as replied_closed,
                 coalesce(sum(replies) filter (where closed and replies > 0), 0)::int as replies_sum,
                 count(*) filter (where closed and replies = 1)::int as one_touch,
                 count(*) filter (where closes > 0)::int as ever_closed,
                 count(*) filter (where closes > 1 or (closes = 1 and not closed))::int as reopened,
                 count(*) filter (where due is not null and first_response_at <= due)::int as sla_met,
                 count(*) filter (where due is not null and (first_response_at > due or (first_response_at is null and due < now())))::int as sla_breached,
                 count(csat_rating)::int as csat_responses,
                 count(*) filter (where csat_rating >= 4)::int as csat_good
          from f group by 1, 2
        )
        select a.*, ${g.label(ws)} as label, n.next_responses, n.nrt_median, n.nrt_p90
        from totals a left join nrt n on n.key is not distinct from a.key and n.period = a.period
        order by label nulls last, a.key nulls last`,
  );
  const nps = await npsRows(db, ws, { from, to, previousFrom }, q.group_by);
  const labels = new Map(list.map((r) => [r.key, r.label]));
  for (const n of nps) if (!labels.has(n.key)) labels.set(n.key, n.label);
  const keys = [...labels.entries()];
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    previous_from: previousFrom.toISOString(),
    group_by: q.group_by,
    time,
    as_of: await factsAsOf(db, ws),
    rows: keys.map(([key, label]) => ({
      key,
      label,
      current: metrics(list.find((r) => r.key === key && r.period === 'current'), nps.find((r) => r.key === key && r.period === 'current')),
      previous: metrics(list.find((r) => r.key === key && r.period === 'previous'), nps.find((r) => r.key === key && r.period === 'previous')),
    })),
  };
}
