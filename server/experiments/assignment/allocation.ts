import { hashMixed, mixKey, murmur3, type MixedKey } from './murmur3.ts';

/**
 * Deterministic assignment of units to experiments, shared unchanged by the server, the REST flag
 * evaluation and the Messenger (pure, synchronous, no Node APIs).
 *
 * A unit's bucket for a purpose is murmur3_32(utf8(unit id), seed) / 2³², where the seed is
 * murmur3_32(utf8("<salt>:<purpose>"), 0). Every decision has its own purpose, so the decisions
 * are independent of each other:
 *   1. global holdout — bucket(holdout salt, "holdout") < share: kept away from every experiment;
 *   2. layer — bucket(layer salt, "layer") in the experiment's [start, end): experiments of one
 *      layer own disjoint ranges, so a unit is in at most one of them;
 *   3. traffic — bucket(experiment salt, "traffic") < traffic: raising the traffic only adds units,
 *      nobody already enrolled changes arm;
 *   4. variant — bucket(experiment salt, "variant") against the cumulative weights.
 * Same inputs, same answer, on every device and after every restart: nothing is stored to decide.
 */

const TWO_32 = 4294967296;

export interface VariantWeight {
  key: string;
  weight: number;
}

export interface LayerRange {
  salt: string;
  /** This experiment's half-open share [start, end) of the layer's buckets. */
  start: number;
  end: number;
}

export interface ExperimentAllocation {
  salt: string;
  /** Share of the eligible units (past the holdout and the layer) enrolled, 0…1. */
  traffic: number;
  variants: VariantWeight[];
  layer?: LayerRange;
}

export interface HoldoutAllocation {
  salt: string;
  /** Share of all units held out, 0…1. */
  share: number;
}

export type Assignment =
  | { enrolled: true; variant: string }
  | { enrolled: false; reason: 'global_holdout' | 'layer' | 'traffic' };

/** The seed of one decision: murmur3 of "<salt>:<purpose>". */
export const decisionSeed = (salt: string, purpose: string): number => murmur3(`${salt}:${purpose}`);

/** A unit's bucket in [0, 1) for a decision seed. */
export const bucketOf = (seed: number, unitId: string): number => murmur3(unitId, seed) / TWO_32;

/** bucketOf over an id already mixed (mixKey): one pass over the id for all of a unit's decisions. */
const bucketOfKey = (seed: number, key: MixedKey): number => hashMixed(key, seed) / TWO_32;

// Shared, frozen results: evaluation allocates nothing per unit.
const NOT_ENROLLED = {
  global_holdout: Object.freeze({ enrolled: false, reason: 'global_holdout' }),
  layer: Object.freeze({ enrolled: false, reason: 'layer' }),
  traffic: Object.freeze({ enrolled: false, reason: 'traffic' }),
} as const satisfies Record<string, Assignment>;

const share = (value: number, what: string) => {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${what} must be between 0 and 1, got ${value}`);
  return value;
};

/** An allocation with its seeds and cumulative weights worked out once, ready for hot paths. */
export class CompiledExperiment {
  private readonly trafficSeed: number;
  private readonly variantSeed: number;
  private readonly layerSeed: number | undefined;
  private readonly enrolled: Assignment[];
  private readonly upper: Float64Array;

  constructor(readonly allocation: ExperimentAllocation) {
    share(allocation.traffic, 'traffic');
    if (allocation.variants.length === 0) throw new RangeError('an experiment needs at least one variant');
    const total = allocation.variants.reduce((sum, v) => {
      if (!(v.weight > 0 && Number.isFinite(v.weight))) throw new RangeError(`weight of ${v.key} must be a positive number`);
      return sum + v.weight;
    }, 0);
    this.trafficSeed = decisionSeed(allocation.salt, 'traffic');
    this.variantSeed = decisionSeed(allocation.salt, 'variant');
    this.enrolled = allocation.variants.map((v) => Object.freeze({ enrolled: true, variant: v.key }));
    this.upper = new Float64Array(allocation.variants.length);
    let acc = 0;
    allocation.variants.forEach((v, i) => (this.upper[i] = acc += v.weight / total));
    this.upper[this.upper.length - 1] = 1;
    const { layer } = allocation;
    if (layer) {
      share(layer.start, 'layer start');
      share(layer.end, 'layer end');
      if (!(layer.start < layer.end)) throw new RangeError('layer range must not be empty');
    }
    this.layerSeed = layer ? decisionSeed(layer.salt, 'layer') : undefined;
  }

  /** The unit's assignment, ignoring any global holdout (see assign). */
  assign(unitId: string): Assignment {
    return this.assignKey(mixKey(unitId));
  }

  /** assign over the unit id's mixed key. */
  assignKey(key: MixedKey): Assignment {
    const { layer } = this.allocation;
    if (layer) {
      const b = bucketOfKey(this.layerSeed!, key);
      if (b < layer.start || b >= layer.end) return NOT_ENROLLED.layer;
    }
    if (bucketOfKey(this.trafficSeed, key) >= this.allocation.traffic) return NOT_ENROLLED.traffic;
    const b = bucketOfKey(this.variantSeed, key);
    let i = 0;
    while (b >= this.upper[i]!) i++;
    return this.enrolled[i]!;
  }
}

export class CompiledHoldout {
  private readonly seed: number;

  constructor(readonly allocation: HoldoutAllocation) {
    share(allocation.share, 'holdout share');
    this.seed = decisionSeed(allocation.salt, 'holdout');
  }

  holds(unitId: string): boolean {
    return bucketOf(this.seed, unitId) < this.allocation.share;
  }

  holdsKey(key: MixedKey): boolean {
    return bucketOfKey(this.seed, key) < this.allocation.share;
  }
}

/** The unit's assignment to an experiment, with the global holdout applied first; the id is mixed once. */
export function assign(experiment: CompiledExperiment, unitId: string, holdout?: CompiledHoldout): Assignment {
  const key = mixKey(unitId);
  if (holdout?.holdsKey(key)) return NOT_ENROLLED.global_holdout;
  return experiment.assignKey(key);
}

/**
 * Consecutive, non-overlapping ranges of one layer for experiments wanting the given shares of it
 * (shares may add up to less than 1; the rest of the layer runs none of them).
 */
export function layerRanges(salt: string, shares: readonly number[]): LayerRange[] {
  let start = 0;
  return shares.map((s) => {
    share(s, 'layer share');
    const end = start + s;
    if (end > 1 + 1e-12) throw new RangeError('layer shares add up to more than 1');
    const range = { salt, start, end: Math.min(1, end) };
    start = end;
    return range;
  });
}
