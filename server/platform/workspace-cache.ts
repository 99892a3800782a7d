interface Entry<T> {
  value: Promise<T>;
  loadedAt: number;
  refreshing: boolean;
}

/**
 * Something derived per workspace and kept in memory (compiled campaigns, the lab's running
 * experiments). `forget` is called on every node when a change notice arrives; a result loaded
 * before the notice is then never kept. Past `maxAgeMs` — a safety net for a lost notice — the
 * kept value still answers while a fresh one loads, so a hot path never waits for a reload.
 */
export function createWorkspaceCache<T>(load: (ws: string) => Promise<T>, maxAgeMs: number) {
  const entries = new Map<string, Entry<T>>();
  const generations = new Map<string, number>();
  const generation = (ws: string) => generations.get(ws) ?? 0;

  function start(ws: string): Entry<T> {
    const entry: Entry<T> = { value: load(ws), loadedAt: Date.now(), refreshing: false };
    // A failed load is not kept: the next call tries again.
    entry.value.catch(() => {
      if (entries.get(ws) === entry) entries.delete(ws);
    });
    return entry;
  }

  return {
    get(ws: string): Promise<T> {
      const hit = entries.get(ws);
      if (!hit) {
        const entry = start(ws);
        entries.set(ws, entry);
        return entry.value;
      }
      if (!hit.refreshing && Date.now() - hit.loadedAt >= maxAgeMs) {
        hit.refreshing = true;
        const gen = generation(ws);
        const next = start(ws);
        next.value.then(
          () => {
            if (gen === generation(ws) && entries.get(ws) === hit) entries.set(ws, next);
          },
          () => {
            hit.refreshing = false;
          },
        );
      }
      return hit.value;
    },
    forget(ws: string): void {
      generations.set(ws, generation(ws) + 1);
      entries.delete(ws);
    },
  };
}
