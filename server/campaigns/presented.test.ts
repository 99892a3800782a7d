import { describe, expect, it } from 'vitest';
import { pickLocale, presentedBase } from './presented.ts';
import type { CampaignRecord } from './records.ts';
import { toLive } from './select.ts';

const record = (body: string): CampaignRecord => ({
  workspaceId: '0193a1b2-0000-7000-8000-00000000000a',
  id: '0193a1b2-0000-7000-8000-000000000001',
  type: 'tooltip',
  state: 'live',
  name: 'Tip',
  audienceSegmentId: null,
  trigger: { type: 'page_view', delay_seconds: 3 },
  pages: { include: [], exclude: [] },
  schedule: { starts_at: null, ends_at: null, days: [], hours: null },
  frequency: { max_shows: 1, min_hours_between: 0, stop_after_dismiss: true, capped: false },
  priority: 5,
  goal: null,
  controlPct: 0,
  defaultLocale: 'en',
  content: { en: { style: 'hotspot', selector: '#a', body }, ru: { style: 'hotspot', selector: '#a', body: `${body} (ru)` } },
  experimentId: null,
  startedAt: new Date(0),
  createdAt: new Date(0),
  updatedAt: new Date(0),
});

describe('a campaign as handed out', () => {
  it('is made once per campaign version and wanted locale, in the locale the browser wants or the default', () => {
    const c = toLive(record('Tip'));
    const ru = presentedBase(c, 'ru-RU');
    expect(ru).toEqual({ id: c.id, type: 'tooltip', priority: 5, delay_seconds: 3, locale: 'ru', content: { style: 'hotspot', selector: '#a', body: 'Tip (ru)' }, capped: false, sender: null });
    expect(presentedBase(c, 'ru-RU')).toBe(ru);
    expect(presentedBase(c, 'de').locale).toBe('en');
    expect(presentedBase(c, undefined).locale).toBe('en');
    // An edit reloads the live list as new objects: the answer follows the new version at once.
    expect(presentedBase(toLive(record('Tip v2')), 'ru-RU').content).toMatchObject({ body: 'Tip v2 (ru)' });
  });

  it('reads Traditional Chinese for Taiwan, Hong Kong and Macau', () => {
    expect(pickLocale(['en', 'zh-Hant', 'zh-Hans'], 'zh-TW', 'en')).toBe('zh-Hant');
    expect(pickLocale(['en', 'zh-Hans'], 'zh-CN', 'en')).toBe('zh-Hans');
    expect(pickLocale(['ru'], undefined, 'en')).toBe('ru');
  });
});
