import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from './db.ts';

export type JobHandler<T> = (data: T, meta: { id: string; retryCount: number }) => Promise<void>;

/** The data of a job sent by `gather`. */
export interface Gathered {
  key: string;
  items: string[];
}

export interface QueueOptions {
  /** How many times a failed job is tried again, with exponential backoff from `retryDelaySeconds` (0: at once). */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** Jobs of this queue handled at once on each worker node. */
  concurrency?: number;
  /** Also run the job (with empty data) on this cron schedule, in UTC, once across all nodes. */
  cron?: string;
}

export interface Jobs {
  /** Declares a queue and, on worker nodes, starts working it. Call before `start`. */
  define<T extends object>(name: string, handler: JobHandler<T>, opts?: QueueOptions): void;
  /**
   * `singletonSeconds` with a `singletonKey` keeps one job per key per time slot: later sends in
   * the slot return null. Pair it with `startAfterSeconds` ≥ the slot so the one job runs after
   * every change the dropped sends stood for has committed.
   */
  send<T extends object>(name: string, data: T, opts?: { startAfterSeconds?: number; singletonKey?: string; singletonSeconds?: number }): Promise<string | null>;
  /**
   * Collects `item` under `key` on this node and sends one job `{ key, items }` for everything
   * collected in the `settleSeconds` after the first item (or at once when `max` are collected),
   * for work that is cheaper done for many items at once than for each. What a node collects is
   * in its memory until then, so a queue fed this way needs a sweep for a node that stops hard;
   * a graceful stop sends what is collected.
   */
  gather(name: string, key: string, item: string, opts: { settleSeconds: number; max: number }): void;
  start(opts: { work: boolean }): Promise<void>;
  /** Sends what is gathered, stops taking jobs and waits for the running ones to finish. */
  stop(): Promise<void>;
}

/**
 * Every idle worker polls its queue: 27 queues at the old 0.5 s made ~54 queries a second on an
 * idle node. Jobs sent on this node wake their worker directly (see `wake`), so polling only
 * covers other nodes' jobs, delays and crons, none of which needs sub-second pickup.
 */
const POLL_SECONDS = 2;
const CRON_POLL_SECONDS = 15;
const WAKE_MAX_DELAY_SECONDS = 60;

function retryOptions(opts: QueueOptions) {
  const retryDelay = opts.retryDelaySeconds ?? 5;
  return {
    retryLimit: opts.retryLimit ?? 5,
    retryDelay,
    // pg-boss raises a backoff delay of 0 to 1 s; a delay of 0 means "retry at once" (tests).
    retryBackoff: retryDelay > 0,
  };
}

interface Definition {
  handler: JobHandler<object>;
  opts: QueueOptions;
}

/**
 * Durable jobs on the application database through pg-boss. On PGlite pg-boss talks through our
 * own executor: scripts without parameters (its schema set-up) go through `exec`, the rest
 * through parameterised `query`.
 */
export function createJobs(database: Database, log: Logger): Jobs {
  // pg-boss's graceful stop waits only for workers holding jobs: a worker whose fetch is still
  // in flight comes back after stop() with jobs it has already marked active, and would run
  // them against a closed database. Every query pg-boss makes and every batch we run is
  // tracked, so stop() returns only when nothing is left in flight.
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    work.then(
      () => inFlight.delete(work),
      () => inFlight.delete(work),
    );
    return work;
  };
  const boss = new PgBoss({
    db: {
      executeSql: (text: string, values?: unknown[]) => track(executeSql(text, values)),
    },
    schema: 'pgboss',
    supervise: true,
  } as ConstructorParameters<typeof PgBoss>[0]);

  async function executeSql(text: string, values?: unknown[]) {
    if (database.driver === 'pglite' && (!values || values.length === 0)) {
      // exec() runs multi-statement scripts; a single SELECT through it still returns rows.
      const r = await database.query(text).catch(async (err: unknown) => {
        if (String((err as Error).message).includes('cannot insert multiple commands')) {
          await database.exec(text);
          return { rows: [], rowCount: 0 };
        }
        throw err;
      });
      return r;
    }
    return database.query(text, values);
  }
  boss.on('error', (err: Error) => log.error({ err }, 'job queue error'));

  const definitions = new Map<string, Definition>();
  const workers = new Map<string, string>();
  const wakeTimers = new Set<NodeJS.Timeout>();
  const gathering = new Map<string, { name: string; key: string; items: Set<string>; timer: NodeJS.Timeout }>();
  let started = false;

  /**
   * A job sent from this node starts at once (or when its short delay is up) instead of at the
   * queue's next poll; jobs from other nodes and long delays are found by polling.
   */
  function wake(name: string, afterSeconds: number) {
    const workerId = workers.get(name);
    if (!workerId || afterSeconds > WAKE_MAX_DELAY_SECONDS) return;
    if (afterSeconds <= 0) return boss.notifyWorker(workerId);
    const timer = setTimeout(() => {
      wakeTimers.delete(timer);
      boss.notifyWorker(workerId);
    }, afterSeconds * 1000 + 50);
    timer.unref();
    wakeTimers.add(timer);
  }

  async function send<T extends object>(name: string, data: T, opts: { startAfterSeconds?: number; singletonKey?: string; singletonSeconds?: number } = {}) {
    const def = definitions.get(name);
    if (!def) throw new Error(`unknown queue ${name}`);
    const id = await boss.send(name, data, {
      ...retryOptions(def.opts),
      startAfter: opts.startAfterSeconds,
      singletonKey: opts.singletonKey,
      singletonSeconds: opts.singletonSeconds,
    });
    if (id) wake(name, opts.startAfterSeconds ?? 0);
    return id;
  }

  function sendGathered(slot: string): Promise<unknown> {
    const g = gathering.get(slot);
    if (!g) return Promise.resolve();
    gathering.delete(slot);
    clearTimeout(g.timer);
    const data: Gathered = { key: g.key, items: [...g.items] };
    return send(g.name, data).catch((err: unknown) => log.error({ err, queue: g.name, key: g.key }, 'gathered job not sent'));
  }

  return {
    define(name, handler, opts = {}) {
      if (started) throw new Error(`queue ${name} defined after start`);
      definitions.set(name, { handler: handler as JobHandler<object>, opts });
    },
    send,
    gather(name, key, item, { settleSeconds, max }) {
      if (!definitions.has(name)) throw new Error(`unknown queue ${name}`);
      const slot = `${name}\u0000${key}`;
      let g = gathering.get(slot);
      if (!g) {
        const timer = setTimeout(() => void sendGathered(slot), settleSeconds * 1000);
        timer.unref();
        g = { name, key, items: new Set(), timer };
        gathering.set(slot, g);
      }
      g.items.add(item);
      if (g.items.size >= max) void sendGathered(slot);
    },
    async start({ work }) {
      await boss.start();
      for (const [name, def] of definitions) {
        await boss.createQueue(name);
        if (def.opts.cron) await boss.schedule(name, def.opts.cron, {}, retryOptions(def.opts));
        if (!work) continue;
        const batchSize = def.opts.concurrency ?? 4;
        const workerId = await boss.work<object>(
          name,
          { batchSize, pollingIntervalSeconds: def.opts.cron ? CRON_POLL_SECONDS : POLL_SECONDS, includeMetadata: true },
          async (jobs) => {
            const failed = await track(runBatch(name, def, jobs));
            // A full batch means more may be waiting: fetch again instead of sleeping. A failed
            // job is looked for again when its retry is due, but never at once: pg-boss sends its
            // own (redundant) completion of the batch after this returns without awaiting it, and
            // a fetch overtaking it on another connection would have the retry marked completed.
            if (failed > 0) wake(name, Math.max(1, retryOptions(def.opts).retryDelay));
            else if (jobs.length === batchSize) boss.notifyWorker(workerId);
          },
        );
        workers.set(name, workerId);
      }
      started = true;
    },
    async stop() {
      if (!started) return;
      started = false;
      await Promise.all([...gathering.keys()].map(sendGathered));
      for (const timer of wakeTimers) clearTimeout(timer);
      wakeTimers.clear();
      await boss.stop({ graceful: true, wait: true, timeout: 15_000 });
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };

  /** Runs a batch and settles each of its jobs; returns how many failed (they wait for a retry). */
  async function runBatch(name: string, def: Definition, jobs: PgBoss.JobWithMetadata<object>[]): Promise<number> {
    const results = await Promise.allSettled(
      jobs.map((j) => def.handler(j.data, { id: j.id, retryCount: j.retryCount })),
    );
    // Each job settles on its own (one failure must not retry its neighbours), and before
    // this callback returns: pg-boss 10 does not await its own completion query, so
    // without this a graceful stop could close the database under it and leave the job
    // active, to be run again after it expires.
    await Promise.all(
      results.map((r, i) =>
        r.status === 'rejected'
          ? boss.fail(name, jobs[i]!.id, { message: String((r.reason as Error)?.message ?? r.reason) })
          : boss.complete(name, jobs[i]!.id),
      ),
    );
    return results.filter((r) => r.status === 'rejected').length;
  }
}
