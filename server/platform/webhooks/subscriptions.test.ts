import { describe, expect, it } from 'vitest';
import { createSubscriptionCache, type Subscription } from './subscriptions.ts';

describe('subscription cache', () => {
  it('loads a workspace once for a burst of events and again after forget', async () => {
    const loads: string[] = [];
    const cache = createSubscriptionCache(async (workspaceId): Promise<Subscription[]> => {
      loads.push(workspaceId);
      return [{ workspaceId, id: `hook-${loads.length}`, eventTypes: ['event.tracked'] }];
    });
    const burst = await Promise.all([cache.get('w1'), cache.get('w1'), cache.get('w1'), cache.get('w2')]);
    expect(loads).toEqual(['w1', 'w2']);
    expect(burst[0]).toBe(burst[2]);
    cache.forget('w1');
    expect((await cache.get('w1'))[0]!.id).toBe('hook-3');
  });

  it('does not keep a failed load', async () => {
    let fail = true;
    const cache = createSubscriptionCache(async () => {
      if (fail) throw new Error('database down');
      return [];
    });
    await expect(cache.get('w')).rejects.toThrow('database down');
    fail = false;
    await expect(cache.get('w')).resolves.toEqual([]);
  });
});
