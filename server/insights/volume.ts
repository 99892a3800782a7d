import { sql, type SQL } from 'drizzle-orm';
import type { SupportVolume } from '../../contracts/insights.ts';
import { rows } from '../contacts/sql.ts';
import type { DbOrTx } from '../platform/db.ts';
import { QUARTER_MS } from './daily.ts';
import { period } from './period.ts';

/**
 * Conversations created per local day (the previous period's days aligned to the same offset from
 * its start) and per hour of the week, in the report's time zone. Read from the quarter-hour counts
 * (insights_conversation_quarters): every offset in use is a multiple of 15 minutes, so a UTC
 * quarter-hour lies in one local day and hour of any zone, DST included. Only the quarter-hours the
 * period cuts are counted from the facts rows, through their created_at index (the conversations
 * table has none).
 */
export async function supportVolume(db: DbOrTx, ws: string, q: { from: string; to: string; tz: string }): Promise<SupportVolume> {
  const { from, to, previousFrom } = period(q);
  const local = (t: Date) => sql`(${t.toISOString()}::timestamptz at time zone ${q.tz})::date`;
  const days = await rows<{ day: string; current: number; previous: number }>(
    db,
    sql`with conv as (
          select c.at >= ${from.toISOString()}::timestamptz as current, (c.at at time zone ${q.tz})::date as day, c.n
          from (${created(ws, previousFrom, to, from)}) c
        ),
        offsets as (
          select case when current then day - ${local(from)} else day - ${local(previousFrom)} end as n, current, conv.n as conversations from conv
        ),
        counts as (
          select n, sum(conversations) filter (where current)::int as current, sum(conversations) filter (where not current)::int as previous
          from offsets group by n
        )
        select to_char(${local(from)} + s.n, 'YYYY-MM-DD') as day, coalesce(k.current, 0) as current, coalesce(k.previous, 0) as previous
        from generate_series(0, (${local(new Date(to.getTime() - 1))} - ${local(from)})) as s(n)
        left join counts k on k.n = s.n
        order by s.n`,
  );
  const cells = await rows<{ dow: number; hour: number; n: number }>(
    db,
    sql`select extract(isodow from c.at at time zone ${q.tz})::int - 1 as dow,
               extract(hour from c.at at time zone ${q.tz})::int as hour, sum(c.n)::int as n
        from (${created(ws, from, to)}) c
        group by 1, 2`,
  );
  const hourOfWeek = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  for (const c of cells) hourOfWeek[c.dow]![c.hour] = c.n;
  return { from: from.toISOString(), to: to.toISOString(), tz: q.tz, days, hour_of_week: hourOfWeek };
}

/**
 * Conversations created in [lo, hi) as rows (at, n): whole quarter-hours from the pre-aggregate
 * (`at` the slot's start), and one row per conversation from the facts for the parts of a
 * quarter-hour the range cuts: its two ends, and the quarter-hour holding `split` (where the
 * caller tells the conversations before it from those after it).
 */
function created(ws: string, lo: Date, hi: Date, split?: Date): SQL {
  const at = (t: number) => sql`${new Date(t).toISOString()}::timestamptz`;
  const within = (a: number, b: number) => sql`(f.created_at >= ${at(a)} and f.created_at < ${at(b)})`;
  const facts = (ranges: SQL[]) =>
    sql`select f.created_at as at, 1 as n from insights_conversation_facts f where f.workspace_id = ${ws} and (${sql.join(ranges, sql` or `)})`;
  const first = Math.ceil(lo.getTime() / QUARTER_MS) * QUARTER_MS;
  const end = Math.floor(hi.getTime() / QUARTER_MS) * QUARTER_MS;
  if (first >= end) return facts([within(lo.getTime(), hi.getTime())]);
  const cut = split && split.getTime() > first && split.getTime() < end && split.getTime() % QUARTER_MS !== 0 ? Math.floor(split.getTime() / QUARTER_MS) * QUARTER_MS : null;
  const ranges = [within(lo.getTime(), first), within(end, hi.getTime()), ...(cut === null ? [] : [within(cut, cut + QUARTER_MS)])];
  return sql`select q.slot as at, q.conversations as n from insights_conversation_quarters q
             where q.workspace_id = ${ws} and q.slot >= ${at(first)} and q.slot < ${at(end)} ${cut === null ? sql`` : sql`and q.slot <> ${at(cut)}`}
             union all ${facts(ranges)}`;
}
