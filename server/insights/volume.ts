import { sql } from 'drizzle-orm';
import type { SupportVolume } from '../../contracts/insights.ts';
import { rows } from '../contacts/sql.ts';
import type { DbOrTx } from '../platform/db.ts';
import { period } from './period.ts';

/**
 * Conversations created per local day (the previous period's days aligned to the same offset from
 * its start) and per hour of the week, in the report's time zone. Read from the facts rollup,
 * whose created_at index the conversations table does not have.
 */
export async function supportVolume(db: DbOrTx, ws: string, q: { from: string; to: string; tz: string }): Promise<SupportVolume> {
  const { from, to, previousFrom } = period(q);
  const local = (t: Date) => sql`(${t.toISOString()}::timestamptz at time zone ${q.tz})::date`;
  const days = await rows<{ day: string; current: number; previous: number }>(
    db,
    sql`with conv as (
          select c.created_at >= ${from.toISOString()}::timestamptz as current, (c.created_at at time zone ${q.tz})::date as day
          from insights_conversation_facts c
          where c.workspace_id = ${ws}
            and c.created_at >= ${previousFrom.toISOString()}::timestamptz and c.created_at < ${to.toISOString()}::timestamptz
        ),
        offsets as (
          select case when current then day - ${local(from)} else day - ${local(previousFrom)} end as n, current from conv
        ),
        counts as (
          select n, count(*) filter (where current)::int as current, count(*) filter (where not current)::int as previous
          from offsets group by n
        )
        select to_char(${local(from)} + s.n, 'YYYY-MM-DD') as day, coalesce(k.current, 0) as current, coalesce(k.previous, 0) as previous
        from generate_series(0, (${local(new Date(to.getTime() - 1))} - ${local(from)})) as s(n)
        left join counts k on k.n = s.n
        order by s.n`,
  );
  const cells = await rows<{ dow: number; hour: number; n: number }>(
    db,
    sql`select extract(isodow from c.created_at at time zone ${q.tz})::int - 1 as dow,
               extract(hour from c.created_at at time zone ${q.tz})::int as hour, count(*)::int as n
        from insights_conversation_facts c
        where c.workspace_id = ${ws} and c.created_at >= ${from.toISOString()}::timestamptz and c.created_at < ${to.toISOString()}::timestamptz
        group by 1, 2`,
  );
  const hourOfWeek = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  for (const c of cells) hourOfWeek[c.dow]![c.hour] = c.n;
  return { from: from.toISOString(), to: to.toISOString(), tz: q.tz, days, hour_of_week: hourOfWeek };
}
