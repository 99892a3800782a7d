import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { ExperimentView, Registration } from '../../../contracts/experiments.ts';
import type { ContactsService } from '../../contacts/service.ts';
import type { Ctx } from '../../platform/context.ts';
import { plannerStatistics, type ChangedSince } from '../../contacts/experiment-metrics.ts';
import { rows } from '../../contacts/sql.ts';
import { isStatementTimeout } from '../../platform/db-errors.ts';
import type { ExperimentsService } from '../service.ts';
import { experimentExposures, experimentRollups, experimentRollupUnits, experiments } from '../schema.ts';

/**
 * The per-unit rollup of an experiment's metrics: every exposed unit's metric values and
 * pre-period covariates, computed by the same SQL the report would run (contacts'
 * perUnitSql) and stored, so a report reads one row per unit instead of every event. The
 * `experiments.rollup` job keeps it current: the first run (or a changed registration, or once
 * a day) computes every unit; later runs recompute only the units exposed since, or whose data
 * changed since the last run (events its snapshot did not see, conversations, memberships, MRR).
 * A unit's row
 * is always recomputed whole, never patched, so a refresh can run again over the same units
 * without counting anything twice.
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
  /** Units (re)computed by this refresh. */
  units: number;
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
   * Exposures of units whose data changed since `since`, and, when the rollup holds fewer rows
   * than there are exposures, the exposures without a row (exposures are never removed, so equal
   * counts mean none is missing and the anti-join over every unit is skipped).
   */
  function dirtyUnits(ws: string, id: string, experiment: ExperimentView, reg: Registration, since: ChangedSince, missing: boolean): SQL {
    const changed = deps.contacts.experimentChangedUnitsSql(ws, { unit: experiment.unit as 'contact' | 'company', metrics: reg.metrics, changed: since });
    const ofChanged = sql`${exposuresOf(ws, id)} and x.unit_uuid in (${changed})`;
    if (!missing) return ofChanged;
    return sql`${exposuresOf(ws, id)} and not exists (
        select 1 from ${experimentRollupUnits} r where r.workspace_id = x.workspace_id and r.experiment_id = x.experiment_id and r.unit_id = x.unit_id)
      union
      ${ofChanged}`;
  }

  /**
   * Brings the rollup of one experiment up to now. Returns null when there is nothing to roll up
   * (no registration, visitor units), when another refresh of it is under way, with
   * `incrementalOnly` when it needs a full rebuild (a report never waits for one), or when it
   * would take longer than `budgetMs` (PostgreSQL; the refresh is rolled back whole).
   */
  async function refresh(ws: string, id: string, opts: { experiment?: ExperimentView; incrementalOnly?: boolean; budgetMs?: number } = {}): Promise<RefreshResult | null> {
    try {
      return await refreshNow(ws, id, opts);
    } catch (err) {
      if (opts.budgetMs !== undefined && isStatementTimeout(err)) return null;
      throw err;
    }
  }

  async function refreshNow(ws: string, id: string, opts: { experiment?: ExperimentView; incrementalOnly?: boolean; budgetMs?: number }): Promise<RefreshResult | null> {
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
      // Taken before the statement that reads the events (read committed: each statement takes a
      // later snapshot), so whatever this snapshot saw was read; what it did not see, the next
      // refresh reads, a little of it twice, which recomputing rows whole makes harmless.
      const [clock] = await rows<{ now: string; snapshot: string }>(tx, sql`select now()::text as now, pg_current_snapshot()::text as snapshot`);
      const now = new Date(clock!.now);
      const [state] = await tx.select().from(experimentRollups).where(and(eq(experimentRollups.workspaceId, ws), eq(experimentRollups.experimentId, id)));
      const full =
        !state || !state.snapshot || state.fingerprint !== fingerprint || now.getTime() - state.builtAt.getTime() >= REBUILD_MS || xidWentBack(state.snapshot, clock!.snapshot);
      if (full && opts.incrementalOnly) return null;
      if (full) await tx.delete(experimentRollupUnits).where(and(eq(experimentRollupUnits.workspaceId, ws), eq(experimentRollupUnits.experimentId, id)));
      const units = full
        ? exposuresOf(ws, id)
        : dirtyUnits(ws, id, experiment, reg, { snapshot: state.snapshot!, since: new Date(state.asOf.getTime() - MARGIN_MS) }, state.units !== exposed);
      // The embedded database runs statements on this thread, where a timeout cannot interrupt them.
      if (opts.budgetMs !== undefined && ctx.database.driver === 'postgres') await tx.execute(sql.raw(`set local statement_timeout = ${Math.max(1, Math.round(opts.budgetMs))}`));
      const perUnit = deps.contacts.experimentPerUnitSql(ws, { units, unit, metrics: reg.metrics, observe: rollupObserve(reg) });
      const array = (col: 'v' | 'p' | 'd') =>
        sql.raw(`array[${reg.metrics.map((m, i) => (col === 'd' && m.kind !== 'time_to_value' ? 'null' : `pu.${col}${i}`)).join(', ')}]::float8[]`);
      // xmax = 0 marks a row inserted, not updated: the count of new units.
      const [written] = await rows<{ n: number; added: number }>(
        tx,
        sql`with w as (
          insert into ${experimentRollupUnits} (workspace_id, experiment_id, unit_id, unit_uuid, variant, exposed_at, obs, v, p, d)
          select ${ws}, ${id}, pu.unit_id, pu.uid, pu.variant, pu.exposed_at, pu.obs, ${array('v')}, ${array('p')}, ${array('d')}
          from (${perUnit}) as pu
          on conflict (workspace_id, experiment_id, unit_id) do update set obs = excluded.obs, v = excluded.v, p = excluded.p, d = excluded.d
          returning (xmax = 0) as added)
        select count(*)::int as n, count(*) filter (where added)::int as added from w`,
      );
      const next = { fingerprint, asOf: now, snapshot: clock!.snapshot, builtAt: full ? now : state.builtAt, units: (full ? 0 : state.units) + Number(written!.added) };
      await tx
        .insert(experimentRollups)
        .values({ workspaceId: ws, experimentId: id, ...next })
        .onConflictDoUpdate({ target: [experimentRollups.workspaceId, experimentRollups.experimentId], set: next });
      return { full, units: Number(written!.n), asOf: now };
    });
    // The planner must learn the rebuilt rows (their groups: see migration 0032) before the next
    // report, not when autovacuum gets to them; the embedded database has no autovacuum at all.
    if (result?.full) await db.execute(sql`analyze experiment_rollup_units`);
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
