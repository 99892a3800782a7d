import { sql, type SQL } from 'drizzle-orm';
import { rows } from '../contacts/sql.ts';
import type { Ctx } from '../platform/context.ts';
import type { DbOrTx } from '../platform/db.ts';
import { COMPLETE, WEEK, weekStart } from './weekly-counts.ts';

export const OPEN_WEEKS_QUEUE = 'insights.open-weeks';
const OPEN_WEEKS_CRON = '*/5 * * * *';
/**
 * An event is visible only once its ingest commits, a moment after its `occurred_at`: the report's
 * live count starts this long before the recount, so an event committing during it is in one of the two.
 */
export const TAIL_MARGIN_MS = 2 * 60_000;

const day = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * Recounts the companies with an active contact in each open week of one workspace: the current
 * week, and the last one while the daily rollup does not hold it. Only the rows that differ are
 * written. Returns the weeks recounted.
 */
export async function recountOpenWeeks(db: DbOrTx, ws: string): Promise<number> {
  // One recount of a workspace at a time: another's older snapshot could delete a company this one kept.
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`insights.open-weeks:${ws}`}))`);
  const [{ now }] = (await rows<{ now: string }>(db, sql`select now()::text as now`)) as [{ now: string }];
  const current = weekStart(new Date(now)).getTime();
  const rolled = new Set(
    (
      await rows<{ week: string }>(
        db,
        sql`select to_char(week at time zone 'UTC', 'YYYY-MM-DD') as week from insights_weekly_activity
            where workspace_id = ${ws} and week >= ${new Date(current - WEEK).toISOString()}::timestamptz and ${COMPLETE}`,
      )
    ).map((r) => r.week),
  );
  // The rollup holds complete weeks only: the current week is always open. The last week's set
  // stays, no longer recounted, once the rollup holds the week, so that a report that found the
  // week open a statement earlier still finds its set; the week before it is nobody's.
  const open = [current, ...(rolled.has(day(current - WEEK)) ? [] : [current - WEEK])];
  const stale = sql`${new Date(current - WEEK).toISOString()}::timestamptz`;
  await db.execute(sql`delete from insights_open_weeks where workspace_id = ${ws} and week < ${stale}`);
  await db.execute(sql`delete from insights_open_week_companies where workspace_id = ${ws} and week < ${stale}`);
  for (const w of open) {
    const week = sql`${new Date(w).toISOString()}::timestamptz`;
    // The week's end from here, in UTC: a timestamptz plus '1 week' follows the session's time zone across a DST change.
    const end = sql`${new Date(w + WEEK).toISOString()}::timestamptz`;
    // Every event of the week that the statement sees, counted through now() less the margin:
    // now() is the transaction's start, before this statement's snapshot.
    await db.execute(
      sql`with fresh as (
            select distinct cc.company_id from events e
            join contact_companies cc on cc.workspace_id = e.workspace_id and cc.contact_id = e.contact_id
            where e.workspace_id = ${ws} and e.occurred_at >= ${week} and e.occurred_at < ${end}
          ),
          -- not in: a hashed subplan whatever the estimate of the set's rows, where not exists
          -- became a nested loop over the CTE for a table not analysed yet (10,000 × 10,000: 9 s).
          gone as (
            delete from insights_open_week_companies s where s.workspace_id = ${ws} and s.week = ${week}
              and s.company_id not in (select company_id from fresh)
          ),
          added as (
            insert into insights_open_week_companies (workspace_id, week, company_id)
            select ${ws}, ${week}, company_id from fresh on conflict do nothing
          )
          insert into insights_open_weeks (workspace_id, week, counted_through)
          values (${ws}, ${week}, now() - ${`${TAIL_MARGIN_MS} milliseconds`}::interval)
          on conflict (workspace_id, week) do update set counted_through = excluded.counted_through`,
    );
  }
  return open.length;
}

/**
 * Active companies per UTC week of the live weeks [from, to): an open week's recounted set and
 * the companies of the events since it was counted, any other week counted whole from events.
 */
export async function activeCompaniesSql(db: DbOrTx, ws: string, from: Date, to: Date): Promise<SQL> {
  const f = sql`${from.toISOString()}::timestamptz`;
  const t = sql`${to.toISOString()}::timestamptz`;
  const counted = new Map(
    (
      await rows<{ week: string; through: string }>(
        db,
        sql`select to_char(week at time zone 'UTC', 'YYYY-MM-DD') as week, counted_through::text as through
            from insights_open_weeks where workspace_id = ${ws} and week >= ${f} and week < ${t}`,
      )
    ).map((r) => [r.week, new Date(r.through).getTime()]),
  );
  // The spans of events to count live, adjacent ones merged so a run of uncounted weeks is one range scan.
  const spans: [number, number][] = [];
  for (let w = from.getTime(); w < to.getTime(); w += WEEK) {
    const start = Math.max(w, counted.get(day(w)) ?? w);
    if (start >= w + WEEK) continue;
    const last = spans.at(-1);
    if (last && last[1] === start) last[1] = w + WEEK;
    else spans.push([start, w + WEEK]);
  }
  const live = spans.map(
    ([a, b]) =>
      sql`select date_trunc('week', e.occurred_at at time zone 'UTC') as week, cc.company_id from events e
          join contact_companies cc on cc.workspace_id = e.workspace_id and cc.contact_id = e.contact_id
          where e.workspace_id = ${ws} and e.occurred_at >= ${new Date(a).toISOString()}::timestamptz and e.occurred_at < ${new Date(b).toISOString()}::timestamptz`,
  );
  const kept = sql`select s.week at time zone 'UTC' as week, s.company_id from insights_open_week_companies s
                   where s.workspace_id = ${ws} and s.week >= ${f} and s.week < ${t}`;
  return sql`select week, count(distinct company_id)::int as n from (${sql.join([kept, ...live], sql` union all `)}) x group by 1`;
}

/** The job: every workspace every few minutes, one transaction each, so one failing never blocks the rest. */
export function scheduleOpenWeeks(ctx: Ctx, write: <T>(fn: (db: DbOrTx) => Promise<T>) => Promise<T>) {
  async function all(): Promise<number> {
    let weeks = 0;
    for (const { id } of await rows<{ id: string }>(ctx.db, sql`select id from workspaces order by id`)) {
      weeks += await write((db) => recountOpenWeeks(db, id));
    }
    return weeks;
  }
  ctx.jobs.define(OPEN_WEEKS_QUEUE, async () => void (await all()), { cron: OPEN_WEEKS_CRON, retryLimit: 1 });
  return all;
}
