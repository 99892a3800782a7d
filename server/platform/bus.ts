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
  /** Resolves once every listener already started has finished (graceful shutdown). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

const CHANNEL = 'baton:events';

/**
 * In one process, both kinds of listener hear every event. With Redis, `publish` runs local
 * listeners here and sends the event to every node (this one included) for broadcast listeners.
 */
export function createBus(log: Logger, redisUrl?: string): Bus {
  const local = new EventEmitter().setMaxListeners(0);
  const broadcast = new EventEmitter().setMaxListeners(0);

  // Listeners run detached from the publisher; shutdown waits for them so that, say, a webhook
  // fan-out still reaches the job queue before the queue stops.
  const running = new Set<Promise<void>>();
  const emit = (emitter: EventEmitter, event: DomainEvent) => {
    for (const name of [event.type, '*']) {
      for (const l of emitter.listeners(name) as Listener[]) {
        const run: Promise<void> = Promise.resolve()
          .then(() => l(event))
          .catch((err: unknown) => log.error({ err, type: event.type }, 'event listener failed'))
          .finally(() => running.delete(run));
        running.add(run);
      }
    }
  };
  const subscribe = (emitter: EventEmitter) => (type: string, listener: Listener) => {
    emitter.on(type, listener);
    return () => void emitter.off(type, listener);
  };

  let pub: Redis | undefined;
  let sub: Redis | undefined;
  if (redisUrl) {
    pub = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
    sub = new Redis(redisUrl);
    pub.on('error', (err) => log.warn({ err: err.message }, 'redis publisher error'));
    sub.on('error', (err) => log.warn({ err: err.message }, 'redis subscriber error'));
    void sub.subscribe(CHANNEL);
    sub.on('message', (_channel, message: string) => {
      try {
        emit(broadcast, JSON.parse(message) as DomainEvent);
      } catch (err) {
        log.error({ err }, 'bad message on event channel');
      }
    });
  }

  return {
    onLocal: subscribe(local),
    onBroadcast: subscribe(broadcast),
    async publish(event) {
      emit(local, event);
      if (!pub) return emit(broadcast, event);
      try {
        await pub.publish(CHANNEL, JSON.stringify(event));
      } catch (err) {
        // The change is already committed: a lost realtime notice must not fail the request.
        log.warn({ err, type: event.type }, 'could not broadcast event');
      }
    },
    async drain() {
      while (running.size > 0) await Promise.all(running);
    },
    async close() {
      await Promise.all([pub?.quit(), sub?.quit()]);
    },
  };
}
