import i18n, { type ResourceKey } from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json' with { type: 'json' };

export const LOCALES = [
  { code: 'en', label: 'English' },
  { code: 'zh-Hans', label: '简体中文' },
  { code: 'zh-Hant', label: '繁體中文' },
  { code: 'ru', label: 'Русский' },
  { code: 'kk', label: 'Қазақша' },
] as const;

export type Locale = (typeof LOCALES)[number]['code'];

const STORAGE_KEY = 'baton.locale';

// English ships in the main bundle; the others load on demand so each visitor downloads one language.
const loaders: Record<Exclude<Locale, 'en'>, () => Promise<{ default: ResourceKey }>> = {
  'zh-Hans': () => import('./locales/zh-Hans.json', { with: { type: 'json' } }),
  'zh-Hant': () => import('./locales/zh-Hant.json', { with: { type: 'json' } }),
  ru: () => import('./locales/ru.json', { with: { type: 'json' } }),
  kk: () => import('./locales/kk.json', { with: { type: 'json' } }),
};

/** Maps a BCP 47 tag from the browser to one of our locales (zh-TW/HK/MO and zh-Hant → Traditional). */
export function matchLocale(tag: string): Locale | null {
  const t = tag.toLowerCase();
  if (t.startsWith('zh')) return /hant|-tw|-hk|-mo/.test(t) ? 'zh-Hant' : 'zh-Hans';
  if (t.startsWith('ru')) return 'ru';
  if (t.startsWith('kk')) return 'kk';
  if (t.startsWith('en')) return 'en';
  return null;
}

function initialLocale(): Locale {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved && LOCALES.some((l) => l.code === saved)) return saved as Locale;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const match = matchLocale(tag);
    if (match) return match;
  }
  return 'en';
}

async function ensureLoaded(locale: Locale): Promise<void> {
  if (locale === 'en' || i18n.hasResourceBundle(locale, 'translation')) return;
  const mod = await loaders[locale]();
  i18n.addResourceBundle(locale, 'translation', mod.default);
}

/** Switches the UI language and remembers the choice for the next visit. */
export async function setLocale(locale: Locale): Promise<void> {
  await ensureLoaded(locale);
  localStorage.setItem(STORAGE_KEY, locale);
  await i18n.changeLanguage(locale);
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

export async function initI18n(): Promise<typeof i18n> {
  const locale = initialLocale();
  await i18n.use(initReactI18next).init({
    resources: { en: { translation: en } },
    lng: 'en',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
  await ensureLoaded(locale);
  await i18n.changeLanguage(locale);
  return i18n;
}

export { i18n };
