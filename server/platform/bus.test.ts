import net from 'node:net';
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { createBus, type DomainEvent } from './bus.ts';
import { domainEvent } from './context.ts';
import { newId } from './ids.ts';
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

  it('hands a published list to each listener in order, one event at a time, past a failure', async () => {
    const bus = createBus(log);
    const heard: string[] = [];
    let active = 0;
    bus.onLocal('event.tracked', async (e) => {
      active++;
      heard.push(`start:${e.id}:${active}`);
      await Promise.resolve();
      active--;
      if (e.id === 'b') throw new Error('listener bug');
    });
    bus.onBroadcast('*', (e) => void heard.push(`broadcast:${e.id}`));
    const events = ['a', 'b', 'c'].map((id) => ({ ...domainEvent('event.tracked', 'w', {}), id }));
    await bus.publishAll(events);
    await bus.drain();
    expect(heard.filter((h) => h.startsWith('start'))).toEqual(['start:a:1', 'start:b:1', 'start:c:1']);
    expect(heard.filter((h) => h.startsWith('broadcast'))).toEqual(['broadcast:a', 'broadcast:b', 'broadcast:c']);
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
    const a = createBus(log, { url: REDIS_URL, prefix: 'baton:' });
    const b = createBus(log, { url: REDIS_URL, prefix: 'baton:' });
    try {
      // The channel is every node's on this Redis: test files running beside this one (and their
      // two-node Batons) publish on it too. Only this test's workspace counts.
      const ws = `bus-test-${newId()}`;
      const broadcastOnB: DomainEvent[] = [];
      const localOnB: DomainEvent[] = [];
      const localOnA: DomainEvent[] = [];
      b.onBroadcast('*', (e) => void broadcastOnB.push(e));
      b.onLocal('*', (e) => void localOnB.push(e));
      a.onLocal('*', (e) => void localOnA.push(e));
      const heardOnB = () => broadcastOnB.filter((e) => e.workspaceId === ws);
      const event = domainEvent('contact.updated', ws, { contact: { id: 'c1' } });
      // The subscription is set up asynchronously; publish until node B is listening.
      await waitFor(async () => {
        await a.publish(event);
        return heardOnB().length > 0;
      }, 'node B to hear the broadcast');
      expect(heardOnB()[0]).toEqual(event);
      expect(localOnB).toEqual([]);
      expect(localOnA.length).toBeGreaterThan(0);

      const list = ['x', 'y'].map((id) => ({ ...domainEvent('event.tracked', ws, {}), id }));
      const from = heardOnB().length;
      await a.publishAll(list);
      await waitFor(() => heardOnB().filter((e) => e.type === 'event.tracked').length >= 2, 'node B to hear the list');
      expect(heardOnB().slice(from).filter((e) => e.type === 'event.tracked')).toEqual(list);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('keeps deployments with different REDIS_PREFIX apart on one Redis', async () => {
    const mine = `bus-a-${newId()}:`;
    const theirs = `bus-b-${newId()}:`;
    const a = createBus(log, { url: REDIS_URL, prefix: mine });
    const a2 = createBus(log, { url: REDIS_URL, prefix: mine });
    const b = createBus(log, { url: REDIS_URL, prefix: theirs });
    try {
      const onA2: DomainEvent[] = [];
      const onB: DomainEvent[] = [];
      a2.onBroadcast('*', (e) => void onA2.push(e));
      b.onBroadcast('*', (e) => void onB.push(e));
      const ours = domainEvent('contact.updated', 'ws-shared-name', { from: 'a' });
      await waitFor(async () => {
        await a.publish(ours);
        return onA2.length > 0;
      }, 'the node with the same prefix to hear the broadcast');
      // Redis hands a subscriber messages in the order it published them: once B hears its own
      // event, published after all of A's, any of A's that reached B would already be there.
      const own = domainEvent('contact.updated', 'ws-shared-name', { from: 'b' });
      await waitFor(async () => {
        await b.publish(own);
        return onB.length > 0;
      }, 'the other deployment to hear its own broadcast');
      expect(onA2.every((e) => e.id === ours.id)).toBe(true);
      expect(onB.every((e) => e.id === own.id)).toBe(true);
    } finally {
      await Promise.all([a.close(), a2.close(), b.close()]);
    }
  });
});
