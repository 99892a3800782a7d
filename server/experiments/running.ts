import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '../platform/context.ts';
import { domainEvent } from '../platform/context.ts';
import { CompiledExperiment, CompiledHoldout } from './assignment/allocation.ts';
import { experimentHoldouts, experiments, experimentVariants } from './schema.ts';

type ExperimentRow = typeof experiments.$inferSelect;
type VariantRow = typeof experimentVariants.$inferSelect;

export interface RunningExperiment {
  row: ExperimentRow;
  /** In position order; the first is the control. */
  variants: VariantRow[];
  allocation: CompiledExperiment;
  /** Has an eligibility segment or an entry window, so enrolment depends on more than the hash. */
  gated: boolean;
}

/** What flag evaluation reads about a workspace: its global holdout and running experiments. */
export interface RunningSet {
  holdout: CompiledHoldout | null;
  /** Oldest start first: the oldest experiment on a flag that enrols a unit decides it. */
  experiments: RunningExperiment[];
  /** The running experiments on each flag key, oldest first. */
  byFlag: ReadonlyMap<string, RunningExperiment[]>;
}

/** The allocation of a stored experiment; the layer's salt is scoped to the workspace. */
export function compileExperiment(e: ExperimentRow, variants: VariantRow[]): CompiledExperiment {
  return new CompiledExperiment({
    salt: e.salt,
    traffic: e.traffic,
    variants: variants.map((v) => ({ key: v.key, weight: v.weight })),
    layer: e.layerKey ? { salt: `${e.workspaceId}:${e.layerKey}`, start: e.layerStart!, end: e.layerEnd! } : undefined,
  });
}

const CHANGED = 'experiments.running_changed';
/** A broadcast can be lost (Redis down for a moment); no node serves a stale set for longer than this. */
const MAX_AGE_MS = 60_000;
const MAX_WORKSPACES = 10_000;

/**
 * The running set of every workspace that evaluates flags, kept in memory on each node so an
 * evaluation makes no database reads for it. A change (start, stop, holdout) drops the entry
 * here at once and on every other node through the bus; MAX_AGE_MS bounds the staleness if that
 * notice is lost. An entry holds the load's promise from its start, so a change that lands while
 * a load is under way drops that load too and the next evaluation reads afresh.
 */
export function createRunningCache(ctx: Ctx) {
  const entries = new Map<string, { at: number; set: Promise<RunningSet> }>();

  async function load(ws: string): Promise<RunningSet> {
    const [holdout, rows] = await Promise.all([
      ctx.db.select().from(experimentHoldouts).where(eq(experimentHoldouts.workspaceId, ws)),
      ctx.db
        .select()
        .from(experiments)
        .where(and(eq(experiments.workspaceId, ws), eq(experiments.status, 'running')))
        .orderBy(asc(experiments.startedAt), asc(experiments.id)),
    ]);
    const variants = rows.length
      ? await ctx.db
          .select()
          .from(experimentVariants)
          .where(and(eq(experimentVariants.workspaceId, ws), inArray(experimentVariants.experimentId, rows.map((e) => e.id))))
          .orderBy(asc(experimentVariants.position))
      : [];
    const running = rows.map((row) => {
      const own = variants.filter((v) => v.experimentId === row.id);
      return { row, variants: own, allocation: compileExperiment(row, own), gated: !!(row.eligibilitySegmentId || row.entryStartsAt || row.entryEndsAt) };
    });
    const byFlag = new Map<string, RunningExperiment[]>();
    for (const e of running) byFlag.set(e.row.flagKey, [...(byFlag.get(e.row.flagKey) ?? []), e]);
    const h = holdout[0];
    return { holdout: h && h.share > 0 ? new CompiledHoldout(h) : null, experiments: running, byFlag };
  }

  const drop = (ws: string) => void entries.delete(ws);
  ctx.bus.onBroadcast(CHANGED, (e) => drop(e.workspaceId));

  return {
    get(ws: string): Promise<RunningSet> {
      const now = Date.now();
      const hit = entries.get(ws);
      if (hit && now - hit.at < MAX_AGE_MS) return hit.set;
      if (entries.size >= MAX_WORKSPACES) entries.delete(entries.keys().next().value!);
      const set = load(ws);
      entries.set(ws, { at: now, set });
      // A failed load is not kept: the next evaluation tries again.
      set.catch(() => {
        if (entries.get(ws)?.set === set) entries.delete(ws);
      });
      return set;
    },

    /** After a committed change to the workspace's running set: here now, elsewhere through the bus. */
    async changed(ws: string): Promise<void> {
      drop(ws);
      await ctx.bus.publish(domainEvent(CHANGED, ws, {}));
    },
  };
}

export type RunningCache = ReturnType<typeof createRunningCache>;
