import type { CampaignType, DecideTrigger, DeliverySettings } from '../../contracts/campaigns.ts';
import type { CampaignRecord } from './records.ts';
import { inWindow, localClock } from './local-time.ts';

/**
 * The pure half of a decision: which live campaigns apply to one contact's page view or trigger,
 * given everything known about the contact. No I/O, so the bench and the property tests can run it
 * on thousands of campaigns.
 */

/** A live campaign with its page patterns compiled once, when the workspace's list is loaded. */
export interface LiveCampaign extends CampaignRecord {
  include: RegExp[];
  exclude: RegExp[];
  startedMs: number;
  /** The schedule's bounds as epoch ms (±Infinity when open), parsed once rather than per page view. */
  startsMs: number;
  endsMs: number;
  /** No page rules: every path matches, so no pattern runs at a page view. */
  anyPage: boolean;
  /** No bounds, days or hours: always in schedule, so no clock is read at a page view. */
  always: boolean;
}

export interface DeliveryState {
  shows: number;
  lastSeenAt: Date | null;
  dismissedAt: Date | null;
  dismissedForGood: boolean;
  goalAt: Date | null;
}

export interface ContactState {
  segments: Map<string, Date>;
  deliveries: Map<string, DeliveryState>;
  /** Capped campaigns seen in this session / in the last 7 days (distinct campaign shows). */
  cappedSeenSession: number;
  cappedSeenWeek: number;
  openConversation: boolean;
  unsubscribed: boolean;
  timeZone: string | null;
}

export interface Request {
  path: string;
  trigger: DecideTrigger;
  now: Date;
}

/** `*` one path segment, `**` anything, the rest literal — the same language as help page rules. */
export function compilePattern(pattern: string): RegExp {
  const trim = (s: string) => (s.length > 1 ? s.replace(/\/+$/, '') : s);
  const source = trim(pattern)
    .split(/(\*\*|\*)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}/?$`);
}

export function toLive(c: CampaignRecord): LiveCampaign {
  return {
    ...c,
    include: c.pages.include.map(compilePattern),
    exclude: c.pages.exclude.map(compilePattern),
    startedMs: c.startedAt?.getTime() ?? 0,
    startsMs: c.schedule.starts_at ? Date.parse(c.schedule.starts_at) : -Infinity,
    endsMs: c.schedule.ends_at ? Date.parse(c.schedule.ends_at) : Infinity,
    anyPage: c.pages.include.length === 0 && c.pages.exclude.length === 0,
    always: !c.schedule.starts_at && !c.schedule.ends_at && c.schedule.days.length === 0 && !c.schedule.hours,
  };
}

function triggered(c: LiveCampaign, req: Request, state: ContactState): boolean {
  const t = req.trigger;
  const own = c.trigger;
  switch (t.type) {
    case 'manual':
      return t.campaign_id === c.id;
    case 'page_view':
      if (own.type === 'page_view') return true;
      if (own.type !== 'segment_entered') return false;
      return (state.segments.get(own.segment_id)?.getTime() ?? -1) >= c.startedMs;
    case 'event':
      return own.type === 'event' && own.event === t.event;
    case 'frustration':
      return own.type === 'frustration' && own.signal === t.signal;
  }
}

const onPage = (c: LiveCampaign, path: string) =>
  c.anyPage || ((c.include.length === 0 || c.include.some((r) => r.test(path))) && !c.exclude.some((r) => r.test(path)));

function scheduled(c: LiveCampaign, now: Date, timeZone: string | null): boolean {
  if (c.always) return true;
  const s = c.schedule;
  const t = now.getTime();
  if (t < c.startsMs || t >= c.endsMs) return false;
  if (s.days.length === 0 && !s.hours) return true;
  const clock = localClock(now, timeZone);
  if (s.days.length && !s.days.includes(clock.day)) return false;
  return !s.hours || inWindow(clock.minute, s.hours);
}

const HOUR = 3600_000;

/** The per-campaign rules and stop conditions that hold whatever the workspace caps say. */
function allowed(c: LiveCampaign, state: ContactState, now: Date, manual: boolean): boolean {
  const d = state.deliveries.get(c.id);
  if (d?.goalAt || d?.dismissedForGood) return false;
  if (manual) return true;
  if (state.unsubscribed || state.openConversation) return false;
  if (!d) return true;
  if (c.frequency.stop_after_dismiss && d.dismissedAt) return false;
  if (d.shows >= c.frequency.max_shows) return false;
  return !d.lastSeenAt || now.getTime() - d.lastSeenAt.getTime() >= c.frequency.min_hours_between * HOUR;
}

/** The order campaigns compete in: priority, then the longest running first, then id for a total order. */
export const byRank = (a: LiveCampaign, b: LiveCampaign): number => b.priority - a.priority || a.startedMs - b.startedMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export interface Selection {
  /**
   * Capped candidates, best first: the engine shows the first one not held in a control group. The
   * list ends at the first one without a control group: it is shown if reached, so none after it
   * could be, and their rules are not checked.
   */
  capped: LiveCampaign[];
  /** Uncapped campaigns (hotspots, checklists): all of them may show alongside. */
  uncapped: LiveCampaign[];
}

/** Whether the lab may hold the contact back from the campaign (its control group). */
export const hasControl = (c: LiveCampaign): boolean => c.experimentId !== null && c.controlPct > 0;

declare const rankOrder: unique symbol;
/**
 * Campaigns in rank order (byRank), as only `ranked` makes them: `select` relies on the order and
 * no longer checks it per page view. The check was a third of a decision's selection: hundreds of
 * comparisons, each reaching into campaign objects spread over the heap.
 */
export type Ranked = readonly LiveCampaign[] & { readonly [rankOrder]: true };

export const ranked = (list: readonly LiveCampaign[]): Ranked => [...list].sort(byRank) as unknown as Ranked;

/**
 * The candidates for one request, by priority (then the longest running first). A manual start
 * skips page rules, schedule, caps and frequency, but never the audience or a goal already reached.
 */
export function select(live: Ranked, state: ContactState, settings: DeliverySettings, req: Request): Selection {
  const manual = req.trigger.type === 'manual';
  let cappedOpen =
    manual ||
    (state.cappedSeenSession < settings.max_per_session &&
      state.cappedSeenWeek < settings.max_per_week &&
      !(settings.quiet_hours && inWindow(localClock(req.now, state.timeZone).minute, settings.quiet_hours)));
  // One pass in rank order into both lists (a page view weighs hundreds of candidates). A capped campaign
  // needs no rule checked once the caps are closed or a capped one without a control group was
  // found (two thirds of a page view's candidates); then the audience, one map lookup that turns
  // most campaigns away before any pattern runs.
  const capped: LiveCampaign[] = [];
  const uncapped: LiveCampaign[] = [];
  for (const c of live) {
    const isCapped = manual || c.frequency.capped;
    if (isCapped && !cappedOpen) continue;
    if (c.audienceSegmentId !== null && !state.segments.has(c.audienceSegmentId)) continue;
    if (!triggered(c, req, state)) continue;
    if (!manual && !(onPage(c, req.path) && scheduled(c, req.now, state.timeZone))) continue;
    if (!allowed(c, state, req.now, manual)) continue;
    if (!isCapped) uncapped.push(c);
    else {
      capped.push(c);
      if (!hasControl(c)) cappedOpen = false;
    }
  }
  return { capped, uncapped };
}

export const isMultiStep = (type: CampaignType) => type === 'tour' || type === 'survey' || type === 'checklist';
