import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** A fact that happened in a workspace, published only after its transaction committed. */
export interface DomainEvent<T = Record<string, unknown>> {
  id: string;
  type: string;
  workspaceId: string;
  at: string;
  data: T;
}

export type Listener = (event: DomainEvent) => void | Promise<void>;

export interface Bus {
  /** Runs on this node only: side effects that must happen once (webhooks, jobs). */
  onLocal(type: string | '*', listener: Listener): () => void;
  /** Runs on every node: realtime fan-out to the clients connected there. */
  onBroadcast(type: string | '*', listener: Listener): () => void;
  publish(event: DomainEvent): Promise<void>;
  /**
   * Publishes events in order as one unit: each listener works through them in one task, and
   * with Redis they travel as one message. A batch of 100 tracked events costs one promise chain
   * (and one Redis PUBLISH) rather than a hundred.
   */
  publishAll(events: readonly DomainEvent[]): Promise<void>;
  /** Resolves once every listener already started has finished (graceful shutdown). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/**
 * In one process, both kinds of listener hear every event. With Redis, `publish` runs local
 * listeners here and sends the events to every node (this one included) for broadcast listeners.
 * The channel starts with the deployment's prefix: nodes of another Baton on the same Redis
 * hear none of this one's events.
 */
export function createBus(log: Logger, redis?: { url: string; prefix: string }): Bus {
  const channel = redis ? `${redis.prefix}events` : '';
  const local = new EventEmitter().setMaxListeners(0);
  const broadcast = new EventEmitter().setMaxListeners(0);

  // Listeners run detached from the publisher; shutdown waits for them so that, say, a webhook
  // fan-out still reaches the job queue before the queue stops. Each listener hears a list of
  // events in order, one after another, in a task of its own.
  const running = new Set<Promise<void>>();
  const emit = (emitter: EventEmitter, events: readonly DomainEvent[]) => {
    const work = new Map<Listener, DomainEvent[]>();
    for (const event of events) {
      for (const name of [event.type, '*']) {
        for (const l of emitter.listeners(name) as Listener[]) {
          const list = work.get(l);
          if (list) list.push(event);
          else work.set(l, [event]);
        }
      }
    }
    for (const [l, list] of work) {
      const run: Promise<void> = Promise.resolve()
        .then(async () => {
          for (const event of list) {
            try {
              await l(event);
            } catch (err) {
              log.error({ err, type: event.type }, 'event listener failed');
            }
          }
        })
        .finally(() => running.delete(run));
      running.add(run);
    }
  };
  const subscribe = (emitter: EventEmitter) => (type: string, listener: Listener) => {
    emitter.on(type, listener);
    return () => void emitter.off(type, listener);
  };

  let pub: Redis | undefined;
  let sub: Redis | undefined;
  if (redis) {
    pub = new Redis(redis.url, { lazyConnect: false, maxRetriesPerRequest: 3 });
    sub = new Redis(redis.url);
    pub.on('error', (err) => log.warn({ err: err.message }, 'redis publisher error'));
    sub.on('error', (err) => log.warn({ err: err.message }, 'redis subscriber error'));
    // Rejects only when the connection closes first (a shutdown during start), never silently
    // otherwise: ioredis queues the command until it connects and resubscribes after reconnects.
    sub.subscribe(channel).catch((err: unknown) => log.warn({ err }, 'could not subscribe to the event channel'));
    sub.on('message', (_channel, message: string) => {
      try {
        emit(broadcast, JSON.parse(message) as DomainEvent[]);
      } catch (err) {
        log.error({ err }, 'bad message on event channel');
      }
    });
  }

  const publishAll = async (events: readonly DomainEvent[]): Promise<void> => {
    if (events.length === 0) return;
    // Realtime fan-out first: the local listeners' side work (webhooks, jobs) can wait a moment.
    if (!pub) emit(broadcast, events);
    emit(local, events);
    if (!pub) return;
    try {
      await pub.publish(channel, JSON.stringify(events));
    } catch (err) {
      // The change is already committed: a lost realtime notice must not fail the request.
      log.warn({ err, types: [...new Set(events.map((e) => e.type))] }, 'could not broadcast events');
    }
  };

  return {
    onLocal: subscribe(local),
    onBroadcast: subscribe(broadcast),
    publish: (event) => publishAll([event]),
    publishAll,
    async drain() {
      while (running.size > 0) await Promise.all(running);
    },
    async close() {
      // A connection Redis already closed has nothing left to quit.
      const quit = (r: Redis | undefined) => r?.quit().catch(() => undefined);
      await Promise.all([quit(pub), quit(sub)]);
    },
  };
}
