import { sql, type SQL } from 'drizzle-orm';
import type { ReportGroup, ReportTime, SupportMetrics, SupportReport } from '../../contracts/insights.ts';
import { rows } from '../contacts/sql.ts';
import type { DbOrTx } from '../platform/db.ts';
import { bucket, bucketValue, COUNTS, DIMS, TAGS } from './daily.ts';
import { factsAsOf } from './facts.ts';
import { period, type Period } from './period.ts';

/**
 * Support metrics per group over a period and the one before it, computed in the database from
 * the per-conversation facts rollup (facts.ts), its daily pre-aggregate (daily.ts) and, for NPS,
 * survey answers (definitions: docs/metrics.md). Up to EXACT_UP_TO conversations in the two
 * periods, every number comes from the facts rows, percentiles exact (percentile_cont). Beyond,
 * the complete UTC days come from the daily rows and only the partial days at the edges (and the
 * days whose unanswered conversations are not yet overdue) from the facts: counts stay exact and
 * percentiles are read off the summed histograms, within RELATIVE_ERROR of the exact ones.
 */

/** Conversations in the two periods up to which the report reads every facts row. */
export const EXACT_UP_TO = 10_000;
const DAY_MS = 86_400_000;

/** A group's name, looked up once per group (`a.key`). */
const LABEL: Record<ReportGroup, (ws: string) => SQL> = {
  none: () => sql`null::text`,
  team: (ws) => sql`(select t.name from teams t where t.workspace_id = ${ws} and t.id::text = a.key)`,
  sla_policy: (ws) => sql`(select p.name from sla_policies p where p.workspace_id = ${ws} and p.id::text = a.key)`,
  channel: () => sql`a.key`,
  assignee: () => sql`(select g.name from agents g where g.id::text = a.key)`,
  tier: () => sql`a.key`,
  tag: (ws) => sql`(select g.name from tags g where g.workspace_id = ${ws} and g.id::text = a.key)`,
};

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

/** What both report paths read per group and period besides the durations: counts that add up. */
interface Counts {
  key: string | null;
  label: string | null;
  period: 'current' | 'previous';
  conversations: number;
  responded: number;
  closed: number;
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

interface Row extends Counts {
  frt_median: Num;
  frt_p90: Num;
  next_responses: number | null;
  nrt_median: Num;
  nrt_p90: Num;
  res_median: Num;
  res_p90: Num;
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
  opts: { exactUpTo?: number } = {},
): Promise<SupportReport> {
  const p = period(q);
  const { from, to, previousFrom } = p;
  const time = q.time ?? 'calendar';
  const [size] = await rows<{ n: number; hot: string | null }>(
    db,
    sql`select coalesce(sum(conversations), 0)::int as n, min(day) filter (where sla_waiting_due_max >= now())::text as hot
        from insights_support_daily
        where workspace_id = ${ws} and dim = 'none' and day >= ${utcDay(previousFrom)}::date and day <= ${utcDay(new Date(to.getTime() - 1))}::date`,
  );
  const list =
    size!.n <= (opts.exactUpTo ?? EXACT_UP_TO)
      ? await exactRows(db, ws, p, q.group_by, time)
      : await dailyRows(db, ws, p, q.group_by, time, size!.hot);
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

const utcDay = (t: Date) => t.toISOString().slice(0, 10);
const dates = (days: string[]) => sql`${`{${days.join(',')}}`}::date[]`;

/** What the report reads of a daily or weekly row. */
const AGGREGATE = sql.raw(
  ['conversations', 'responded', 'closed', 'replied_closed', 'replies_sum', 'one_touch', 'ever_closed', 'reopened', 'sla_met', 'sla_late',
    'sla_waiting', 'csat_responses', 'csat_good', 'frt_b', 'frt_n', 'frt_office_b', 'frt_office_n', 'res_b', 'res_n', 'res_office_b',
    'res_office_n', 'nrt_b', 'nrt_n'].join(', '),
);
const durationColumns = (time: ReportTime) =>
  time === 'office' ? { frt: 'frt_office_seconds', res: 'resolution_office_seconds', prefix: '_office' } : { frt: 'frt_seconds', res: 'resolution_seconds', prefix: '' };

/** Every number from the facts rows of the two periods. */
async function exactRows(db: DbOrTx, ws: string, p: Period, groupBy: ReportGroup, time: ReportTime): Promise<Row[]> {
  const { from, to, previousFrom } = p;
  const frt = sql.raw(durationColumns(time).frt);
  const res = sql.raw(durationColumns(time).res);
  return rows<Row>(
    db,
    sql`with f as materialized (
          select ${DIMS[groupBy]} as key, case when f.created_at >= ${from.toISOString()}::timestamptz then 'current' else 'previous' end as period,
                 f.closed, f.first_response_at, f.first_response_due_at as due, f.${frt} as frt, f.${res} as res,
                 f.replies, f.closes, f.next_response_seconds as turns, f.csat_rating
          from insights_conversation_facts f
          ${groupBy === 'tag' ? TAGS : sql``}
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
        select a.*, ${LABEL[groupBy](ws)} as label, n.next_responses, n.nrt_median, n.nrt_p90
        from totals a left join nrt n on n.key is not distinct from a.key and n.period = a.period
        order by label nulls last, a.key nulls last`,
  );
}

/** Per duration: how many values, and the buckets of the order statistics either side of the median and p90. */
type Picks = { [k in `${'frt' | 'res' | 'nrt'}_${'n' | 'p50_lo' | 'p50_hi' | 'p90_lo' | 'p90_hi'}`]: number | null };

interface DailyRow extends Counts, Picks {}

const QUANTILES = [
  ['p50', 0.5],
  ['p90', 0.9],
] as const;

/** percentile_cont's interpolation between the order statistics, over the buckets that hold them. */
function fromBuckets(n: number | null, lo: number | null, hi: number | null, p: number): number | null {
  if (!n || lo === null || hi === null) return null;
  const rank = p * (n - 1);
  const a = bucketValue(lo);
  return a + (bucketValue(hi) - a) * (rank - Math.floor(rank));
}

/**
 * The complete UTC days of the two periods from the daily rows, the rest from the facts rows: the
 * partial days at either end and around `from`, and the days from `hot` on, whose unanswered
 * conversations may not be overdue yet (the daily rows only know they were not when computed).
 */
async function dailyRows(db: DbOrTx, ws: string, p: Period, groupBy: ReportGroup, time: ReportTime, hot: string | null): Promise<Row[]> {
  const { from, to, previousFrom } = p;
  const dayOf = (t: number) => Math.floor(t / DAY_MS) * DAY_MS;
  const lo = Math.ceil(previousFrom.getTime() / DAY_MS) * DAY_MS;
  const hi = Math.max(lo, Math.min(dayOf(to.getTime()), hot === null ? Infinity : Date.parse(`${hot}T00:00:00Z`)));
  const split = from.getTime() % DAY_MS === 0 || dayOf(from.getTime()) < lo || dayOf(from.getTime()) >= hi ? null : dayOf(from.getTime());
  const at = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`;
  const day = (ms: number) => sql`${utcDay(new Date(ms))}::date`;
  // The facts' share as ranges of created_at, each one an index range scan.
  const edges: [number, number][] = [[previousFrom.getTime(), lo], [hi, to.getTime()]];
  if (split !== null) edges.push([split, split + DAY_MS]);
  const ranges = edges
    .map(([a, z]) => [Math.max(a, previousFrom.getTime()), Math.min(z, to.getTime())] as const)
    .filter(([a, z]) => a < z)
    .map(([a, z]) => sql`(f.created_at >= ${at(a)} and f.created_at < ${at(z)})`);
  const inEdges = ranges.length ? sql.join(ranges, sql` or `) : sql`false`;
  // The complete ISO weeks inside either period's share of [lo, hi) come from the weekly rows
  // (a week never straddles from), their days and the split day are skipped in the daily rows.
  const halves: [number, number][] =
    split !== null ? [[lo, split], [split + DAY_MS, hi]] : from.getTime() > lo && from.getTime() < hi ? [[lo, from.getTime()], [from.getTime(), hi]] : [[lo, hi]];
  const weeks = halves.flatMap(([a, z]) => {
    const out: number[] = [];
    for (let w = a + ((8 - new Date(a).getUTCDay()) % 7) * DAY_MS; w + 7 * DAY_MS <= z; w += 7 * DAY_MS) out.push(w);
    return out;
  });
  const skip = [...weeks.flatMap((w) => [0, 1, 2, 3, 4, 5, 6].map((n) => w + n * DAY_MS)), ...(split === null ? [] : [split])];
  const cols = durationColumns(time);
  const frt = sql.raw(`f.${cols.frt}`);
  const res = sql.raw(`f.${cols.res}`);
  const hist = (name: string, m: number) => sql.raw(`select d.k as key, d.cur, ${m} as m, x.b, x.n from d cross join lateral unnest(d.${name}_b, d.${name}_n) as x(b, n)`);
  const pickColumns = ['frt', 'res', 'nrt'].flatMap((name, m) => [
    sql.raw(`p${m}.total as ${name}_n`),
    ...QUANTILES.flatMap(([q]) => [sql.raw(`p${m}.${q}_lo as ${name}_${q}_lo`), sql.raw(`p${m}.${q}_hi as ${name}_${q}_hi`)]),
  ]);
  const pickJoins = [0, 1, 2].map((m) => sql.raw(`left join pick p${m} on p${m}.key is not distinct from a.key and p${m}.cur = a.cur and p${m}.m = ${m}`));
  const list = await rows<DailyRow>(
    db,
    sql`with e as materialized (
          -- Only what COUNTS and the histograms read: the facts row is wide (ids, tags, both time modes).
          select ${DIMS[groupBy]} collate "C" as key, f.created_at >= ${at(from.getTime())} as cur, f.first_response_at, f.first_response_due_at,
                 f.closed, f.replies, f.closes, f.csat_rating, ${frt}, ${res}, f.next_response_seconds
          from insights_conversation_facts f
          ${groupBy === 'tag' ? TAGS : sql``}
          where f.workspace_id = ${ws} and (${inEdges})
        ),
        d as materialized (
          select ${AGGREGATE}, w.key collate "C" as k, w.week >= ${day(from.getTime())} as cur from insights_support_weekly w
          where w.workspace_id = ${ws} and w.dim = ${groupBy} and w.week = any(${dates(weeks.map((w) => utcDay(new Date(w))))})
          union all
          select ${AGGREGATE}, d.key collate "C" as k, d.day >= ${day(from.getTime())} as cur from insights_support_daily d
          where d.workspace_id = ${ws} and d.dim = ${groupBy} and d.day >= ${day(lo)} and d.day < ${day(hi)}
            and d.day <> all(${dates(skip.map((t) => utcDay(new Date(t))))})
        ),
        totals as (
          select key, cur, sum(conversations)::int as conversations, sum(responded)::int as responded, sum(closed)::int as closed,
                 sum(replied_closed)::int as replied_closed, sum(replies_sum)::int as replies_sum, sum(one_touch)::int as one_touch,
                 sum(ever_closed)::int as ever_closed, sum(reopened)::int as reopened, sum(sla_met)::int as sla_met,
                 sum(sla_breached)::int as sla_breached, sum(csat_responses)::int as csat_responses, sum(csat_good)::int as csat_good
          from (
            select k as key, cur, conversations, responded, closed, replied_closed, replies_sum, one_touch, ever_closed, reopened, sla_met,
                   sla_late + sla_waiting as sla_breached, csat_responses, csat_good
            from d
            union all
            select key, cur, conversations, responded, closed, replied_closed, replies_sum, one_touch, ever_closed, reopened, sla_met,
                   sla_late + overdue as sla_breached, csat_responses, csat_good
            from (
              select f.key, f.cur, ${COUNTS},
                     count(*) filter (where f.first_response_at is null and f.first_response_due_at < now())::int as overdue
              from e f group by 1, 2
            ) c
          ) x group by 1, 2
        ),
        vals as (
          ${hist(`frt${cols.prefix}`, 0)}
          union all ${hist(`res${cols.prefix}`, 1)}
          union all ${hist('nrt', 2)}
          union all select f.key, f.cur, 0, ${bucket(frt)}, 1 from e f where ${frt} is not null
          union all select f.key, f.cur, 1, ${bucket(res)}, 1 from e f where ${res} is not null
          union all select f.key, f.cur, 2, ${bucket(sql`t.s`)}, 1 from e f cross join lateral unnest(f.next_response_seconds) as t(s)
        ),
        hist as materialized (select key, cur, m, b, sum(n) as n from vals group by 1, 2, 3, 4),
        cum as (
          select key, cur, m, b, sum(n) over (partition by key, cur, m order by b) as upto, sum(n) over (partition by key, cur, m) as total
          from hist
        ),
        pick as (
          select key, cur, m, max(total)::int as total,
                 ${sql.join(
                   QUANTILES.map(
                     ([q, v]) =>
                       sql.raw(`min(b) filter (where upto > floor(${v}::float8 * (total - 1))) as ${q}_lo, min(b) filter (where upto > ceil(${v}::float8 * (total - 1))) as ${q}_hi`),
                   ),
                   sql`, `,
                 )}
          from cum group by 1, 2, 3
        )
        select a.*, case when a.cur then 'current' else 'previous' end as period, ${LABEL[groupBy](ws)} as label, ${sql.join(pickColumns, sql`, `)}
        from totals a ${sql.join(pickJoins, sql` `)}
        order by label nulls last, a.key nulls last`,
  );
  return list.map((r) => {
    const q = (name: 'frt' | 'res' | 'nrt', p: 'p50' | 'p90', v: number) => fromBuckets(r[`${name}_n`], r[`${name}_${p}_lo`], r[`${name}_${p}_hi`], v);
    return {
      key: r.key, label: r.label, period: r.period, conversations: r.conversations, responded: r.responded,
      frt_median: q('frt', 'p50', 0.5), frt_p90: q('frt', 'p90', 0.9),
      next_responses: r.nrt_n ?? 0, nrt_median: q('nrt', 'p50', 0.5), nrt_p90: q('nrt', 'p90', 0.9),
      closed: r.closed, res_median: q('res', 'p50', 0.5), res_p90: q('res', 'p90', 0.9),
      replied_closed: r.replied_closed, replies_sum: r.replies_sum, one_touch: r.one_touch, ever_closed: r.ever_closed, reopened: r.reopened,
      sla_met: r.sla_met, sla_breached: r.sla_breached, csat_responses: r.csat_responses, csat_good: r.csat_good,
    };
  });
}
