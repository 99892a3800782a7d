import { describe, expect, it } from 'vitest';
import { createWorkspaceCache } from './workspace-cache.ts';

/** A load whose answers the test hands out one by one. */
function controlledLoad() {
  const pending: ((v: string) => void)[] = [];
  let calls = 0;
  const load = (ws: string) => {
    calls++;
    return new Promise<string>((resolve) => pending.push((v) => resolve(`${ws}:${v}`)));
  };
  return { load, answer: (v: string) => pending.shift()!(v), calls: () => calls };
}

describe('the per-workspace cache', () => {
  it('never keeps a value loaded before a change notice', async () => {
    const l = controlledLoad();
    const cache = createWorkspaceCache(l.load, 60_000);
    const before = cache.get('w');
    cache.forget('w');
    const after = cache.get('w');
    l.answer('old');
    l.answer('new');
    expect(await before).toBe('w:old');
    expect(await after).toBe('w:new');
    expect(await cache.get('w')).toBe('w:new');
    expect(l.calls()).toBe(2);
  });

  it('answers with the kept value while a stale one reloads, then with the fresh one', async () => {
    const l = controlledLoad();
    const cache = createWorkspaceCache(l.load, 0);
    const first = cache.get('w');
    l.answer('1');
    expect(await first).toBe('w:1');
    expect(await cache.get('w')).toBe('w:1'); // stale: starts one reload and still answers
    expect(await cache.get('w')).toBe('w:1'); // the reload is under way: no second one
    expect(l.calls()).toBe(2);
    l.answer('2');
    await expect.poll(() => cache.get('w')).toBe('w:2');
  });

  it('drops a reload that a change notice overtook', async () => {
    const l = controlledLoad();
    const cache = createWorkspaceCache(l.load, 0);
    const first = cache.get('w');
    l.answer('1');
    await first;
    await cache.get('w'); // starts the reload
    cache.forget('w');
    const fresh = cache.get('w');
    l.answer('reloaded-before-change');
    l.answer('after-change');
    expect(await fresh).toBe('w:after-change');
  });
});
