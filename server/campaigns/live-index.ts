import type { DecideTrigger } from '../../contracts/campaigns.ts';
import { byRank, ranked, type LiveCampaign, type Ranked } from './select.ts';

/**
 * The live campaigns of a workspace bucketed by what can trigger them and by the first segment of
 * their page patterns, so a decision looks only at the campaigns that could apply to its trigger
 * and page instead of every live campaign. Pure: built once per load of the workspace's list.
 */
export interface CampaignIndex {
  /** Trigger key → first path segment (or ANY_PAGE) → campaigns. */
  buckets: Map<string, Map<string, LiveCampaign[]>>;
  /**
   * A request's buckets merged into ONE list in rank order, made at its first use, so a page view
   * neither merges nor checks the order. Keyed by the trigger keys and the literal first segment
   * that has a bucket (else ANY_PAGE), so it holds at most one list per bucket key and trigger: a
   * path with ids in it adds nothing.
   */
  merged: Map<string, Ranked>;
}

const ANY_PAGE = '*';

/** Segment entries show on the next page view, so a page view asks both kinds. */
export function triggerKeys(t: DecideTrigger): string[] {
  switch (t.type) {
    case 'page_view':
      return ['page_view', 'segment_entered'];
    case 'event':
      return [`event:${t.event}`];
    case 'frustration':
      return [`frustration:${t.signal}`];
    case 'manual':
      return [];
  }
}

function triggerKey(c: LiveCampaign): string {
  const t = c.trigger;
  return t.type === 'event' ? `event:${t.event}` : t.type === 'frustration' ? `frustration:${t.signal}` : t.type;
}

const firstSegment = (path: string): string => {
  const end = path.indexOf('/', 1);
  return end === -1 ? path.slice(1) : path.slice(1, end);
};

/**
 * The first path segments a campaign can match: a pattern's literal first segment, or ANY_PAGE
 * for no include patterns or one whose first segment has a wildcard. A literal segment is always
 * followed by `/` or the end in the compiled pattern, so it matches only paths with that segment.
 */
function pageKeys(c: LiveCampaign): string[] {
  if (c.pages.include.length === 0) return [ANY_PAGE];
  const keys = new Set<string>();
  for (const pattern of c.pages.include) {
    const first = firstSegment(pattern.length > 1 ? pattern.replace(/\/+$/, '') : pattern);
    if (first.includes('*')) return [ANY_PAGE];
    keys.add(first);
  }
  return [...keys];
}

export function buildIndex(list: readonly LiveCampaign[]): CampaignIndex {
  const buckets = new Map<string, Map<string, LiveCampaign[]>>();
  // Every bucket in rank order: a request's candidates are then a few sorted runs, which the
  // merge's sort (TimSort) joins in about one comparison per campaign.
  for (const c of [...list].sort(byRank)) {
    const key = triggerKey(c);
    let pages = buckets.get(key);
    if (!pages) buckets.set(key, (pages = new Map()));
    for (const page of pageKeys(c)) {
      const bucket = pages.get(page);
      if (bucket) bucket.push(c);
      else pages.set(page, [c]);
    }
  }
  return { buckets, merged: new Map() };
}

/**
 * The campaigns whose trigger and first page segment fit the request, in rank order; each appears
 * once (a campaign is either in ANY_PAGE or in the buckets of distinct literal segments). Page
 * patterns, audience and the rest are still checked by `select`. The list is shared: read only.
 */
export function candidates(index: CampaignIndex, trigger: DecideTrigger, path: string): Ranked {
  const first = firstSegment(path);
  const keys = triggerKeys(trigger);
  const own = keys.some((key) => index.buckets.get(key)?.has(first)) ? first : ANY_PAGE;
  const memo = `${keys.join(' ')}|${own}`;
  const hit = index.merged.get(memo);
  if (hit) return hit;
  const out: LiveCampaign[] = [];
  for (const key of keys) {
    const pages = index.buckets.get(key);
    if (!pages) continue;
    const any = pages.get(ANY_PAGE);
    const mine = own === ANY_PAGE ? undefined : pages.get(own);
    if (any) out.push(...any);
    if (mine) out.push(...mine);
  }
  const list = ranked(out);
  index.merged.set(memo, list);
  return list;
}
