import { sql, type SQL } from 'drizzle-orm';
import { rows } from '../contacts/sql.ts';
import type { DbOrTx } from '../platform/db.ts';

/**
 * The support report's daily pre-aggregate (insights_support_daily): per UTC day of creation and
 * per group of every group_by, the counts of the facts rows (facts.ts) and a histogram of each
 * duration. A day is always recomputed whole from its facts rows, under a lock on the day, in the
 * transaction that changed them: a job that runs twice or late writes the same rows, and two jobs
 * on the same day never overwrite each other's change.
 *
 * Histogram buckets are fixed and log-scale: bucket i holds (γ^(i-1), γ^i] seconds with γ = 1.01,
 * and stands for 2γ^i/(γ+1), which lies within (γ-1)/(γ+1) < 0.5% of every value in it. Values at
 * or below zero have a bucket of their own that stands for 0.
 */

export const GAMMA = 1.01;
/** Every bucket's representative is within this share of each value in it. */
export const RELATIVE_ERROR = (GAMMA - 1) / (GAMMA + 1);
export const ZERO_BUCKET = -32768;
const LN_GAMMA = sql.raw(String(Math.log(GAMMA)));

/** The bucket of `v` seconds (in SQL; bucketValue is its inverse). */
export const bucket = (v: SQL) => sql`case when ${v} <= 0 then ${sql.raw(String(ZERO_BUCKET))} else ceil(ln(${v}) / ${LN_GAMMA})::int end`;

export const bucketValue = (b: number) => (b === ZERO_BUCKET ? 0 : (2 * GAMMA ** b) / (GAMMA + 1));

/** The report's group keys over a facts row `f` (the tag group is `tg`, one row per tag). */
export const DIMS = {
  none: sql`null::text`,
  team: sql`f.team_id::text`,
  sla_policy: sql`f.sla_policy_id::text`,
  channel: sql`f.channel`,
  assignee: sql`f.assignee_id::text`,
  tier: sql`f.tier`,
  tag: sql`tg.tag_id::text`,
} as const;

/** A conversation with several tags counts in each tag's group; one without in the unset group. */
export const TAGS = sql`cross join lateral unnest(coalesce(f.tag_ids, array[null]::uuid[])) as tg(tag_id)`;

/** The counts of docs/metrics.md over facts rows `f`; they add up across days. */
export const COUNTS = sql`count(*)::int as conversations,
  count(f.first_response_at)::int as responded,
  count(*) filter (where f.closed)::int as closed,
  count(*) filter (where f.closed and f.replies > 0)::int as replied_closed,
  coalesce(sum(f.replies) filter (where f.closed and f.replies > 0), 0)::int as replies_sum,
  count(*) filter (where f.closed and f.replies = 1)::int as one_touch,
  count(*) filter (where f.closes > 0)::int as ever_closed,
  count(*) filter (where f.closes > 1 or (f.closes = 1 and not f.closed))::int as reopened,
  count(*) filter (where f.first_response_due_at is not null and f.first_response_at <= f.first_response_due_at)::int as sla_met,
  count(*) filter (where f.first_response_at > f.first_response_due_at)::int as sla_late,
  count(*) filter (where f.first_response_due_at is not null and f.first_response_at is null)::int as sla_waiting,
  max(f.first_response_due_at) filter (where f.first_response_at is null) as sla_waiting_due_max,
  count(f.csat_rating)::int as csat_responses,
  count(*) filter (where f.csat_rating >= 4)::int as csat_good`;

/** Durations with a histogram: [column prefix in the daily table, value over a facts row `f`]. */
export const DURATIONS = [
  ['frt', sql`f.frt_seconds`],
  ['frt_office', sql`f.frt_office_seconds`],
  ['res', sql`f.resolution_seconds`],
  ['res_office', sql`f.resolution_office_seconds`],
  ['nrt', sql`t.s`],
] as const;

/** Whether a duration is one value per conversation or one per customer turn (next_response_seconds). */
const perTurn = (name: string) => name === 'nrt';

/** The UTC days (YYYY-MM-DD) of the given instants. */
export const utcDays = (times: (string | Date | null | undefined)[]) =>
  times.flatMap((t) => (t === null || t === undefined ? [] : [new Date(t).toISOString().slice(0, 10)]));

const dateList = (days: string[]) => sql`array[${sql.join(days.map((d) => sql`${d}::date`), sql`, `)}]`;

/** Days recomputed per statement: a month of a large workspace stays in memory. */
const CHUNK_DAYS = 31;

/**
 * Recomputes the daily rows and the quarter-hour counts of the given UTC days from the facts, or
 * of every day (`all`, the daily rebuild: also days whose conversations are all gone). Call after
 * the facts are written.
 */
export async function refreshDays(db: DbOrTx, ws: string, days: string[] | 'all'): Promise<void> {
  const list =
    days === 'all'
      ? (
          await rows<{ day: string }>(
            db,
            sql`select day::text from (
                  select distinct (created_at at time zone 'UTC')::date as day from insights_conversation_facts where workspace_id = ${ws}
                  union select day from insights_support_daily where workspace_id = ${ws}
                  union select distinct (slot at time zone 'UTC')::date from insights_conversation_quarters where workspace_id = ${ws}
                ) d order by 1`,
          )
        ).map((r) => r.day)
      : [...new Set(days)].sort();
  if (list.length === 0) return;
  // In day order, so two writers each waiting for the other's day cannot happen.
  await db.execute(
    sql`select pg_advisory_xact_lock(hashtext(${`insights.daily:${ws}`}), (s.day - date '2000-01-01')) from (select d as day from unnest(${dateList(list)}) d order by d) s`,
  );
  for (let i = 0; i < list.length; i += CHUNK_DAYS) {
    const chunk = dateList(list.slice(i, i + CHUNK_DAYS));
    await db.execute(sql`delete from insights_support_daily where workspace_id = ${ws} and day = any(${chunk})`);
    await db.execute(insertDays(ws, chunk));
    await refreshQuarters(db, ws, chunk);
  }
  await refreshWeeks(db, ws, [...new Set(list.map(weekOf))].sort());
}

/** The length of a slot of insights_conversation_quarters; every time-zone offset in use is a multiple of it. */
export const QUARTER_MS = 15 * 60_000;

/**
 * Recomputes the volume report's conversations per UTC quarter-hour of the given days from the
 * facts (under the days' locks, with their daily rows).
 */
async function refreshQuarters(db: DbOrTx, ws: string, days: SQL): Promise<void> {
  const inDay = (col: SQL) => sql`${col} >= d.day::timestamp at time zone 'UTC' and ${col} < (d.day + 1)::timestamp at time zone 'UTC'`;
  await db.execute(
    sql`delete from insights_conversation_quarters q using unnest(${days}) as d(day)
        where q.workspace_id = ${ws} and ${inDay(sql`q.slot`)}`,
  );
  await db.execute(
    sql`insert into insights_conversation_quarters (workspace_id, slot, conversations)
        select ${ws}, date_bin('15 minutes', f.created_at, timestamptz '2000-01-01 00:00:00+00'), count(*)::int
        from unnest(${days}) as d(day)
        join insights_conversation_facts f on f.workspace_id = ${ws} and ${inDay(sql`f.created_at`)}
        group by 2`,
  );
}

/** The Monday (UTC, YYYY-MM-DD) of a day's ISO week. */
export function weekOf(day: string): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  return new Date(t - ((new Date(t).getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
}

const WEEK_COUNTS = [
  'conversations', 'responded', 'closed', 'replied_closed', 'replies_sum', 'one_touch', 'ever_closed', 'reopened',
  'sla_met', 'sla_late', 'sla_waiting', 'csat_responses', 'csat_good',
];

/**
 * Recomputes the weekly rows of the given weeks from their daily rows (call after those). Under
 * a lock per week, taken after the day locks and in week order: two jobs on different days of
 * one week each recompute it, the second after the first committed, so neither change is lost.
 */
async function refreshWeeks(db: DbOrTx, ws: string, weeks: string[]): Promise<void> {
  await db.execute(
    sql`select pg_advisory_xact_lock(hashtext(${`insights.weekly:${ws}`}), (s.week - date '2000-01-01')) from (select w as week from unnest(${dateList(weeks)}) w order by w) s`,
  );
  for (let i = 0; i < weeks.length; i += CHUNK_DAYS) {
    const chunk = weeks.slice(i, i + CHUNK_DAYS);
    const days = chunk.flatMap((w) => [0, 1, 2, 3, 4, 5, 6].map((n) => new Date(Date.parse(`${w}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)));
    await db.execute(sql`delete from insights_support_weekly where workspace_id = ${ws} and week = any(${dateList(chunk)})`);
    const values = DURATIONS.map(
      ([name], m) => sql`select d.week, d.dim, d.key, ${m} as m, x.b, x.n from d cross join lateral unnest(d.${sql.raw(`${name}_b`)}, d.${sql.raw(`${name}_n`)}) as x(b, n)`,
    );
    const arrays = DURATIONS.map(
      ([name], m) =>
        sql`array_agg(b order by b) filter (where m = ${m}) as ${sql.raw(`${name}_b`)}, array_agg(n order by b) filter (where m = ${m}) as ${sql.raw(`${name}_n`)}`,
    );
    const columns = DURATIONS.flatMap(([name]) => [`${name}_b`, `${name}_n`]);
    await db.execute(
      sql`with d as materialized (
            select (d.day - ((extract(isodow from d.day)::int + 6) % 7))::date as week, d.* from insights_support_daily d
            where d.workspace_id = ${ws} and d.day = any(${dateList(days)})
          ),
          counts as (
            select week, dim, key, ${sql.raw(WEEK_COUNTS.map((c) => `sum(${c})::int as ${c}`).join(', '))}, max(sla_waiting_due_max) as sla_waiting_due_max
            from d group by 1, 2, 3
          ),
          hist as (select week, dim, key, m, b, sum(n)::int as n from (${sql.join(values, sql` union all `)}) v group by 1, 2, 3, 4, 5),
          arrays as (select week, dim, key, ${sql.join(arrays, sql`, `)} from hist group by 1, 2, 3)
          insert into insights_support_weekly (workspace_id, week, dim, key, ${sql.raw(WEEK_COUNTS.join(', '))}, sla_waiting_due_max, ${sql.raw(columns.join(', '))})
          select ${ws}, c.week, c.dim, c.key, ${sql.raw(WEEK_COUNTS.map((x) => `c.${x}`).join(', '))}, c.sla_waiting_due_max,
                 ${sql.raw(columns.map((x) => `a.${x}`).join(', '))}
          from counts c left join arrays a on a.week = c.week and a.dim = c.dim and coalesce(a.key, '') = coalesce(c.key, '') and (a.key is null) = (c.key is null)`,
    );
  }
}

function insertDays(ws: string, days: SQL): SQL {
  const keyed = Object.entries(DIMS).map(
    ([dim, key]) => sql`select f.*, ${dim}::text as dim, ${key} as key from f ${dim === 'tag' ? TAGS : sql``}`,
  );
  const values = DURATIONS.map(([name], m) =>
    perTurn(name)
      ? sql`select f.day, f.dim, f.key, ${m} as m, t.b from k f cross join lateral unnest(f.${sql.raw(`b${m}`)}) as t(b)`
      : sql`select f.day, f.dim, f.key, ${m} as m, f.${sql.raw(`b${m}`)} as b from k f where f.${sql.raw(`b${m}`)} is not null`,
  );
  // Each conversation's buckets once, not once per grouping (seven ln() per value), and only the columns read, not the wide facts row.
  const buckets = DURATIONS.map(([name, v], m) =>
    perTurn(name)
      ? sql`(select array_agg(${bucket(v)}) from unnest(f.next_response_seconds) as t(s)) as ${sql.raw(`b${m}`)}`
      : sql`${bucket(v)} as ${sql.raw(`b${m}`)}`,
  );
  const arrays = DURATIONS.map(
    ([name], m) =>
      sql`array_agg(b order by b) filter (where m = ${m}) as ${sql.raw(`${name}_b`)}, array_agg(n order by b) filter (where m = ${m}) as ${sql.raw(`${name}_n`)}`,
  );
  const columns = DURATIONS.flatMap(([name]) => [`${name}_b`, `${name}_n`]);
  return sql`with f as materialized (
      select d.day, f.team_id, f.sla_policy_id, f.channel, f.assignee_id, f.tier, f.tag_ids, f.closed, f.replies, f.closes,
             f.first_response_at, f.first_response_due_at, f.csat_rating, ${sql.join(buckets, sql`, `)}
      from unnest(${days}) as d(day)
      join insights_conversation_facts f on f.workspace_id = ${ws}
        and f.created_at >= d.day::timestamp at time zone 'UTC' and f.created_at < (d.day + 1)::timestamp at time zone 'UTC'
    ),
    k as materialized (${sql.join(keyed, sql` union all `)}),
    counts as (select f.day, f.dim, f.key, ${COUNTS} from k f group by 1, 2, 3),
    hist as (select day, dim, key, m, b, count(*)::int as n from (${sql.join(values, sql` union all `)}) v group by 1, 2, 3, 4, 5),
    arrays as (select day, dim, key, ${sql.join(arrays, sql`, `)} from hist group by 1, 2, 3)
    insert into insights_support_daily (workspace_id, day, dim, key, conversations, responded, closed, replied_closed, replies_sum,
      one_touch, ever_closed, reopened, sla_met, sla_late, sla_waiting, sla_waiting_due_max, csat_responses, csat_good,
      ${sql.raw(columns.join(', '))})
    select ${ws}, c.day, c.dim, c.key, c.conversations, c.responded, c.closed, c.replied_closed, c.replies_sum,
      c.one_touch, c.ever_closed, c.reopened, c.sla_met, c.sla_late, c.sla_waiting, c.sla_waiting_due_max, c.csat_responses, c.csat_good,
      ${sql.raw(columns.map((c) => `a.${c}`).join(', '))}
    from counts c left join arrays a on a.day = c.day and a.dim = c.dim and coalesce(a.key, '') = coalesce(c.key, '') and (a.key is null) = (c.key is null)`;
}
