import { sql, type SQL } from 'drizzle-orm';
import type { FlagEvaluation, FlagValue } from '../../contracts/experiments.ts';
import type { CompiledExperiment, CompiledHoldout } from './assignment/allocation.ts';
import { mixKey, type MixedKey } from './assignment/murmur3.ts';
import { registeredFlag } from './flags.ts';
import type { RunningSet } from './running.ts';

type Unit = 'contact' | 'company' | 'visitor';

interface RunningExperiment {
  id: string;
  key: string;
  unit: Unit;
  /** An eligibility segment or entry window: deciding needs the database (see the lab's evaluate). */
  gated: boolean;
  allocation: CompiledExperiment;
  variants: { key: string; value: FlagValue }[];
}

/** A workspace's global holdout and running experiments by flag (oldest first), compiled once. */
export interface LabSnapshot {
  holdout: CompiledHoldout | null;
  byFlag: Map<string, RunningExperiment[]>;
}

export interface Exposure {
  /** The flag whose evaluation exposed the unit. */
  flag: string;
  experimentId: string;
  unitId: string;
  variant: string;
}

/** A decision made in memory, with the first exposures the caller must record. */
export interface SnapshotEvaluation {
  evaluation: FlagEvaluation;
  exposures: Exposure[];
}

/**
 * The lab's flag decision for one set of units over a snapshot, without I/O: the same rules as
 * `ExperimentsService.evaluate` (held-out contacts get the held-out value and no experiment; the
 * oldest running experiment that enrols the unit decides). Returns null when a flag has a gated
 * experiment, which only the lab's evaluate can decide.
 */
export function evaluateSnapshot(snapshot: LabSnapshot, units: Partial<Record<Unit, string>>, flags: readonly string[]): SnapshotEvaluation | null {
  if (anyGated(snapshot, flags)) return null;
  const decider = snapshotDecider(snapshot, units);
  const out: FlagEvaluation['flags'] = {};
  const exposures: Exposure[] = [];
  for (const key of new Set(flags)) {
    const { decided, exposure } = decider.decide(key);
    out[key] = decided;
    if (exposure) exposures.push(exposure);
  }
  return { evaluation: { held_out: decider.heldOut, flags: out }, exposures };
}

/** Whether one of the flags has a gated experiment (eligibility segment, entry window): only the lab's evaluate decides those. */
export function anyGated(snapshot: LabSnapshot, flags: readonly string[]): boolean {
  return flags.some((key) => snapshot.byFlag.get(key)?.some((e) => e.gated) === true);
}

/**
 * The same decisions as `evaluateSnapshot`, one flag at a time, for a caller that stops asking
 * once it has its answer (a campaign decision consults the capped candidates' control groups only
 * until one shows). The caller checks `anyGated` first: a gated experiment is decided as if it
 * were not gated here.
 */
export function snapshotDecider(snapshot: LabSnapshot, units: Partial<Record<Unit, string>>) {
  const contact = units.contact;
  // Each unit's id is mixed once, not once per experiment: a decision asks about dozens of flags.
  const mixed = new Map<string, MixedKey>();
  const keyOf = (unitId: string) => mixed.get(unitId) ?? mixed.set(unitId, mixKey(unitId)).get(unitId)!;
  const heldOut = snapshot.holdout !== null && contact !== undefined && snapshot.holdout.holdsKey(keyOf(contact));
  return {
    heldOut,
    decide(key: string): { decided: FlagEvaluation['flags'][string]; exposure: Exposure | null } {
      const def = registeredFlag(key);
      let fallback: FlagValue | null = (heldOut ? (def?.heldOutValue ?? def?.defaultValue) : def?.defaultValue) ?? null;
      for (const e of snapshot.byFlag.get(key) ?? []) {
        if (fallback === null && !def) fallback = e.variants[0]!.value;
        const unitId = units[e.unit];
        if (unitId === undefined || heldOut) continue;
        const a = e.allocation.assignKey(keyOf(unitId));
        if (!a.enrolled) continue;
        const variant = e.variants.find((v) => v.key === a.variant)!;
        return { decided: { value: variant.value, experiment: e.key, variant: variant.key }, exposure: { flag: key, experimentId: e.id, unitId, variant: variant.key } };
      }
      return { decided: { value: fallback, experiment: null, variant: null }, exposure: null };
    },
  };
}

const snapshots = new WeakMap<RunningSet, LabSnapshot>();

/**
 * The lab as hot paths read it (campaign decisions), made from the running set that flag
 * evaluation caches per node (running.ts): one cache, one invalidation. Built once per set.
 */
export function labSnapshotOf(set: RunningSet): LabSnapshot {
  const known = snapshots.get(set);
  if (known) return known;
  const byFlag = new Map<string, RunningExperiment[]>();
  for (const [flag, list] of set.byFlag) {
    byFlag.set(
      flag,
      list.map((e) => ({
        id: e.row.id,
        key: e.row.key,
        unit: e.row.unit,
        gated: e.gated,
        allocation: e.allocation,
        variants: e.variants.map((v) => ({ key: v.key, value: v.value as FlagValue })),
      })),
    );
  }
  const snapshot = { holdout: set.holdout, byFlag };
  snapshots.set(set, snapshot);
  return snapshot;
}

/**
 * The insert of first exposures, as a statement a caller can run inside its own (one round trip
 * for a whole decision); an exposure already recorded is kept as it was.
 */
export function insertExposures(ws: string, exposures: readonly Exposure[]): SQL {
  const list = JSON.stringify(exposures.map((x) => ({ experiment: x.experimentId, unit: x.unitId, variant: x.variant })));
  return sql`insert into experiment_exposures (workspace_id, experiment_id, unit_id, variant)
    select ${ws}::uuid, x.experiment, x.unit, x.variant from jsonb_to_recordset(${list}::jsonb) as x(experiment uuid, unit text, variant text)
    on conflict do nothing`;
}
