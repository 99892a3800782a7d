import type { MessengerLocale } from '../../../contracts/messenger.ts';
import { en, type Dictionary, type Key } from './en.ts';
import { kk } from './kk.ts';
import { ru } from './ru.ts';
import { zhHans } from './zh-Hans.ts';
import { zhHant } from './zh-Hant.ts';

export const dictionaries: Record<MessengerLocale, Dictionary> = { en, 'zh-Hans': zhHans, 'zh-Hant': zhHant, ru, kk };

export type Translate = (key: Key, vars?: Record<string, string | number>) => string;

export function translator(locale: MessengerLocale): Translate {
  const dict = dictionaries[locale] ?? en;
  return (key, vars = {}) => dict[key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''));
}

/** The browser's preferred language as one of ours, for boot calls that do not name one. */
export function browserLocale(): string {
  return navigator.languages?.[0] ?? navigator.language ?? 'en';
}
