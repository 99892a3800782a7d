import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { ExperimentView, Registration } from '../../../contracts/experiments.ts';
import type { ContactsService } from '../../contacts/service.ts';
import type { Ctx } from '../../platform/context.ts';
import { eventFold, plannerStatistics, type ChangedSince, type MetricUnit } from '../../contacts/experiment-metrics.ts';
import { rows } from '../../contacts/sql.ts';
import type { ExperimentsService } from '../service.ts';
import { experimentExposures, experimentRollups, experimentRollupUnits, experiments } from '../schema.ts';

/**
 * The per-unit rollup of an experiment's metrics: every exposed unit's metric values and
 * pre-period covariates, computed by the same SQL the report would run (contacts'
 * perUnitSql) and stored, so a report reads one row per unit instead of every event. The
 * `experiments.rollup` job keeps it current: the first run (or a changed registration, or once
 * a day) computes every unit; later runs recompute whole only the units exposed since, or whose
 * inputs other than events changed since the last run (conversations, memberships, MRR), and fold
 * the events the last run's snapshot did not see into the stored rows of their units (see
 * foldSql): each event is read once, in the run whose snapshot first sees it.
 */

export const ROLLUP_QUEUE = 'experiments.rollup';
const SWEEP_QUEUE = 'experiments.rollup.sweep';

/**
 * Events are found exactly, by the transaction that wrote them against the last run's snapshot.
 * Conversations, memberships and companies are found by their timestamps, stamped before their
 * transaction commits: a refresh looks this far back before the last one for those, so a change
 * that committed late, or on a node whose clock is a little behind, is not missed.
 */
const MARGIN_MS = 2 * 60_000;
/** A full rebuild at least this often catches what leaves no trace (an ended company membership). */
const REBUILD_MS = 24 * 3_600_000;

export interface RollupState {
  asOf: Date;
  builtAt: Date;
}

export interface RefreshResult {
  full: boolean;
  /** Units (re)computed or with new events folded in by this refresh. */
  units: number;
  /** Of those, units whose new events were folded into their stored row. */
  folded: number;
  asOf: Date;
}

/** The observational event the stored rows were split by: the registration's, over the primary metric's window. */
export function rollupObserve(reg: Registration): { event: string; window_days: number } | null {
  const primary = reg.metrics.find((m) => m.key === reg.primary_metric)!;
  return reg.observational_event ? { event: reg.observational_event, window_days: primary.window_days } : null;
}

/** What the stored rows were computed for; any change to it makes them stale. */
export function rollupFingerprint(unit: ExperimentView['unit'], reg: Registration): string {
  return JSON.stringify({ unit, metrics: reg.metrics, observe: rollupObserve(reg) });
}

/**
 * The stored rows as perUnitSql's columns for the metrics at `indexes` (positions in the
 * registration's list), renumbered from 0; without `withObs` the observational split is left out.
 */
export function rollupRowsSql(ws: string, id: string, indexes: readonly number[], withObs: boolean): SQL {
  const cols = indexes.flatMap((k, i) => [
    sql.raw(`v[${k + 1}] as v${i}`),
    sql.raw(`p[${k + 1}] as p${i}`),
    sql.raw(`d[${k + 1}] as d${i}`),
  ]);
  return sql`select unit_id, unit_uuid as uid, variant, exposed_at, ${withObs ? sql`obs` : sql`null::text as obs`}, ${sql.join(cols, sql`, `)}
    from ${experimentRollupUnits} where workspace_id = ${ws} and experiment_id = ${id}`;
}

/**
 * Transaction ids only grow within one cluster; a stored snapshot ahead of the current one means
 * the database was restored into another cluster, where the stored ids mean nothing.
 */
function xidWentBack(stored: string, current: string): boolean {
  const xmax = (s: string) => BigInt(s.split(':')[1]!);
  return xmax(stored) > xmax(current);
}

export function createRollupService(ctx: Ctx, deps: { contacts: ContactsService; experiments: ExperimentsService }) {
  const db = ctx.db;
  // As the report's: no autovacuum on the embedded database. Before the transaction, which holds
  // the embedded database's only connection.
  const refreshStatistics = plannerStatistics((tables) => db.execute(sql.raw(`analyze ${tables}`)));

  const exposuresOf = (ws: string, id: string) =>
    sql`select x.unit_id, x.unit_uuid as uid, x.variant, x.exposed_at from ${experimentExposures} x where x.workspace_id = ${ws} and x.experiment_id = ${id}`;

  /**
   * Exposures of units to recompute whole: those whose inputs changed since the last run (with
   * `withEvents`, new events included; otherwise only what else changed), and, when the rollup
   * holds fewer rows than there are exposures, the exposures without a row (exposures are never
   * removed, so equal counts mean none is missing and the anti-join over every unit is skipped).
   */
  function recomputedUnits(ws: string, id: string, unit: MetricUnit, reg: Registration, since: ChangedSince, missing: boolean, withEvents: boolean): SQL {
    const changed = deps.contacts.experimentChangedUnitsSql(ws, { unit, metrics: reg.metrics, changed: since, withEvents });
    const ofChanged = sql`${exposuresOf(ws, id)} and x.unit_uuid in (${changed})`;
    if (!missing) return ofChanged;
    return sql`${exposuresOf(ws, id)} and not exists (
        select 1 from ${experimentRollupUnits} r where r.workspace_id = x.workspace_id and r.experiment_id = x.experiment_id and r.unit_id = x.unit_id)
      union
      ${ofChanged}`;
  }

  /**
   * The update that folds new events into the stored rows of the units they belong to (through
   * their contacts for company units), except the units recomputed whole by the same statement:
   * each event-metric value over the new events alone, combined with the stored one (eventFold),
   * so a burst costs a read of the burst, not of every affected unit's history. Exact because
   * each event is folded once: the new events are those the stored snapshot did not see, and
   * the statement's own snapshot, stored next, saw every one it folded.
   */
  function foldSql(ws: string, id: string, unit: MetricUnit, reg: Registration, newEvents: SQL, recomputed: SQL): SQL {
    const folded = reg.metrics.flatMap((m, k) => {
      const how = eventFold(m);
      return how ? [{ m, k, how }] : [];
    });
    const contacts = sql`select ne.contact_id from (${newEvents}) as ne`;
    const uids = unit === 'contact' ? contacts : sql`select cc.company_id from contact_companies cc where cc.workspace_id = ${ws} and cc.contact_id in (${contacts})`;
    const units = sql`select r.unit_id, r.unit_uuid as uid, r.variant, r.exposed_at from ${experimentRollupUnits} r
      where r.workspace_id = ${ws} and r.experiment_id = ${id} and r.unit_uuid in (${uids})
        and r.unit_id not in (select rc.unit_id from (${recomputed}) as rc)`;
    const observe = rollupObserve(reg);
    const delta = deps.contacts.experimentPerUnitSql(ws, { units, unit, metrics: folded.map((f) => f.m), observe, events: newEvents });
    const array = (col: 'v' | 'p' | 'd') =>
      sql.raw(`array[${reg.metrics.map((_, k) => {
        const stored = `r.${col}[${k + 1}]`;
        const j = folded.findIndex((f) => f.k === k);
        if (j < 0) return stored;
        const { how } = folded[j]!;
        if (col === 'd') return how.days ? `least(${stored}, dl.d${j})` : stored;
        return how.value === 'sum' ? `${stored} + dl.${col}${j}` : `greatest(${stored}, dl.${col}${j})`;
      }).join(', ')}]::float8[]`);
    return sql`update ${experimentRollupUnits} r set v = ${array('v')}, p = ${array('p')}, d = ${array('d')},
        obs = ${observe ? sql`case when dl.obs = 'yes' then 'yes' else r.obs end` : sql`r.obs`}
      from (${delta}) as dl
      where r.workspace_id = ${ws} and r.experiment_id = ${id} and r.unit_id = dl.unit_id
      returning 1`;
  }

  /**
   * Brings the rollup of one experiment up to now. Returns null when there is nothing to roll up
   * (no registration, visitor units), when another refresh of it is under way, or with
   * `incrementalOnly` when it needs a full rebuild (a report never waits for one).
   */
  async function refresh(ws: string, id: string, opts: { experiment?: ExperimentView; incrementalOnly?: boolean } = {}): Promise<RefreshResult | null> {
    const experiment = opts.experiment ?? (await deps.experiments.get(ws, id));
    const reg = experiment.registration;
    if (!reg || experiment.unit === 'visitor') return null;
    const unit = experiment.unit;
    const fingerprint = rollupFingerprint(unit, reg);
    const exposed = experiment.variants.reduce((n, v) => n + v.exposures, 0);
    if (ctx.database.driver === 'pglite') await refreshStatistics('events, contact_companies, contacts, companies, experiment_exposures, experiment_rollup_units');
    const result = await db.transaction(async (tx) => {
      const [lock] = await rows<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(hashtext(${`experiments.rollup:${id}`})) as ok`);
      if (!lock!.ok) return null;
      // Same settings as the report statement: the per-unit hash aggregate stays in memory, no JIT.
      await tx.execute(sql`set local work_mem = '512MB'`);
      await tx.execute(sql`set local jit = off`);
      const [clock] = await rows<{ now: string; snapshot: string }>(tx, sql`select now()::text as now, pg_current_snapshot()::text as snapshot`);
      const now = new Date(clock!.now);
      const [state] = await tx.select().from(experimentRollups).where(and(eq(experimentRollups.workspaceId, ws), eq(experimentRollups.experimentId, id)));
      const full =
        !state || !state.snapshot || state.fingerprint !== fingerprint || now.getTime() - state.builtAt.getTime() >= REBUILD_MS || xidWentBack(state.snapshot, clock!.snapshot);
      if (full && opts.incrementalOnly) return null;
      if (full) await tx.delete(experimentRollupUnits).where(and(eq(experimentRollupUnits.workspaceId, ws), eq(experimentRollupUnits.experimentId, id)));
      // Without a metric read from events there is nothing to fold: units with new events (for the
      // observed event) are recomputed whole.
      const fold = !full && reg.metrics.some((m) => eventFold(m) !== null);
      const since = full ? null : { snapshot: state.snapshot!, since: new Date(state.asOf.getTime() - MARGIN_MS) };
      const units = since ? recomputedUnits(ws, id, unit, reg, since, state!.units !== exposed, !fold) : exposuresOf(ws, id);
      const perUnit = deps.contacts.experimentPerUnitSql(ws, { units, unit, metrics: reg.metrics, observe: rollupObserve(reg) });
      const array = (col: 'v' | 'p' | 'd') =>
        sql.raw(`array[${reg.metrics.map((m, i) => (col === 'd' && m.kind !== 'time_to_value' ? 'null' : `pu.${col}${i}`)).join(', ')}]::float8[]`);
      const folding = fold ? foldSql(ws, id, unit, reg, deps.contacts.experimentNewEventsSql(ws, since!.snapshot), units) : null;
      // One statement, one snapshot: what it recomputes and folds is exactly what that snapshot
      // saw, and it is the snapshot stored for the next run (pg_current_snapshot is the
      // statement's). xmax = 0 marks a row inserted, not updated: the count of new units.
      const [written] = await rows<{ n: number; added: number; folded: number; snapshot: string }>(
        tx,
        sql`with w as (
          insert into ${experimentRollupUnits} (workspace_id, experiment_id, unit_id, unit_uuid, variant, exposed_at, obs, v, p, d)
          select ${ws}, ${id}, pu.unit_id, pu.uid, pu.variant, pu.exposed_at, pu.obs, ${array('v')}, ${array('p')}, ${array('d')}
          from (${perUnit}) as pu
          on conflict (workspace_id, experiment_id, unit_id) do update set obs = excluded.obs, v = excluded.v, p = excluded.p, d = excluded.d
          returning (xmax = 0) as added)${folding ? sql`, f as (${folding})` : sql``}
        select (select count(*)::int from w) as n, (select count(*) filter (where added)::int from w) as added,
          ${folding ? sql`(select count(*)::int from f)` : sql`0`} as folded, pg_current_snapshot()::text as snapshot`,
      );
      const next = { fingerprint, asOf: now, snapshot: written!.snapshot, builtAt: full ? now : state.builtAt, units: (full ? 0 : state.units) + Number(written!.added) };
      await tx
        .insert(experimentRollups)
        .values({ workspaceId: ws, experimentId: id, ...next })
        .onConflictDoUpdate({ target: [experimentRollups.workspaceId, experimentRollups.experimentId], set: next });
      return { full, units: Number(written!.n) + Number(written!.folded), folded: Number(written!.folded), asOf: now };
    });
    // No autovacuum on the embedded database: the planner must learn the rebuilt table's size.
    if (result?.full && ctx.database.driver === 'pglite') await db.execute(sql`analyze experiment_rollup_units`);
    return result;
  }

  ctx.jobs.define<{ workspace_id: string; experiment_id: string }>(ROLLUP_QUEUE, async (job) => void (await refresh(job.workspace_id, job.experiment_id)), {
    retryLimit: 2,
  });
  // Every started experiment, including stopped ones: late events still land in their windows.
  ctx.jobs.define(
    SWEEP_QUEUE,
    async () => {
      const list = await rows<{ workspace_id: string; id: string }>(
        db,
        sql`select workspace_id, id from ${experiments} where status <> 'draft' and registration is not null and unit <> 'visitor' order by started_at`,
      );
      for (const e of list) await refresh(e.workspace_id, e.id);
    },
    { cron: '* * * * *', retryLimit: 1 },
  );

  return {
    refresh,

    /** The rollup's state when its rows hold the experiment's current definitions; null otherwise. */
    async current(ws: string, experiment: ExperimentView): Promise<RollupState | null> {
      const reg = experiment.registration;
      if (!reg || experiment.unit === 'visitor') return null;
      const [state] = await db
        .select()
        .from(experimentRollups)
        .where(and(eq(experimentRollups.workspaceId, ws), eq(experimentRollups.experimentId, experiment.id)));
      return state && state.fingerprint === rollupFingerprint(experiment.unit, reg) ? { asOf: state.asOf, builtAt: state.builtAt } : null;
    },

    /** Asks a worker to (re)build the rollup; a request while one is queued is the same job. */
    request: (ws: string, id: string) => ctx.jobs.send(ROLLUP_QUEUE, { workspace_id: ws, experiment_id: id }, { singletonKey: id }),
  };
}

export type RollupService = ReturnType<typeof createRollupService>;
