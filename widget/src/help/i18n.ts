import type { MessengerLocale } from '../../../contracts/messenger.ts';

/** The help space's words in English; every other locale has exactly these keys and placeholders. */
const en = {
  help: 'Help',
  searchPlaceholder: 'Search articles…',
  noResults: 'No articles match “{query}”.',
  collections: 'Collections',
  suggestedHere: 'Suggested for this page',
  suggestedForQuestion: 'These articles may answer your question',
  openHelpCenter: 'Open the Help Center',
  openFullArticle: 'Open in the Help Center',
  takeTour: 'Show me in the product',
  loading: 'Loading…',
  notFound: 'This article is not available.',
  learnMore: 'Learn more',
} as const;

export type HelpKey = keyof typeof en;
type HelpDictionary = Record<HelpKey, string>;

const zhHans: HelpDictionary = {
  help: '帮助',
  searchPlaceholder: '搜索文章…',
  noResults: '没有与“{query}”匹配的文章。',
  collections: '文章分类',
  suggestedHere: '本页推荐',
  suggestedForQuestion: '这些文章也许能解答您的问题',
  openHelpCenter: '打开帮助中心',
  openFullArticle: '在帮助中心打开',
  takeTour: '在产品中演示给我看',
  loading: '加载中…',
  notFound: '此文章不可用。',
  learnMore: '了解更多',
};

const zhHant: HelpDictionary = {
  help: '說明',
  searchPlaceholder: '搜尋文章…',
  noResults: '沒有與「{query}」相符的文章。',
  collections: '文章分類',
  suggestedHere: '本頁推薦',
  suggestedForQuestion: '這些文章或許能解答您的問題',
  openHelpCenter: '開啟說明中心',
  openFullArticle: '在說明中心開啟',
  takeTour: '在產品中示範給我看',
  loading: '載入中…',
  notFound: '此文章無法使用。',
  learnMore: '了解更多',
};

const ru: HelpDictionary = {
  help: 'Помощь',
  searchPlaceholder: 'Искать статьи…',
  noResults: 'По запросу «{query}» статей не найдено.',
  collections: 'Разделы',
  suggestedHere: 'Полезно на этой странице',
  suggestedForQuestion: 'Возможно, эти статьи ответят на ваш вопрос',
  openHelpCenter: 'Открыть справочный центр',
  openFullArticle: 'Открыть в справочном центре',
  takeTour: 'Показать в продукте',
  loading: 'Загрузка…',
  notFound: 'Эта статья недоступна.',
  learnMore: 'Подробнее',
};

const kk: HelpDictionary = {
  help: 'Анықтама',
  searchPlaceholder: 'Мақалаларды іздеу…',
  noResults: '«{query}» бойынша мақала табылмады.',
  collections: 'Бөлімдер',
  suggestedHere: 'Осы бетке арналған кеңестер',
  suggestedForQuestion: 'Бұл мақалалар сұрағыңызға жауап беруі мүмкін',
  openHelpCenter: 'Анықтама орталығын ашу',
  openFullArticle: 'Анықтама орталығында ашу',
  takeTour: 'Өнімде көрсету',
  loading: 'Жүктелуде…',
  notFound: 'Бұл мақала қолжетімсіз.',
  learnMore: 'Толығырақ',
};

export const helpDictionaries: Record<MessengerLocale, HelpDictionary> = { en, 'zh-Hans': zhHans, 'zh-Hant': zhHant, ru, kk };

export type HelpTranslate = (key: HelpKey, vars?: Record<string, string | number>) => string;

export function helpTranslator(locale: MessengerLocale): HelpTranslate {
  const dict = helpDictionaries[locale] ?? en;
  return (key, vars = {}) => dict[key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''));
}
