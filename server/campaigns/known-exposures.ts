import type { Exposure } from '../experiments/snapshot.ts';

/**
 * The lab exposures this node has already written. An exposure is a first exposure (the insert
 * does nothing on conflict), so writing it again at every page view of the same contact changes
 * nothing but costs a write: a decision leaves out those it knows are stored, and a page view that
 * hands out nothing new writes nothing at all. Bounded: past `max` the oldest are forgotten, which
 * only means one more harmless insert. Entries are added after the write commits, never before.
 */
export function createKnownExposures(max = 200_000) {
  const known = new Set<string>();
  const key = (ws: string, x: Exposure) => `${ws}/${x.experimentId}/${x.unitId}`;
  return {
    unknown(ws: string, exposures: readonly Exposure[]): Exposure[] {
      return exposures.filter((x) => !known.has(key(ws, x)));
    },
    remember(ws: string, exposures: readonly Exposure[]): void {
      for (const x of exposures) {
        const k = key(ws, x);
        known.delete(k);
        known.add(k);
      }
      // A Set iterates in insertion order: the first entries are the oldest.
      for (const k of known) {
        if (known.size <= max) break;
        known.delete(k);
      }
    },
  };
}
