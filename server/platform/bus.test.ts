import net from 'node:net';
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { createBus, type DomainEvent } from './bus.ts';
import { domainEvent } from './context.ts';
import { gate, waitFor } from './webhooks/testing.ts';

const log = pino({ level: 'silent' });
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const redisReachable = await new Promise<boolean>((resolve) => {
  const { hostname, port } = new URL(REDIS_URL);
  const socket = net.connect(Number(port || 6379), hostname);
  socket.once('connect', () => {
    socket.destroy();
    resolve(true);
  });
  socket.once('error', () => resolve(false));
});

describe('bus (one process)', () => {
  it('delivers to listeners of the type and of *, until they unsubscribe', async () => {
    const bus = createBus(log);
    const heard: string[] = [];
    const off = bus.onLocal('contact.created', (e) => void heard.push(`local:${e.type}`));
    bus.onLocal('*', (e) => void heard.push(`any:${e.type}`));
    bus.onBroadcast('contact.created', (e) => void heard.push(`broadcast:${e.type}`));
    await bus.publish(domainEvent('contact.created', 'w', {}));
    await bus.drain();
    expect(heard.sort()).toEqual(['any:contact.created', 'broadcast:contact.created', 'local:contact.created']);
    off();
    heard.length = 0;
    await bus.publish(domainEvent('contact.created', 'w', {}));
    await bus.drain();
    expect(heard.sort()).toEqual(['any:contact.created', 'broadcast:contact.created']);
    await bus.close();
  });

  it('keeps a failing listener from affecting the others and the publisher', async () => {
    const bus = createBus(log);
    const heard: string[] = [];
    bus.onLocal('*', () => {
      throw new Error('listener bug');
    });
    bus.onLocal('*', (e) => void heard.push(e.id));
    const event = domainEvent('company.updated', 'w', {});
    await expect(bus.publish(event)).resolves.toBeUndefined();
    await bus.drain();
    expect(heard).toEqual([event.id]);
    await bus.close();
  });

  it('drain() waits for listeners still running', async () => {
    const bus = createBus(log);
    const release = gate();
    let done = false;
    bus.onLocal('*', async () => {
      await release.promise;
      done = true;
    });
    await bus.publish(domainEvent('event.tracked', 'w', {}));
    let drained = false;
    const draining = bus.drain().then(() => (drained = true));
    await Promise.resolve();
    expect(drained).toBe(false);
    release.open();
    await draining;
    expect(done).toBe(true);
    await bus.close();
  });
});

describe.skipIf(!redisReachable)('bus across nodes (Redis)', () => {
  it('broadcasts to every node but runs local listeners only where published', async () => {
    const a = createBus(log, REDIS_URL);
    const b = createBus(log, REDIS_URL);
    try {
      const broadcastOnB: DomainEvent[] = [];
      const localOnB: DomainEvent[] = [];
      const localOnA: DomainEvent[] = [];
      b.onBroadcast('*', (e) => void broadcastOnB.push(e));
      b.onLocal('*', (e) => void localOnB.push(e));
      a.onLocal('*', (e) => void localOnA.push(e));
      const event = domainEvent('contact.updated', 'w', { contact: { id: 'c1' } });
      // The subscription is set up asynchronously; publish until node B is listening.
      await waitFor(async () => {
        await a.publish(event);
        return broadcastOnB.length > 0;
      }, 'node B to hear the broadcast');
      expect(broadcastOnB[0]).toEqual(event);
      expect(localOnB).toEqual([]);
      expect(localOnA.length).toBeGreaterThan(0);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
