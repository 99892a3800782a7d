import { sql, type SQL } from 'drizzle-orm';
import type { ReportGroup, SupportMetrics, SupportReport } from '../../contracts/insights.ts';
import { rows } from '../contacts/sql.ts';
import type { DbOrTx } from '../platform/db.ts';
import { period } from './period.ts';

/**
 * Support metrics per group over a period and the one before it, computed in the database from
 * conversations, their messages and their closes (definitions: docs/metrics.md). Times are calendar time.
 */

/** A contact's tier is the plan of the first company it joined. */
const TIER = sql`(select co.plan from contact_companies cc
                  join companies co on co.workspace_id = cc.workspace_id and co.id = cc.company_id
                  where cc.workspace_id = c.workspace_id and cc.contact_id = c.contact_id
                  order by cc.created_at, cc.company_id limit 1)`;

const GROUP: Record<ReportGroup, { key: SQL; label: SQL }> = {
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

/** A conversation with several tags counts in each tag's group. */
const TAGS = sql`left join conversation_tags ct on ct.workspace_id = c.workspace_id and ct.conversation_id = c.id`;

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
  const g = GROUP[groupBy];
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
        ${groupBy === 'tag' ? TAGS : sql``}
        group by 1, 2, 3`,
  );
}

export async function supportReport(db: DbOrTx, ws: string, q: { from: string; to: string; group_by: ReportGroup }): Promise<SupportReport> {
  const { from, to, previousFrom } = period(q);
  const g = GROUP[q.group_by];
  const list = await rows<Row>(
    db,
    sql`with conv as (
          select c.id, c.state, c.created_at, c.first_response_at, c.closed_at, c.csat_rating,
                 r.first_response_due_at as due, ${g.key} as key, ${g.label} as label,
                 case when c.created_at >= ${from.toISOString()}::timestamptz then 'current' else 'previous' end as period
          from conversations c
          left join conversation_routing r on r.workspace_id = c.workspace_id and r.conversation_id = c.id
          ${q.group_by === 'tag' ? TAGS : sql``}
          where c.workspace_id = ${ws}
            and c.created_at >= ${previousFrom.toISOString()}::timestamptz and c.created_at < ${to.toISOString()}::timestamptz
        ),
        msg as (
          select m.conversation_id, m.author_type, m.created_at,
                 lag(m.author_type) over (partition by m.conversation_id order by m.seq) as previous_author,
                 min(case when m.author_type = 'agent' then m.created_at end)
                   over (partition by m.conversation_id order by m.seq rows between 1 following and unbounded following) as next_agent_at
          from messages m
          where m.workspace_id = ${ws} and m.conversation_id in (select id from conv)
        ),
        replies as (
          select conversation_id, count(*) filter (where author_type = 'agent')::int as replies,
                 array_agg(extract(epoch from next_agent_at - created_at))
                   filter (where author_type = 'contact' and previous_author = 'agent' and next_agent_at is not null) as turns
          from msg group by conversation_id
        ),
        closes as (
          select conversation_id, count(*)::int as closes from conversation_closes
          where workspace_id = ${ws} and conversation_id in (select id from conv) group by conversation_id
        ),
        facts as (
          select cv.*, coalesce(rp.replies, 0) as replies, rp.turns, coalesce(cl.closes, 0) as closes
          from conv cv
          left join replies rp on rp.conversation_id = cv.id
          left join closes cl on cl.conversation_id = cv.id
        ),
        nrt as (
          select f.key, f.period, count(*)::int as next_responses,
                 percentile_cont(0.5) within group (order by t.s) as nrt_median,
                 percentile_cont(0.9) within group (order by t.s) as nrt_p90
          from facts f cross join lateral unnest(f.turns) as t(s)
          group by 1, 2
        ),
        totals as (
          select key, label, period,
                 count(*)::int as conversations,
                 count(first_response_at)::int as responded,
                 percentile_cont(0.5) within group (order by extract(epoch from first_response_at - created_at)) as frt_median,
                 percentile_cont(0.9) within group (order by extract(epoch from first_response_at - created_at)) as frt_p90,
                 count(*) filter (where state = 'closed')::int as closed,
                 percentile_cont(0.5) within group (order by case when state = 'closed' then extract(epoch from closed_at - created_at) end) as res_median,
                 percentile_cont(0.9) within group (order by case when state = 'closed' then extract(epoch from closed_at - created_at) end) as res_p90,
                 count(*) filter (where state = 'closed' and replies > 0)::int as replied_closed,
                 coalesce(sum(replies) filter (where state = 'closed' and replies > 0), 0)::int as replies_sum,
                 count(*) filter (where state = 'closed' and replies = 1)::int as one_touch,
                 count(*) filter (where closes > 0)::int as ever_closed,
                 count(*) filter (where closes > 1 or (closes = 1 and state <> 'closed'))::int as reopened,
                 count(*) filter (where due is not null and first_response_at <= due)::int as sla_met,
                 count(*) filter (where due is not null and (first_response_at > due or (first_response_at is null and due < now())))::int as sla_breached,
                 count(csat_rating)::int as csat_responses,
                 count(*) filter (where csat_rating >= 4)::int as csat_good
          from facts group by 1, 2, 3
        )
        select t.*, n.next_responses, n.nrt_median, n.nrt_p90
        from totals t left join nrt n on n.key is not distinct from t.key and n.period = t.period
        order by t.label nulls last, t.key nulls last`,
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
    rows: keys.map(([key, label]) => ({
      key,
      label,
      current: metrics(list.find((r) => r.key === key && r.period === 'current'), nps.find((r) => r.key === key && r.period === 'current')),
      previous: metrics(list.find((r) => r.key === key && r.period === 'previous'), nps.find((r) => r.key === key && r.period === 'previous')),
    })),
  };
}
