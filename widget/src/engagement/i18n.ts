import type { MessengerLocale } from '../../../contracts/messenger.ts';

/** The engagement surface's own words (campaign content itself comes localized from the server). */
const en = {
  close: 'Close',
  dismiss: 'Dismiss',
  fromTeam: '{name}',
  openHint: 'Show tip',
  announcement: 'Announcement',
} as const;

export type EngagementKey = keyof typeof en;
type EngagementDictionary = Record<EngagementKey, string>;

const dictionaries: Record<MessengerLocale, EngagementDictionary> = {
  en,
  'zh-Hans': { close: '关闭', dismiss: '不再显示', fromTeam: '{name}', openHint: '查看提示', announcement: '公告' },
  'zh-Hant': { close: '關閉', dismiss: '不再顯示', fromTeam: '{name}', openHint: '查看提示', announcement: '公告' },
  ru: { close: 'Закрыть', dismiss: 'Скрыть', fromTeam: '{name}', openHint: 'Показать подсказку', announcement: 'Объявление' },
  kk: { close: 'Жабу', dismiss: 'Жасыру', fromTeam: '{name}', openHint: 'Кеңесті көрсету', announcement: 'Хабарландыру' },
};

export type EngagementTranslate = (key: EngagementKey, vars?: Record<string, string>) => string;

export const engagementDictionaries = dictionaries;

export function engagementTranslator(locale: MessengerLocale): EngagementTranslate {
  const dict = dictionaries[locale] ?? en;
  return (key, vars = {}) => dict[key].replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? '');
}
