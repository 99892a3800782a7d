import { sql, type SQL } from 'drizzle-orm';
import { TTFV_BUCKETS, type TtfvCohortUnit, type TtfvDistribution, type TtfvExposure, type TtfvReport } from '../../contracts/ttfv.ts';
import { wasSentSql } from '../campaigns/sent.ts';
import { rows } from '../contacts/sql.ts';
import type { DbOrTx } from '../platform/db.ts';

/**
 * Time to first value (docs/metrics.md), in one statement: each contact who signed up in the
 * period with the time of its first milestone event at or after sign-up, then percentiles,
 * histogram and share within N days per grouping set (everyone, cohort, campaign exposure).
 */

export interface TtfvInput {
  from: Date;
  to: Date;
  cohort: TtfvCohortUnit;
  event: string;
  withinDays: number;
  now: Date;
  /** The campaign to split by, with its control group's experiment when it has one. */
  campaign?: { id: string; experimentId: string | null };
}

interface Row {
  by_cohort: number;
  by_exposure: number;
  cohort: string | null;
  exposure: TtfvExposure | null;
  contacts: number;
  reached: number;
  median_seconds: number | string | null;
  p90_seconds: number | string | null;
  eligible: number;
  reached_within: number;
  histogram: number[];
}

const num = (v: number | string | null) => (v === null ? null : Number(v));

function distribution(r: Row): TtfvDistribution {
  return {
    contacts: r.contacts,
    reached: r.reached,
    median_seconds: num(r.median_seconds),
    p90_seconds: num(r.p90_seconds),
    eligible: r.eligible,
    reached_within: r.reached_within,
    share_within: r.eligible === 0 ? null : r.reached_within / r.eligible,
    histogram: r.histogram.map(Number),
  };
}

const empty = (): TtfvDistribution => ({
  contacts: 0,
  reached: 0,
  median_seconds: null,
  p90_seconds: null,
  eligible: 0,
  reached_within: 0,
  share_within: null,
  histogram: Array.from({ length: TTFV_BUCKETS.length + 1 }, () => 0),
});

function exposureOf(ws: string, campaign: NonNullable<TtfvInput['campaign']>): SQL {
  const control = campaign.experimentId
    ? sql`when exists (select 1 from experiment_exposures x where x.workspace_id = ${ws} and x.experiment_id = ${campaign.experimentId}
                         and x.unit_uuid = c.id and x.variant = 'control') then 'control'`
    : sql``;
  return sql`case when ${wasSentSql(ws, campaign.id, sql`c.id`)} then 'receivers' ${control} else 'not_exposed' end`;
}

export async function timeToFirstValue(db: DbOrTx, ws: string, q: TtfvInput): Promise<TtfvReport> {
  const withinSeconds = q.withinDays * 86_400;
  const eligibleBefore = new Date(q.now.getTime() - withinSeconds * 1000);
  const buckets = TTFV_BUCKETS.map((upper, i) => {
    const lower = i === 0 ? 0 : TTFV_BUCKETS[i - 1]!;
    return sql`count(*) filter (where secs >= ${lower}::float8 and secs < ${upper}::float8)`;
  });
  buckets.push(sql`count(*) filter (where secs >= ${TTFV_BUCKETS[TTFV_BUCKETS.length - 1]!}::float8)`);
  const sets = q.campaign ? sql`grouping sets ((), (cohort), (exposure))` : sql`grouping sets ((), (cohort))`;
  const result = await rows<Row>(
    db,
    sql`with signed as (
          select c.signed_up_at,
                 to_char(date_trunc(${q.cohort}, c.signed_up_at at time zone 'UTC'), 'YYYY-MM-DD') as cohort,
                 ${q.campaign ? exposureOf(ws, q.campaign) : sql`null::text`} as exposure,
                 (select min(e.occurred_at) from events e
                   where e.workspace_id = ${ws} and e.contact_id = c.id and e.name = ${q.event} and e.occurred_at >= c.signed_up_at) as reached_at
            from contacts c
           where c.workspace_id = ${ws} and c.signed_up_at >= ${q.from} and c.signed_up_at < ${q.to}
        ), timed as (
          select cohort, exposure, signed_up_at <= ${eligibleBefore} as eligible,
                 extract(epoch from reached_at - signed_up_at)::float8 as secs
            from signed
        )
        select grouping(cohort)::int as by_cohort, ${q.campaign ? sql`grouping(exposure)::int` : sql`1`} as by_exposure, cohort, ${q.campaign ? sql`exposure` : sql`null::text`} as exposure,
               count(*)::int as contacts,
               count(secs)::int as reached,
               percentile_cont(0.5) within group (order by secs) as median_seconds,
               percentile_cont(0.9) within group (order by secs) as p90_seconds,
               count(*) filter (where eligible)::int as eligible,
               count(*) filter (where eligible and secs < ${withinSeconds}::float8)::int as reached_within,
               array[${sql.join(buckets, sql`, `)}]::int[] as histogram
          from timed
         group by ${sets}
         order by 3 nulls first, 4 nulls first`,
  );
  // grouping() is 1 for a column left out of the set: (0,1) is the cohort set, (1,0) the exposure set.
  const overall = result.find((r) => r.by_cohort === 1 && r.by_exposure === 1);
  const cohorts = result.filter((r) => r.by_cohort === 0 && r.by_exposure === 1).map((r) => ({ cohort: r.cohort!, ...distribution(r) }));
  let exposure: TtfvReport['exposure'] = null;
  if (q.campaign) {
    const found = new Map(result.filter((r) => r.by_cohort === 1 && r.by_exposure === 0).map((r) => [r.exposure!, distribution(r)]));
    const groups: TtfvExposure[] = ['receivers', 'control', 'not_exposed'];
    exposure = { campaign_id: q.campaign.id, groups: groups.map((group) => ({ group, ...(found.get(group) ?? empty()) })) };
  }
  return { event: q.event, within_days: q.withinDays, cohort_unit: q.cohort, overall: overall ? distribution(overall) : empty(), cohorts, exposure };
}
