import { sql, type SQL } from 'drizzle-orm';

/**
 * Week arithmetic and the per-week counts that the ticket-volume report (live) and the daily
 * rollup (stored) both run, written once so a week reads the same from either.
 */

export const WEEK = 7 * 86_400_000;
/** The longest timeline the report draws, and so the weeks the rollup keeps. */
export const MAX_WEEKS = 106;

/** Monday 00:00 UTC of the week holding `t`. */
export function weekStart(t: Date): Date {
  const day = Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate());
  return new Date(day - ((new Date(day).getUTCDay() + 6) % 7) * 86_400_000);
}

/** A rollup row holding every count; one from before a count's column has a null there and is not used. */
export const COMPLETE = sql`conversations is not null and company_conversations is not null and deflections is not null`;

export const week = (col: string) => sql.raw(`date_trunc('week', ${col} at time zone 'UTC')`);

/** Per UTC week of [f, t): conversations created, and those of contacts who belong to a company now. */
export const conversationsPerWeek = (ws: string, f: SQL, t: SQL) =>
  sql`select ${week('c.created_at')} as week, count(*)::int as conversations,
             count(*) filter (where exists (
               select 1 from contact_companies cc where cc.workspace_id = c.workspace_id and cc.contact_id = c.contact_id
             ))::int as company_conversations
      from conversations c where c.workspace_id = ${ws} and c.created_at >= ${f} and c.created_at < ${t}
      group by 1`;

/** Per UTC week of [f, t): help deflections. */
export const deflectionsPerWeek = (ws: string, f: SQL, t: SQL) =>
  sql`select ${week('e.occurred_at')} as week, count(*)::int as deflections from events e
      where e.workspace_id = ${ws} and e.name = 'help_deflection' and e.occurred_at >= ${f} and e.occurred_at < ${t}
      group by 1`;
