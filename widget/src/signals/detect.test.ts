import { describe, expect, it } from 'vitest';
import { DeadClicks } from './dead.ts';
import { errorSignal } from './error.ts';
import { inSample, SignalBudget } from './limits.ts';
import { QuickBacks } from './quick-back.ts';
import { RageClicks } from './rage.ts';

describe('rage clicks', () => {
  it('three clicks within a second and 30 px are one rage click, reported once per burst', () => {
    const r = new RageClicks();
    expect(r.click(0, 100, 100)).toBeNull();
    expect(r.click(300, 110, 95)).toBeNull();
    expect(r.click(600, 105, 120)).toBe(3);
    expect(r.click(800, 100, 100)).toBeNull();
    // The clicks stopped: the next burst is a new one.
    expect(r.click(5000, 100, 100)).toBeNull();
    expect(r.click(5100, 100, 100)).toBeNull();
    expect(r.click(5200, 100, 100)).toBe(3);
  });

  it('slow clicks, or clicks far apart, are not', () => {
    const slow = new RageClicks();
    expect([0, 600, 1200, 1800].map((t) => slow.click(t, 0, 0))).toEqual([null, null, null, null]);
    const spread = new RageClicks();
    expect([0, 100, 200].map((t, i) => spread.click(t, i * 40, 0))).toEqual([null, null, null]);
  });

  it('counts only the clicks inside the window of a long burst', () => {
    const r = new RageClicks({ clicks: 4, windowMs: 1000, radiusPx: 30 });
    expect([0, 400, 800, 1300].map((t) => r.click(t, 0, 0))).toEqual([null, null, null, null]);
    expect(r.click(1350, 0, 0)).toBe(4);
  });
});

describe('dead clicks', () => {
  it('a click with no change within a second is dead; a change after it clears it', () => {
    const d = new DeadClicks<string>();
    d.click(0, 'a');
    d.click(100, 'b');
    d.changed(50);
    expect(d.due(1000)).toEqual([]);
    expect(d.due(1100)).toEqual(['b']);
    d.changed(1050);
    expect(d.due(5000)).toEqual([]);
  });

  it('a change before the click does not count for it', () => {
    const d = new DeadClicks<string>(1000);
    d.changed(10);
    d.click(20, 'x');
    expect(d.due(1020)).toEqual(['x']);
    expect(d.due(3000)).toEqual([]);
  });
});

describe('quick backs', () => {
  it('going back twice within seconds of arriving is a signal; once is not', () => {
    const q = new QuickBacks();
    expect(q.arrive('/a', 0)).toBeNull();
    expect(q.arrive('/b', 1000)).toBeNull();
    expect(q.arrive('/a', 3000)).toBeNull();
    expect(q.arrive('/c', 10_000)).toBeNull();
    expect(q.arrive('/a', 12_500)).toEqual({ path: '/a', pages: ['/b', '/c'], seconds: 2.5 });
    // Counted afresh after a signal.
    expect(q.arrive('/d', 13_000)).toBeNull();
    expect(q.arrive('/a', 14_000)).toBeNull();
  });

  it('a page read for longer, a forward move or the same path again are not quick backs', () => {
    const q = new QuickBacks();
    q.arrive('/a', 0);
    q.arrive('/b', 1000);
    expect(q.arrive('/a', 60_000)).toBeNull();
    expect(q.arrive('/a', 60_500)).toBeNull();
    q.arrive('/c', 61_000);
    expect(q.arrive('/d', 62_000)).toBeNull();
    expect(q.state.backs).toEqual([]);
  });

  it('quick backs further apart than the window do not add up; state survives a page load', () => {
    const q = new QuickBacks();
    q.arrive('/a', 0);
    q.arrive('/b', 1000);
    q.arrive('/a', 2000);
    const reloaded = new QuickBacks(JSON.parse(JSON.stringify(q.state)));
    reloaded.arrive('/b', 10 * 60_000);
    expect(reloaded.arrive('/a', 10 * 60_000 + 1000)).toBeNull();
    reloaded.arrive('/c', 10 * 60_000 + 2000);
    expect(reloaded.arrive('/a', 10 * 60_000 + 3000)).toMatchObject({ pages: ['/b', '/c'] });
    expect(new QuickBacks({ nonsense: true } as never).state).toEqual({ visits: [], backs: [] });
  });
});

describe('sampling and budget', () => {
  it('a visitor is always in or out of the sample; the share follows the rate', () => {
    const ids = Array.from({ length: 4000 }, (_, i) => `visitor-${i}`);
    expect(ids.every((id) => inSample(id, 1))).toBe(true);
    expect(ids.some((id) => inSample(id, 0))).toBe(false);
    const share = ids.filter((id) => inSample(id, 0.3)).length / ids.length;
    expect(share).toBeGreaterThan(0.27);
    expect(share).toBeLessThan(0.33);
    expect(inSample('visitor-7', 0.5)).toBe(inSample('visitor-7', 0.5));
  });

  it('the same signal on the same element waits out a cooldown; a page load sends at most max', () => {
    const b = new SignalBudget(3, 10_000);
    expect(b.allow('dead:#pay', 0)).toBe(true);
    expect(b.allow('dead:#pay', 5000)).toBe(false);
    expect(b.allow('rage:#pay', 5000)).toBe(true);
    expect(b.allow('dead:#pay', 10_000)).toBe(true);
    expect(b.allow('dead:#other', 10_000)).toBe(false);
  });
});

describe('reported errors', () => {
  it('takes the message and name of an Error, a string, and only short primitive properties', () => {
    expect(errorSignal(new TypeError('x is undefined'), { step: 2, ok: false, nested: { a: 1 }, long: 'y'.repeat(300) }, '/p')).toEqual({
      kind: 'error', path: '/p', message: 'x is undefined', error_name: 'TypeError', properties: { step: 2, ok: false, long: 'y'.repeat(200) },
    });
    expect(errorSignal('Export failed', undefined, '/')).toEqual({ kind: 'error', path: '/', message: 'Export failed' });
    expect(errorSignal('   ', null, '/').message).toBe('Error');
  });
});
