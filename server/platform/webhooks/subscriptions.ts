/** What fan-out needs to know about one active webhook. */
export interface Subscription {
  workspaceId: string;
  id: string;
  eventTypes: string[];
}

/** How long another node's change to a workspace's webhooks may go unseen here. */
const TTL_MS = 5_000;
const MAX_WORKSPACES = 10_000;

/**
 * Every domain event (each tracked event included) asks which webhooks want it; answering from
 * memory keeps that off the database on the ingestion path. Changes made on this node apply at
 * once (`forget`); changes made on other nodes within TTL_MS.
 */
export function createSubscriptionCache(load: (workspaceId: string) => Promise<Subscription[]>) {
  const entries = new Map<string, { until: number; subs: Promise<Subscription[]>; settled?: Subscription[] }>();
  return {
    /**
     * `via` loads on the caller's transaction: on PGlite's single connection, a transaction that
     * waited for a load on the pool (its own or another caller's, still in flight) would wait for itself.
     */
    get(workspaceId: string, via?: (workspaceId: string) => Promise<Subscription[]>): Promise<Subscription[]> {
      const now = Date.now();
      const hit = entries.get(workspaceId);
      if (hit && hit.until > now) {
        if (hit.settled) return Promise.resolve(hit.settled);
        if (!via) return hit.subs;
      }
      if (entries.size >= MAX_WORKSPACES) entries.clear();
      // The promise is cached, so a burst of events for one workspace makes one query.
      const subs = (via ?? load)(workspaceId);
      const entry: { until: number; subs: Promise<Subscription[]>; settled?: Subscription[] } = { until: now + TTL_MS, subs };
      entries.set(workspaceId, entry);
      subs.then(
        (value) => void (entry.settled = value),
        () => entries.get(workspaceId) === entry && entries.delete(workspaceId),
      );
      return subs;
    },
    forget(workspaceId: string): void {
      entries.delete(workspaceId);
    },
  };
}
