import { sql } from 'drizzle-orm';
import type { ActiveUnit, TicketVolume } from '../../contracts/insights.ts';
import { rows } from '../contacts/sql.ts';
import type { DbOrTx } from '../platform/db.ts';
import { badField } from '../platform/errors.ts';
import { activeCompaniesSql } from './open-weeks.ts';
import { COMPLETE, conversationsPerWeek, deflectionsPerWeek, MAX_WEEKS, WEEK, week, weekStart } from './weekly-counts.ts';

/**
 * Conversations per active customer per UTC week, help deflections per week, and the runs of
 * onboarding campaigns in those weeks (definitions: docs/metrics.md). Every count of a complete
 * week comes from the daily rollup (activity-rollup.ts) when it has the week; the companies active
 * in a week it lacks, from the open-weeks job (open-weeks.ts).
 */

/** Surveys ask; every other campaign type shows or teaches something: those are onboarding. */
const NOT_ONBOARDING = ['survey'];

export function weeksOf(q: { from: string; to: string }): { from: Date; to: Date } {
  const from = new Date(q.from);
  const end = new Date(q.to);
  if (!(end > from)) throw badField('to', 'must be after from');
  const first = weekStart(from);
  const to = new Date(weekStart(new Date(end.getTime() - 1)).getTime() + WEEK);
  if ((to.getTime() - first.getTime()) / WEEK > MAX_WEEKS) throw badField('to', `the timeline covers at most ${MAX_WEEKS} weeks`);
  return { from: first, to };
}

interface Counts {
  active: number;
  conversations: number;
  deflections: number;
}
interface RunRow {
  id: string;
  name: string;
  type: string;
  control_pct: number;
  experiment_id: string | null;
  started_at: string;
  stopped_at: string | null;
}

export async function ticketVolume(db: DbOrTx, ws: string, q: { from: string; to: string; unit: ActiveUnit }): Promise<TicketVolume> {
  const { from, to } = weeksOf(q);
  const f = sql`${from.toISOString()}::timestamptz`;
  const t = sql`${to.toISOString()}::timestamptz`;
  const unitCol = (contact: string, company: string) => sql.raw(q.unit === 'contact' ? contact : company);
  // Weeks the daily rollup holds are read from it; the rest is counted only from the first week it lacks.
  const rolled = await rows<{ week: string } & Counts>(
    db,
    sql`select to_char(week at time zone 'UTC', 'YYYY-MM-DD') as week, ${unitCol('active_contacts', 'active_companies')} as active,
               ${unitCol('conversations', 'company_conversations')} as conversations, deflections
        from insights_weekly_activity where workspace_id = ${ws} and week >= ${f} and week < ${t} and ${COMPLETE}`,
  );
  const counts = new Map<string, Counts>(rolled.map(({ week: w, ...c }) => [w, c]));
  let live = from.getTime();
  while (live < to.getTime() && counts.has(new Date(live).toISOString().slice(0, 10))) live += WEEK;
  if (live < to.getTime()) {
    const l = sql`${new Date(live).toISOString()}::timestamptz`;
    const active =
      q.unit === 'contact'
        ? sql`select ${week('e.occurred_at')} as week, count(distinct e.contact_id)::int as n
              from events e where e.workspace_id = ${ws} and e.occurred_at >= ${l} and e.occurred_at < ${t} group by 1`
        : await activeCompaniesSql(db, ws, new Date(live), to);
    const counted = await rows<{ week: string } & Counts>(
      db,
      sql`with a as (${active}), c as (${conversationsPerWeek(ws, l, t)}), d as (${deflectionsPerWeek(ws, l, t)})
          select to_char(w.week, 'YYYY-MM-DD') as week, coalesce(a.n, 0) as active,
                 coalesce(c.${unitCol('conversations', 'company_conversations')}, 0) as conversations, coalesce(d.deflections, 0) as deflections
          from generate_series(${l} at time zone 'UTC', ${t} at time zone 'UTC' - interval '1 week', interval '1 week') as w(week)
          left join a on a.week = w.week left join c on c.week = w.week left join d on d.week = w.week`,
    );
    for (const { week: w, ...c } of counted) counts.set(w, c);
  }
  const runs = await rows<RunRow>(
    db,
    sql`select c.id, c.name, c.type, c.control_pct, c.experiment_id, r.started_at, r.stopped_at
        from campaign_runs r join campaigns c on c.workspace_id = r.workspace_id and c.id = r.campaign_id
        where r.workspace_id = ${ws} and c.type not in ${sql.raw(`('${NOT_ONBOARDING.join("','")}')`)}
          and r.started_at < ${t} and (r.stopped_at is null or r.stopped_at >= ${f})
        order by r.started_at, c.id`,
  );
  const campaigns = new Map<string, TicketVolume['campaigns'][number]>();
  for (const r of runs) {
    const c = campaigns.get(r.id) ?? { id: r.id, name: r.name, type: r.type, runs: [], control_pct: r.control_pct, experiment_id: r.experiment_id };
    c.runs.push({ started_at: new Date(r.started_at).toISOString(), stopped_at: r.stopped_at === null ? null : new Date(r.stopped_at).toISOString() });
    campaigns.set(r.id, c);
  }
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    unit: q.unit,
    weeks: Array.from({ length: (to.getTime() - from.getTime()) / WEEK }, (_, i) => {
      const w = new Date(from.getTime() + i * WEEK).toISOString().slice(0, 10);
      const { active, conversations, deflections } = counts.get(w)!;
      return { week: w, conversations, active, per_active: active ? conversations / active : null, deflections };
    }),
    campaigns: [...campaigns.values()],
  };
}
