import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CampaignTrigger, DecideTrigger } from '../../contracts/campaigns.ts';
import type { CampaignRecord } from './records.ts';
import { byRank, ranked, select, toLive, type ContactState, type DeliveryState, type LiveCampaign } from './select.ts';

const SEGMENTS = ['0193a1b2-0000-7000-8000-000000000001', '0193a1b2-0000-7000-8000-000000000002'];
const id = (i: number) => `0193a1b2-0000-7000-8000-${String(i).padStart(12, '0')}`;
const NOW = new Date('2026-06-01T12:00:00Z');

const trigger: fc.Arbitrary<CampaignTrigger> = fc.oneof(
  fc.constant({ type: 'page_view', delay_seconds: 0 } as const),
  fc.constant({ type: 'event', event: 'a' } as const),
  fc.constantFrom(...SEGMENTS).map((segment_id) => ({ type: 'segment_entered', segment_id }) as const),
);
const campaign = fc.record({
  trigger,
  audience: fc.constantFrom(null, ...SEGMENTS),
  include: fc.constantFrom([], ['/billing'], ['/settings/*']),
  capped: fc.boolean(),
  maxShows: fc.integer({ min: 1, max: 3 }),
  priority: fc.integer({ min: 0, max: 2 }),
  control: fc.boolean(),
  endsAt: fc.constantFrom(null, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z'),
});
const delivery: fc.Arbitrary<DeliveryState> = fc.record({
  shows: fc.integer({ min: 0, max: 3 }),
  lastSeenAt: fc.constantFrom(null, new Date(NOW.getTime() - 3600_000), new Date(NOW.getTime() - 48 * 3600_000)),
  dismissedAt: fc.constantFrom(null, new Date(0)),
  dismissedForGood: fc.boolean(),
  goalAt: fc.constantFrom(null, new Date(0)),
});
const contact = fc.record({
  segments: fc.subarray(SEGMENTS),
  deliveries: fc.array(fc.tuple(fc.integer({ min: 0, max: 19 }), delivery), { maxLength: 8 }),
  cappedSeenSession: fc.integer({ min: 0, max: 1 }),
  cappedSeenWeek: fc.integer({ min: 0, max: 3 }),
  openConversation: fc.boolean(),
  unsubscribed: fc.boolean(),
});
const request: fc.Arbitrary<DecideTrigger> = fc.oneof(
  fc.constant({ type: 'page_view' } as const),
  fc.constant({ type: 'event', event: 'a' } as const),
  fc.integer({ min: 0, max: 19 }).map((i) => ({ type: 'manual', campaign_id: id(i) }) as const),
);
const settings = { max_per_session: 1, max_per_week: 3, quiet_hours: null, color: '#000000' };

type Generated = typeof campaign extends fc.Arbitrary<infer T> ? T : never;

function record(i: number, c: Generated): CampaignRecord {
  return {
    workspaceId: '0193a1b2-0000-7000-8000-00000000000a',
    id: id(i),
    type: 'banner',
    state: 'live',
    name: `c${i}`,
    audienceSegmentId: c.audience,
    trigger: c.trigger,
    pages: { include: [...c.include], exclude: [] },
    schedule: { starts_at: null, ends_at: c.endsAt, days: [], hours: null },
    frequency: { max_shows: c.maxShows, min_hours_between: 24, stop_after_dismiss: true, capped: c.capped },
    priority: c.priority,
    goal: null,
    controlPct: c.control ? 20 : 0,
    defaultLocale: 'en',
    content: { en: { body: 'x' } },
    experimentId: c.control ? '0193a1b2-0000-7000-8000-0000000000ee' : null,
    startedAt: new Date(1000),
    createdAt: new Date(0),
    updatedAt: new Date(0),
  };
}

/** The rules one by one as the product states them, for one campaign at a time: what select must equal. */
function expected(live: LiveCampaign[], state: ContactState, trigger: DecideTrigger, path: string) {
  const manual = trigger.type === 'manual';
  const ok = live.filter((c) => {
    if (c.audienceSegmentId && !state.segments.has(c.audienceSegmentId)) return false;
    const d = state.deliveries.get(c.id);
    if (d?.goalAt || d?.dismissedForGood) return false;
    if (manual) return trigger.campaign_id === c.id;
    const own = c.trigger;
    const fires =
      trigger.type === 'page_view'
        ? own.type === 'page_view' || (own.type === 'segment_entered' && (state.segments.get(own.segment_id)?.getTime() ?? -1) >= c.startedMs)
        : trigger.type === 'event' && own.type === 'event' && own.event === trigger.event;
    if (!fires) return false;
    if (c.include.length > 0 && !c.include.some((r) => r.test(path))) return false;
    if (NOW.getTime() >= c.endsMs) return false;
    if (state.unsubscribed || state.openConversation) return false;
    if (!d) return true;
    if (d.dismissedAt || d.shows >= c.frequency.max_shows) return false;
    return !d.lastSeenAt || NOW.getTime() - d.lastSeenAt.getTime() >= 24 * 3600_000;
  });
  ok.sort(byRank);
  const capsOpen = manual || (state.cappedSeenSession < 1 && state.cappedSeenWeek < 3);
  const capped = capsOpen ? ok.filter((c) => manual || c.frequency.capped) : [];
  // Up to the first without a control group: it shows if reached, so nothing after it can.
  const sure = capped.findIndex((c) => !c.experimentId || c.controlPct === 0);
  return { capped: sure === -1 ? capped : capped.slice(0, sure + 1), uncapped: manual ? [] : ok.filter((c) => !c.frequency.capped) };
}

describe('the selection', () => {
  it('equals the rules applied one by one: audience, trigger, pages, schedule, stop conditions, frequency and caps', () => {
    fc.assert(
      fc.property(fc.array(campaign, { maxLength: 20 }), contact, request, fc.constantFrom('/billing', '/settings/team', '/'), (list, k, t, path) => {
        const live = list.map((c, i) => toLive(record(i, c)));
        const state: ContactState = {
          segments: new Map(k.segments.map((s) => [s, new Date(2000)])),
          deliveries: new Map(k.deliveries.map(([i, d]) => [id(i), d])),
          cappedSeenSession: k.cappedSeenSession,
          cappedSeenWeek: k.cappedSeenWeek,
          openConversation: k.openConversation,
          unsubscribed: k.unsubscribed,
          timeZone: null,
        };
        const got = select(ranked(live), state, settings, { path, trigger: t, now: NOW });
        const want = expected(live, state, t, path);
        expect(got.capped.map((c) => c.id)).toEqual(want.capped.map((c) => c.id));
        expect(got.uncapped.map((c) => c.id)).toEqual(want.uncapped.map((c) => c.id));
      }),
      { numRuns: 1000 },
    );
  });
});
