import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CampaignTrigger, DecideTrigger } from '../../contracts/campaigns.ts';
import { buildIndex, candidates } from './live-index.ts';
import type { CampaignRecord } from './records.ts';
import { byRank, ranked, select, toLive, type ContactState } from './select.ts';

const segment = fc.constantFrom('projects', 'billing', 'settings', 'a*', 'x', '*', '**', '');
const pattern = fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => `/${parts.join('/')}`);
const path = fc.array(fc.constantFrom('projects', 'billing', 'settings', 'ab', 'x', '1'), { minLength: 0, maxLength: 3 }).map((p) => `/${p.join('/')}`);

const trigger: fc.Arbitrary<CampaignTrigger> = fc.oneof(
  fc.constant({ type: 'page_view', delay_seconds: 0 } as const),
  fc.constantFrom('a', 'b').map((event) => ({ type: 'event', event }) as const),
  fc.constant({ type: 'frustration', signal: 'rage_click' } as const),
  fc.constant({ type: 'segment_entered', segment_id: '0193a1b2-0000-7000-8000-000000000001' } as const),
);
const request: fc.Arbitrary<DecideTrigger> = fc.oneof(
  fc.constant({ type: 'page_view' } as const),
  fc.constantFrom('a', 'b').map((event) => ({ type: 'event', event }) as const),
  fc.constant({ type: 'frustration', signal: 'rage_click' } as const),
);

const campaign = fc.record({ trigger, include: fc.array(pattern, { maxLength: 3 }), exclude: fc.array(pattern, { maxLength: 1 }), priority: fc.integer({ min: 0, max: 3 }) });

const state: ContactState = {
  segments: new Map([['0193a1b2-0000-7000-8000-000000000001', new Date(1)]]),
  deliveries: new Map(),
  cappedSeenSession: 0,
  cappedSeenWeek: 0,
  openConversation: false,
  unsubscribed: false,
  timeZone: null,
};
const settings = { max_per_session: 1, max_per_week: 3, quiet_hours: null, color: '#000000' };

function record(i: number, c: { trigger: CampaignTrigger; include: string[]; exclude: string[]; priority: number }): CampaignRecord {
  return {
    workspaceId: '0193a1b2-0000-7000-8000-00000000000a',
    id: `0193a1b2-0000-7000-8000-${String(i).padStart(12, '0')}`,
    type: 'banner',
    state: 'live',
    name: `c${i}`,
    audienceSegmentId: null,
    trigger: c.trigger,
    pages: { include: c.include, exclude: c.exclude },
    schedule: { starts_at: null, ends_at: null, days: [], hours: null },
    frequency: { max_shows: 1, min_hours_between: 0, stop_after_dismiss: true, capped: i % 2 === 0 },
    priority: c.priority,
    goal: null,
    controlPct: 0,
    defaultLocale: 'en',
    content: { en: { body: 'x' } },
    experimentId: null,
    startedAt: new Date(0),
    createdAt: new Date(0),
    updatedAt: new Date(0),
  };
}

describe('the live campaign index', () => {
  it('selects exactly what a scan over every live campaign selects, in the same order', () => {
    fc.assert(
      fc.property(fc.array(campaign, { maxLength: 40 }), path, request, (list, p, t) => {
        const live = list.map((c, i) => toLive(record(i, c)));
        const req = { path: p, trigger: t, now: new Date(10) };
        const scanned = select(ranked(live), state, settings, req);
        const indexed = select(candidates(buildIndex(live), t, p), state, settings, req);
        expect(indexed.capped.map((c) => c.id)).toEqual(scanned.capped.map((c) => c.id));
        expect(indexed.uncapped.map((c) => c.id)).toEqual(scanned.uncapped.map((c) => c.id));
      }),
      { numRuns: 500 },
    );
  });

  it('looks only at the bucket of the page and trigger', () => {
    const live = [
      toLive(record(1, { trigger: { type: 'page_view', delay_seconds: 0 }, include: ['/billing/**'], exclude: [], priority: 1 })),
      toLive(record(2, { trigger: { type: 'page_view', delay_seconds: 0 }, include: ['/settings'], exclude: [], priority: 1 })),
      toLive(record(3, { trigger: { type: 'page_view', delay_seconds: 0 }, include: [], exclude: [], priority: 1 })),
      toLive(record(4, { trigger: { type: 'event', event: 'a' }, include: [], exclude: [], priority: 1 })),
    ];
    const names = (list: readonly { name: string }[]) => list.map((c) => c.name).sort();
    expect(names(candidates(buildIndex(live), { type: 'page_view' }, '/billing/plans'))).toEqual(['c1', 'c3']);
    expect(names(candidates(buildIndex(live), { type: 'event', event: 'a' }, '/billing'))).toEqual(['c4']);
  });

  it('hands a request its candidates as one list in rank order, made once per bucket', () => {
    fc.assert(
      fc.property(fc.array(campaign, { maxLength: 40 }), path, request, (list, p, t) => {
        const index = buildIndex(list.map((c, i) => toLive(record(i, c))));
        const once = candidates(index, t, p);
        for (let i = 1; i < once.length; i++) expect(byRank(once[i - 1]!, once[i]!)).toBeLessThan(0);
        expect(candidates(index, t, p)).toBe(once);
      }),
      { numRuns: 300 },
    );
    const index = buildIndex([toLive(record(1, { trigger: { type: 'page_view', delay_seconds: 0 }, include: ['/billing'], exclude: [], priority: 1 }))]);
    // Paths whose first segment has no bucket of its own share the any-page list: ids in paths add no entries.
    expect(candidates(index, { type: 'page_view' }, '/projects/1')).toBe(candidates(index, { type: 'page_view' }, '/projects/2'));
    expect(index.merged.size).toBe(1);
  });
});

