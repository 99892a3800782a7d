import { sql } from 'drizzle-orm';
import { rows } from '../contacts/sql.ts';
import type { Ctx } from '../platform/context.ts';
import type { DbOrTx } from '../platform/db.ts';
import { COMPLETE, conversationsPerWeek, deflectionsPerWeek, MAX_WEEKS, WEEK, weekStart } from './weekly-counts.ts';

export const ROLLUP_QUEUE = 'insights.weekly-activity';
/** Daily, at night in UTC: yesterday's late events are in by then. */
const ROLLUP_CRON = '40 1 * * *';
/** Complete weeks recounted on every run, for events that arrive after their week ended. */
export const LATE_WEEKS = 2;

/**
 * Counts active contacts and companies, conversations and help deflections of one workspace's
 * complete weeks into insights_weekly_activity: every week of the report's reach that is missing
 * (or lacks a count: a row from before the count's column), and always the last LATE_WEEKS, for
 * events and conversations that arrive late. Returns how many weeks it wrote.
 */
export async function rollUpActivity(db: DbOrTx, ws: string, now = new Date()): Promise<number> {
  const hi = weekStart(now).getTime();
  const reach = hi - MAX_WEEKS * WEEK;
  const have = new Set(
    (
      await rows<{ week: string }>(
        db,
        sql`select to_char(week at time zone 'UTC', 'YYYY-MM-DD') as week from insights_weekly_activity
            where workspace_id = ${ws} and week >= ${new Date(reach).toISOString()}::timestamptz and ${COMPLETE}`,
      )
    ).map((r) => r.week),
  );
  let lo = hi - LATE_WEEKS * WEEK;
  for (let w = reach; w < lo; w += WEEK) {
    if (!have.has(new Date(w).toISOString().slice(0, 10))) {
      lo = w;
      break;
    }
  }
  const f = sql`${new Date(lo).toISOString()}::timestamptz`;
  const t = sql`${new Date(hi).toISOString()}::timestamptz`;
  // The same counts as the report's live ones (ticket-volume.ts), so a week reads the same from either.
  const written = await rows(
    db,
    sql`insert into insights_weekly_activity
          (workspace_id, week, active_contacts, active_companies, conversations, company_conversations, deflections, refreshed_at)
        select ${ws}, w.week at time zone 'UTC', coalesce(a.contacts, 0), coalesce(a.companies, 0),
               coalesce(c.conversations, 0), coalesce(c.company_conversations, 0), coalesce(d.deflections, 0), now()
        from generate_series(${f} at time zone 'UTC', ${t} at time zone 'UTC' - interval '1 week', interval '1 week') as w(week)
        left join (
          select date_trunc('week', e.occurred_at at time zone 'UTC') as week,
                 count(distinct e.contact_id)::int as contacts, count(distinct cc.company_id)::int as companies
          from events e left join contact_companies cc on cc.workspace_id = e.workspace_id and cc.contact_id = e.contact_id
          where e.workspace_id = ${ws} and e.occurred_at >= ${f} and e.occurred_at < ${t}
          group by 1
        ) a on a.week = w.week
        left join (${conversationsPerWeek(ws, f, t)}) c on c.week = w.week
        left join (${deflectionsPerWeek(ws, f, t)}) d on d.week = w.week
        on conflict (workspace_id, week) do update
          set active_contacts = excluded.active_contacts, active_companies = excluded.active_companies,
              conversations = excluded.conversations, company_conversations = excluded.company_conversations,
              deflections = excluded.deflections, refreshed_at = excluded.refreshed_at
        returning week`,
  );
  return written.length;
}

/** The durable daily job: every workspace, one transaction each, so one failing never blocks the rest. */
export function scheduleActivityRollup(ctx: Ctx, write: <T>(fn: (db: DbOrTx) => Promise<T>) => Promise<T>) {
  async function all(now = new Date()): Promise<number> {
    let weeks = 0;
    for (const { id } of await rows<{ id: string }>(ctx.db, sql`select id from workspaces order by id`)) {
      weeks += await write((db) => rollUpActivity(db, id, now));
    }
    return weeks;
  }
  ctx.jobs.define(ROLLUP_QUEUE, async () => void (await all()), { cron: ROLLUP_CRON, retryLimit: 3 });
  return all;
}
