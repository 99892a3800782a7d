import { sql, type SQL } from 'drizzle-orm';
import type { MetricDefinition } from '../../contracts/experiments.ts';
import type { DbOrTx } from '../platform/db.ts';
import { badField } from '../platform/errors.ts';
import type { MetricAggregates } from '../experiments/stats/sql-summary.ts';
import { rows } from './sql.ts';

/**
 * Experiment metrics from Baton's tables, aggregated in the database in ONE statement for all of
 * an experiment's metrics: each unit's events in the widest window any metric needs are joined
 * once and reduced to one row per unit (every metric's value over its window after the first
 * exposure, and the same metric over the window before, the CUPED covariate, as FILTER
 * aggregates), then per (variant, group) count, sum, mean, M2 and co-moment of each metric.
 * Node only ever sees a few rows per arm, however many events there are, and the events are read
 * once however many metrics there are.
 *
 * A company's data is the data of its contacts (through contact_companies). Units whose id is not
 * a Baton id (visitors, foreign ids: a null uid) still count as units, with no events.
 */

export type MetricUnit = 'contact' | 'company';

/** How the per-unit rows are grouped besides the variant. */
export type MetricGrouping =
  | { by: 'none' }
  /** The UTC day (YYYY-MM-DD) of each unit's first exposure: the report's cumulative chart. */
  | { by: 'exposure_day' }
  /** An attribute of the unit: a column (`plan`, `locale`, …) or `attributes.<key>`. */
  | { by: 'attribute'; field: string }
  /** Whether the unit did `event` within the window (the observational comparison). */
  | { by: 'did_event'; event: string; window_days: number };

export interface MetricQuery {
  /**
   * Selects `unit_id` (text), `uid` (uuid: the unit id as a Baton id, null for visitors and foreign
   * ids), `variant` (text), `exposed_at` (timestamptz): the exposures.
   */
  units: SQL;
  unit: MetricUnit;
  metric: MetricDefinition;
  grouping: MetricGrouping;
}

export interface MetricsQuery {
  /** As MetricQuery's. */
  units: SQL;
  unit: MetricUnit;
  metrics: readonly MetricDefinition[];
  grouping: { by: 'none' } | { by: 'exposure_day' } | { by: 'attribute'; field: string };
  /** Also split every row by whether the unit did this event in the window (`obs` = yes/no). */
  observe?: { event: string; window_days: number } | null;
}

/** A metric's rows per (variant, grp[, obs]); medians per variant for time_to_value metrics. */
export interface MetricResult {
  rows: MetricAggregates[];
  median_days: Map<string, number | null> | null;
}

const DAY = 86_400;
const COLUMNS: Record<MetricUnit, readonly string[]> = {
  contact: ['role', 'locale', 'timezone'],
  company: ['plan', 'industry'],
};
const ATTRIBUTE_KEY = /^attributes\.([A-Za-z0-9_]{1,64})$/;

/** Retention is fixed by definition: active in days 28–35, against active in the 7 days before. */
const RETENTION_FROM = 28 * DAY;
const RETENTION_TO = 35 * DAY;
const RETENTION_PRE = 7 * DAY;

const SUPPORT_KINDS = new Set<MetricDefinition['kind']>(['conversations_started', 'first_response', 'csat']);

const seconds = (s: number) => sql`make_interval(secs => ${s})`;

function breakdownColumn(unit: MetricUnit, field: string): SQL {
  const alias = unit === 'contact' ? 'c' : 'co';
  const attribute = ATTRIBUTE_KEY.exec(field);
  if (attribute) return sql`${sql.raw(alias)}.attributes ->> ${attribute[1]!}`;
  if (!COLUMNS[unit].includes(field)) throw badField('breakdown', `must be attributes.<key> or one of ${COLUMNS[unit].join(', ')}`);
  return sql`${sql.raw(`${alias}.${field}`)}::text`;
}

/** `ts` of a joined row (e.occurred_at, c.created_at…) within [exposure + lo, exposure + hi). */
const after = (ts: SQL, lo: number, hi: number) => sql`${ts} >= u.exposed_at + ${seconds(lo)} and ${ts} < u.exposed_at + ${seconds(hi)}`;
const before = (ts: SQL, lo: number) => sql`${ts} >= u.exposed_at - ${seconds(lo)} and ${ts} < u.exposed_at`;

/** Which events of a unit a metric reads, and how far before and after the exposure. */
function eventNeed(m: MetricDefinition): { names: string[] | 'all'; before: number; after: number } | null {
  const w = m.window_days * DAY;
  switch (m.kind) {
    case 'count':
    case 'conversion':
    case 'time_to_value':
      return { names: [m.event!], before: w, after: w };
    case 'revenue':
      return m.source === 'company_mrr' ? null : { names: [m.event!], before: w, after: w };
    case 'retention':
      return { names: m.event ? [m.event] : 'all', before: RETENTION_PRE, after: RETENTION_TO };
    default:
      return null;
  }
}

/** An interval literal of whole seconds (numbers from validated definitions, never user text). */
const span = (s: number) => sql.raw(`interval '${Math.trunc(s)} seconds'`);
/** The joined event's offset from the exposure (j.dt) within [lo, hi). */
const offset = (lo: number, hi: number) => sql`j.dt >= ${span(lo)} and j.dt < ${span(hi)}`;

/**
 * Column expressions of metric i over the per-unit event join (j: one row per event, with its
 * name, properties and offset dt from the exposure; grouped by unit): v (value), p (covariate)
 * and, for time_to_value, d (days to the first event).
 */
function eventColumns(m: MetricDefinition, i: number, ws: string, unit: MetricUnit): SQL[] {
  const w = m.window_days * DAY;
  const named = (cond: SQL) => (m.event ? sql`j.name = ${m.event} and ${cond}` : cond);
  const inWindow = named(offset(0, w));
  const beforeWindow = named(offset(-w, 0));
  const v = (e: SQL) => sql`(${e})::float8 as ${sql.raw(`v${i}`)}`;
  const p = (e: SQL) => sql`(${e})::float8 as ${sql.raw(`p${i}`)}`;
  switch (m.kind) {
    case 'count':
      return [v(sql`count(*) filter (where ${inWindow})`), p(sql`count(*) filter (where ${beforeWindow})`)];
    case 'conversion':
      return [v(sql`(count(*) filter (where ${inWindow}) > 0)::int`), p(sql`(count(*) filter (where ${beforeWindow}) > 0)::int`)];
    case 'time_to_value':
      return [
        v(sql`(count(*) filter (where ${inWindow}) > 0)::int`),
        p(sql`(count(*) filter (where ${beforeWindow}) > 0)::int`),
        sql`(extract(epoch from min(j.dt) filter (where ${inWindow})) / ${DAY})::float8 as ${sql.raw(`d${i}`)}`,
      ];
    case 'retention':
      return [
        v(sql`(count(*) filter (where ${named(offset(RETENTION_FROM, RETENTION_TO))}) > 0)::int`),
        p(sql`(count(*) filter (where ${named(offset(-RETENTION_PRE, 0))}) > 0)::int`),
      ];
    case 'revenue': {
      if (m.source === 'company_mrr') {
        // MRR as it is now, at analysis time: no pre-period value exists, so CUPED's theta is 0.
        const mrr =
          unit === 'company'
            ? sql`(select coalesce(m.mrr, 0)::float8 from companies m where m.workspace_id = ${ws} and m.id = j.uid)`
            : sql`(select coalesce(sum(m.mrr), 0)::float8 from contact_companies cc3 join companies m on m.workspace_id = cc3.workspace_id and m.id = cc3.company_id
                   where cc3.workspace_id = ${ws} and cc3.contact_id = j.uid)`;
        return [v(sql`coalesce(${mrr}, 0)`), p(sql`0`)];
      }
      // A property that is not a JSON number contributes nothing rather than failing the report.
      const amount = sql`case when jsonb_typeof(j.properties -> ${m.property!}) = 'number' then (j.properties ->> ${m.property!})::float8 end`;
      return [v(sql`coalesce(sum(${amount}) filter (where ${inWindow}), 0)`), p(sql`coalesce(sum(${amount}) filter (where ${beforeWindow}), 0)`)];
    }
    default:
      return [];
  }
}

/** Columns of metric i over the unit's conversations (alias c, grouped by unit). */
function conversationColumns(m: MetricDefinition, i: number): SQL[] {
  const ts = sql`c.created_at`;
  const w = m.window_days * DAY;
  const [v, p] = [sql.raw(`v${i}`), sql.raw(`p${i}`)];
  switch (m.kind) {
    case 'conversations_started':
      return [sql`count(*) filter (where ${after(ts, 0, w)})::float8 as ${v}`, sql`count(*) filter (where ${before(ts, w)})::float8 as ${p}`];
    case 'first_response':
      return [sql`(avg(extract(epoch from c.first_response_at - c.created_at) / 60) filter (where ${after(ts, 0, w)} and c.first_response_at is not null))::float8 as ${v}`];
    case 'csat':
      return [sql`(avg(c.csat_rating) filter (where ${after(ts, 0, w)} and c.csat_rating is not null))::float8 as ${v}`];
    default:
      return [];
  }
}

/** The per-unit inputs: the exposures, the unit kind, the metrics and the observed event. */
export type PerUnitQuery = Pick<MetricsQuery, 'units' | 'unit' | 'metrics' | 'observe'>;

/**
 * The per-unit relation: unit_id, uid, variant, exposed_at, obs and v<i>, p<i> for every metric
 * (d<i> for time_to_value), from at most three joins each reduced to one row per unit before they
 * meet: events, conversations, and the contact's own messages. A whole SELECT, so it can feed
 * the report's aggregation directly or be stored (the experiments rollup).
 */
export function perUnitSql(ws: string, q: PerUnitQuery): SQL {
  const { unit, metrics } = q;
  const members = unit === 'contact' ? sql`` : sql`join contact_companies cc on cc.workspace_id = ${ws} and cc.company_id = u.uid`;
  const contactId = unit === 'contact' ? sql`u.uid` : sql`cc.contact_id`;

  // Events: one join for every event metric (and the observed event), over the widest window.
  const needs = metrics.map(eventNeed);
  if (q.observe) needs.push({ names: [q.observe.event], before: 0, after: q.observe.window_days * DAY });
  const used = needs.filter((n) => n !== null);
  const eventCols = metrics.flatMap((m, i) => eventColumns(m, i, ws, unit));
  if (q.observe) {
    const w = q.observe.window_days * DAY;
    eventCols.push(sql`case when count(*) filter (where j.name = ${q.observe.event} and ${offset(0, w)}) > 0 then 'yes' else 'no' end as obs`);
  }
  let eventJoin = sql``;
  if (used.length) {
    const names = used.some((n) => n.names === 'all') ? null : [...new Set(used.flatMap((n) => n.names as string[]))];
    const lo = Math.max(...used.map((n) => n.before));
    const hi = Math.max(...used.map((n) => n.after));
    eventJoin = sql`${unit === 'company' ? sql`left join contact_companies cc on cc.workspace_id = ${ws} and cc.company_id = u.uid` : sql``}
      left join events e on e.workspace_id = ${ws} and e.contact_id = ${contactId}
        ${names ? sql`and e.name in (${sql.join(names.map((n) => sql`${n}`), sql`, `)})` : sql``}
        and e.occurred_at >= u.exposed_at - ${span(lo)} and e.occurred_at < u.exposed_at + ${span(hi)}`;
  }
  // Offsets are computed once per event; a unit without events keeps one row with a null dt.
  const ev = sql`select j.unit_id, j.uid, j.variant, j.exposed_at${eventCols.length ? sql`, ${sql.join(eventCols, sql`, `)}` : sql``}
    from (select u.unit_id, u.uid, u.variant, u.exposed_at${used.length ? sql`, e.name, e.properties, e.occurred_at - u.exposed_at as dt` : sql``}
          from u ${eventJoin}) as j
    group by j.unit_id, j.uid, j.variant, j.exposed_at`;

  const parts: SQL[] = [];
  const support = metrics.map((m, i) => ({ m, i })).filter(({ m }) => SUPPORT_KINDS.has(m.kind));
  if (support.length) {
    const lo = Math.max(...support.map(({ m }) => m.window_days * DAY));
    parts.push(sql`left join (select u.unit_id, ${sql.join(support.flatMap(({ m, i }) => conversationColumns(m, i)), sql`, `)}
      from u ${members} join conversations c on c.workspace_id = ${ws} and c.contact_id = ${contactId}
        and c.created_at >= u.exposed_at - ${seconds(lo)} and c.created_at < u.exposed_at + ${seconds(lo)}
      group by u.unit_id) as sv on sv.unit_id = ev.unit_id`);
  }
  const written = metrics.map((m, i) => ({ m, i })).filter(({ m }) => m.kind === 'messages_sent');
  if (written.length) {
    const lo = Math.max(...written.map(({ m }) => m.window_days * DAY));
    const ts = sql`msg.created_at`;
    const cols = written.flatMap(({ m, i }) => [
      sql`count(*) filter (where ${after(ts, 0, m.window_days * DAY)})::float8 as ${sql.raw(`v${i}`)}`,
      sql`count(*) filter (where ${before(ts, m.window_days * DAY)})::float8 as ${sql.raw(`p${i}`)}`,
    ]);
    parts.push(sql`left join (select u.unit_id, ${sql.join(cols, sql`, `)}
      from u ${members} join conversations c on c.workspace_id = ${ws} and c.contact_id = ${contactId}
      join messages msg on msg.workspace_id = c.workspace_id and msg.conversation_id = c.id and msg.author_type = 'contact'
        and msg.created_at >= u.exposed_at - ${seconds(lo)} and msg.created_at < u.exposed_at + ${seconds(lo)}
      group by u.unit_id) as mv on mv.unit_id = ev.unit_id`);
  }

  const cols = metrics.flatMap((m, i) => {
    const [v, p, d] = [`v${i}`, `p${i}`, `d${i}`].map((c) => sql.raw(c));
    switch (m.kind) {
      case 'conversations_started':
        return [sql`coalesce(sv.${v}, 0) as ${v}`, sql`coalesce(sv.${p}, 0) as ${p}`];
      case 'messages_sent':
        return [sql`coalesce(mv.${v}, 0) as ${v}`, sql`coalesce(mv.${p}, 0) as ${p}`];
      // Defined only for units with such a conversation; no covariate (theta = 0).
      case 'first_response':
      case 'csat':
        return [sql`sv.${v} as ${v}`, sql`case when sv.${v} is not null then 0::float8 end as ${p}`];
      case 'time_to_value':
        return [sql`ev.${v}`, sql`ev.${p}`, sql`ev.${d}`];
      default:
        return [sql`ev.${v}`, sql`ev.${p}`];
    }
  });
  const units = sql`select x.unit_id, x.uid, x.variant, x.exposed_at from (${q.units}) as x`;
  return sql`with u as (${units}), ev as (${ev})
    select ev.unit_id, ev.uid, ev.variant, ev.exposed_at, ${q.observe ? sql`ev.obs` : sql`null::text as obs`}, ${sql.join(cols, sql`, `)}
    from ev ${sql.join(parts, sql` `)}`;
}

/** What the aggregation reads: per-unit rows with perUnitSql's columns, and how to group them. */
export interface AggregateQuery {
  /** A SELECT with perUnitSql's columns (computed now, or stored before). */
  perUnit: SQL;
  unit: MetricUnit;
  metrics: readonly MetricDefinition[];
  grouping: MetricsQuery['grouping'];
}

/**
 * Per (variant, grp, obs) count, sum, mean, M2, covariate moments and co-moment of every metric,
 * and for time_to_value metrics the per-variant median (a grouping set of its own). A capped
 * revenue metric uses min(value, the pooled percentile of all units' values), and the same for
 * its covariate; percentiles are continuous (linear interpolation, as numpy's default).
 */
export function aggregateSql(ws: string, q: AggregateQuery): SQL {
  const { unit, grouping } = q;
  const capped = q.metrics.map((m, i) => ({ m, i })).filter(({ m }) => m.cap_percentile !== undefined);
  const ttv = q.metrics.some((m) => m.kind === 'time_to_value');
  const val = (i: number, col: 'v' | 'p') => {
    const c = sql.raw(`${col}${i}`);
    return capped.some((x) => x.i === i) ? sql`least(pu.${c}, caps.${sql.raw(`cap_${col}${i}`)})` : sql`pu.${c}`;
  };
  const aggregates = q.metrics.flatMap((m, i) => {
    const [v, p] = [val(i, 'v'), val(i, 'p')];
    const name = (s: string) => sql.raw(`${s}_${i}`);
    const cols = [
      sql`count(${v})::float8 as ${name('n')}`,
      sql`coalesce(sum(${v}), 0)::float8 as ${name('total')}`,
      sql`avg(${v})::float8 as ${name('mean')}`,
      sql`coalesce(var_samp(${v}) * (count(${v}) - 1), 0)::float8 as ${name('m2')}`,
      sql`avg(${p})::float8 as ${name('pre_mean')}`,
      sql`coalesce(var_samp(${p}) * (count(${p}) - 1), 0)::float8 as ${name('pre_m2')}`,
      sql`coalesce(covar_samp(${p}, ${v}) * (count(${v}) - 1), 0)::float8 as ${name('cxy')}`,
    ];
    if (m.kind === 'time_to_value')
      cols.push(sql`case when grouping(pu.grp, pu.obs) = 3 then percentile_cont(0.5) within group (order by coalesce(pu.${sql.raw(`d${i}`)}, 'Infinity'::float8)) end as ${name('median')}`);
    return cols;
  });
  const caps = capped.length
    ? sql`, caps as (select ${sql.join(
        capped.flatMap(({ m, i }) => [
          sql`percentile_cont(${m.cap_percentile!}::float8) within group (order by v${sql.raw(String(i))}) as ${sql.raw(`cap_v${i}`)}`,
          sql`percentile_cont(${m.cap_percentile!}::float8) within group (order by p${sql.raw(String(i))}) as ${sql.raw(`cap_p${i}`)}`,
        ]),
        sql`, `,
      )} from pu)`
    : sql``;
  const entity =
    grouping.by !== 'attribute'
      ? sql``
      : unit === 'contact'
        ? sql`left join contacts c on c.workspace_id = ${ws} and c.id = r.uid`
        : sql`left join companies co on co.workspace_id = ${ws} and co.id = r.uid`;
  // Days are grouped as dates and written out once per group: formatting a million timestamps
  // costs more than the aggregates.
  const grp =
    grouping.by === 'exposure_day'
      ? sql`(r.exposed_at at time zone 'UTC')::date`
      : grouping.by === 'attribute'
        ? breakdownColumn(unit, grouping.field)
        : sql`null::text`;
  const label = grouping.by === 'exposure_day' ? sql`to_char(pu.grp, 'YYYY-MM-DD')` : sql`pu.grp`;
  return sql`with pu as (select r.*, ${grp} as grp from (${q.perUnit}) as r ${entity})${caps}
    select pu.variant, ${label} as grp, pu.obs${ttv ? sql`, grouping(pu.grp, pu.obs) = 3 as whole` : sql``}, ${sql.join(aggregates, sql`, `)}
    from pu ${capped.length ? sql`cross join caps` : sql``}
    group by ${ttv ? sql`grouping sets ((pu.variant, pu.grp, pu.obs), (pu.variant))` : sql`pu.variant, pu.grp, pu.obs`}`;
}

/** What a refresh already read: events of the transactions visible in `snapshot`, other rows up to `since`. */
export interface ChangedSince {
  /** A pg_snapshot as text (xmin:xmax:xip,…). */
  snapshot: string;
  since: Date;
}

/**
 * The Baton ids of the units (contacts or companies) whose metric inputs may have changed since
 * the last refresh: their contacts' events written by a transaction that refresh's snapshot did
 * not see (in progress then, or later: exact under concurrent commits in any order), their
 * conversations created or changed since `since` (support and message metrics), new company
 * memberships, and company MRR changes where a metric reads MRR. A membership that ends leaves no
 * trace here; a full rebuild picks that up.
 */
export function changedUnitsSql(ws: string, q: { unit: MetricUnit; metrics: readonly MetricDefinition[]; changed: ChangedSince }): SQL {
  const since = sql`${q.changed.since.toISOString()}::timestamptz`;
  // Every transaction below the snapshot's xmin had ended when it was taken: the index range
  // starts there, and the visibility test drops the few in range that the snapshot did see.
  const xmin = q.changed.snapshot.split(':')[0]!;
  const contacts = [
    sql`select contact_id as id from events where workspace_id = ${ws} and xid >= ${xmin}::bigint
      and not pg_visible_in_snapshot(xid::text::xid8, ${q.changed.snapshot}::pg_snapshot)`,
  ];
  if (q.metrics.some((m) => SUPPORT_KINDS.has(m.kind) || m.kind === 'messages_sent'))
    contacts.push(sql`select contact_id from conversations where workspace_id = ${ws}
      and greatest(created_at, updated_at, last_message_at, first_response_at, csat_at) >= ${since}`);
  const mrr = q.metrics.some((m) => m.kind === 'revenue' && m.source === 'company_mrr');
  if (q.unit === 'contact') {
    if (mrr)
      contacts.push(sql`select cc.contact_id from contact_companies cc join companies m on m.workspace_id = cc.workspace_id and m.id = cc.company_id
        where cc.workspace_id = ${ws} and (m.updated_at >= ${since} or cc.created_at >= ${since})`);
    return sql.join(contacts, sql` union `);
  }
  const companies = [
    sql`select company_id as id from contact_companies where workspace_id = ${ws}
      and (created_at >= ${since} or contact_id in (${sql.join(contacts, sql` union `)}))`,
  ];
  if (mrr) companies.push(sql`select id from companies where workspace_id = ${ws} and updated_at >= ${since}`);
  return sql.join(companies, sql` union `);
}

type Row = Record<string, unknown> & { variant: string; grp: string | null; obs: string | null; whole?: boolean };

/**
 * Settings for the one report statement (both drivers): the per-unit hash aggregate of a million
 * units needs a few hundred MB to stay in memory (the 4 MB default spills it to disk in batches),
 * and JIT compiling its many FILTER expressions costs more than it saves here.
 */
const REPORT_SETTINGS = [sql`set local work_mem = '512MB'`, sql`set local jit = off`];

/** Every metric's sufficient statistics in one statement; see the module comment. */
export function experimentMetrics(db: DbOrTx, ws: string, q: MetricsQuery): Promise<MetricResult[]> {
  return aggregateMetrics(db, ws, { perUnit: perUnitSql(ws, q), unit: q.unit, metrics: q.metrics, grouping: q.grouping });
}

/** The statistics of per-unit rows computed before (or now, by experimentMetrics). */
export async function aggregateMetrics(db: DbOrTx, ws: string, q: AggregateQuery): Promise<MetricResult[]> {
  const statement = aggregateSql(ws, q);
  const out = await db.transaction(async (tx) => {
    for (const setting of REPORT_SETTINGS) await tx.execute(setting);
    return rows<Row>(tx, statement);
  });
  const fine = out.filter((r) => !r.whole);
  return q.metrics.map((m, i) => {
    const num = (r: Row, s: string) => Number(r[`${s}_${i}`] ?? 0);
    const result: MetricResult = {
      rows: fine
        .map((r) => ({
          variant: r.variant, grp: r.grp, obs: r.obs,
          n: num(r, 'n'), total: num(r, 'total'), mean: num(r, 'mean'), m2: num(r, 'm2'), pre_mean: num(r, 'pre_mean'), pre_m2: num(r, 'pre_m2'), cxy: num(r, 'cxy'),
        }))
        .filter((r) => r.n > 0),
      median_days: null,
    };
    if (m.kind === 'time_to_value') {
      result.median_days = new Map(out.filter((r) => r.whole).map((r) => {
        const d = r[`median_${i}`] === null ? null : Number(r[`median_${i}`]);
        return [r.variant, d !== null && Number.isFinite(d) ? d : null];
      }));
    }
    return result;
  });
}

/**
 * One metric's per (variant, group) statistics; `did_event` groups by the observed event
 * (grp = yes/no), the observational comparison.
 */
export async function experimentMetric(db: DbOrTx, ws: string, q: MetricQuery): Promise<MetricAggregates[]> {
  const { grouping } = q;
  const [result] = await experimentMetrics(db, ws, {
    units: q.units,
    unit: q.unit,
    metrics: [q.metric],
    grouping: grouping.by === 'did_event' ? { by: 'none' } : grouping,
    observe: grouping.by === 'did_event' ? { event: grouping.event, window_days: grouping.window_days } : null,
  });
  const merged = new Map<string, MetricAggregates>();
  for (const r of result!.rows) {
    const grp = grouping.by === 'did_event' ? r.obs! : r.grp;
    const key = `${r.variant}\u0000${grp}`;
    merged.set(key, merged.has(key) ? mergeAggregates(merged.get(key)!, { ...r, grp }) : { ...r, grp, obs: null });
  }
  return [...merged.values()];
}

/** Chan et al.'s parallel update of two groups' moments. */
function mergeAggregates(a: MetricAggregates, b: MetricAggregates): MetricAggregates {
  const n = a.n + b.n;
  const dy = b.mean - a.mean;
  const dx = b.pre_mean - a.pre_mean;
  const f = (a.n * b.n) / n;
  return {
    ...a,
    n,
    total: a.total + b.total,
    mean: a.mean + (dy * b.n) / n,
    m2: a.m2 + b.m2 + dy * dy * f,
    pre_mean: a.pre_mean + (dx * b.n) / n,
    pre_m2: a.pre_m2 + b.pre_m2 + dx * dx * f,
    cxy: a.cxy + b.cxy + dx * dy * f,
  };
}

/**
 * The embedded database runs no autovacuum, so its planner never learns table sizes and joins
 * events unit by unit through whichever index it meets first (35 s for the demo instead of
 * 0.1 s). Refreshing the statistics of the tables these queries read, at most every ten minutes,
 * gives it the plans PostgreSQL gets from autovacuum.
 */
export function plannerStatistics(analyze: (tables: string) => Promise<unknown>) {
  let last = 0;
  return async (tables: string) => {
    if (Date.now() - last < 10 * 60_000) return;
    last = Date.now();
    await analyze(tables);
  };
}
