import { CAMPAIGN_LOCALES_LIST, type CampaignLocale, type DeliveredCampaign } from '../../contracts/campaigns.ts';
import type { LiveCampaign } from './select.ts';

/** Theirs when the campaign has it (zh-TW/HK/MO read Traditional), else the default, else any. */
export function pickLocale(available: string[], wanted: string | undefined, fallback: CampaignLocale): CampaignLocale {
  const w = (wanted ?? '').toLowerCase();
  const language = w.split(/[-_]/)[0] ?? '';
  const candidate = language === 'zh' ? (/hant|tw|hk|mo/.test(w) ? 'zh-Hant' : 'zh-Hans') : CAMPAIGN_LOCALES_LIST.find((l) => l === language);
  if (candidate && available.includes(candidate)) return candidate;
  if (available.includes(fallback)) return fallback;
  return (available.find((l) => (CAMPAIGN_LOCALES_LIST as readonly string[]).includes(l)) as CampaignLocale | undefined) ?? fallback;
}

// Keyed by the live campaign object: a reload of the workspace's list (any change to a campaign)
// makes new objects, so an entry can never outlive the campaign version it was made from.
const cache = new WeakMap<LiveCampaign, Map<string, DeliveredCampaign>>();
/** Wanted locales per campaign kept at most: a browser's locale is one of a few dozen tags. */
const MAX_LOCALES = 64;

/**
 * A campaign as handed to the widget in the locale the browser wants, before any per-contact
 * part (a checklist's done items, a suggested article, the sender): the same for every contact,
 * so it is made once per campaign version and wanted locale. A new contact is handed dozens of
 * hotspots at one page view, and choosing the locale and building each answer again was a
 * good part of the decision's own time. Shared between answers: read only.
 */
export function presentedBase(c: LiveCampaign, wanted: string | undefined): DeliveredCampaign {
  const key = wanted ?? '';
  let byLocale = cache.get(c);
  const hit = byLocale?.get(key);
  if (hit) return hit;
  const locale = pickLocale(Object.keys(c.content), wanted, c.defaultLocale as CampaignLocale);
  const delay = c.trigger.type === 'page_view' ? c.trigger.delay_seconds : 0;
  const made: DeliveredCampaign = { id: c.id, type: c.type, priority: c.priority, delay_seconds: delay, locale, content: c.content[locale] ?? {}, capped: c.frequency.capped, sender: null };
  if (!byLocale) cache.set(c, (byLocale = new Map()));
  if (byLocale.size >= MAX_LOCALES) byLocale.clear();
  byLocale.set(key, made);
  return made;
}
