/**
 * The Help Center's own words (page chrome), in the five languages Baton ships. Article text
 * comes from authors; these are the buttons, headings and notices around it. Other locales a
 * workspace configures get English chrome around their articles.
 */

const en = {
  skip: 'Skip to content',
  home: 'Help Center',
  homeHeading: 'How can we help?',
  homeLead: 'Search the articles or browse the collections below.',
  collections: 'Collections',
  articleCount: 'Articles: {count}',
  emptyCollection: 'No articles here yet.',
  otherArticles: 'Articles without a collection',
  subcollections: 'Sub-collections',
  searchLabel: 'Search the Help Center',
  searchPlaceholder: 'Search for answers…',
  searchButton: 'Search',
  searchTitle: 'Search results',
  searchResults: 'Results for “{q}”: {count}',
  searchNone: 'No articles match “{q}”.',
  searchHint: 'Try fewer or other words, or browse the collections.',
  searchEmpty: 'Type a question or a few words to search.',
  breadcrumb: 'Breadcrumb',
  updated: 'Updated {date}',
  fallback: 'This article is not available in {language} yet, so it is shown in {fallback}.',
  related: 'Related articles',
  video: 'Prefer video? Watch it instead',
  feedbackTitle: 'Was this article helpful?',
  feedbackComment: 'Tell us more (optional)',
  feedbackYes: 'Yes',
  feedbackNo: 'No',
  feedbackThanks: 'Thank you for your feedback.',
  feedbackExpired: 'This form has expired. Go back, reload the page and send your answer again.',
  feedbackLimited: 'Too many answers from your network. Please try again later.',
  language: 'Language',
  links: 'Links',
  notFoundTitle: 'Page not found',
  notFoundBody: 'The page you are looking for does not exist or is no longer published.',
  backHome: 'Back to the Help Center',
  poweredBy: 'Powered by Baton',
};

export type MessageKey = keyof typeof en;
type Messages = Record<MessageKey, string>;

const zhHans: Messages = {
  skip: '跳到正文',
  home: '帮助中心',
  homeHeading: '有什么可以帮您？',
  homeLead: '搜索文章，或浏览下面的分类。',
  collections: '分类',
  articleCount: '文章：{count}',
  emptyCollection: '这里还没有文章。',
  otherArticles: '未分类的文章',
  subcollections: '子分类',
  searchLabel: '搜索帮助中心',
  searchPlaceholder: '搜索答案…',
  searchButton: '搜索',
  searchTitle: '搜索结果',
  searchResults: '“{q}”的结果：{count}',
  searchNone: '没有与“{q}”匹配的文章。',
  searchHint: '请尝试更少或不同的词语，或浏览分类。',
  searchEmpty: '输入问题或几个词语进行搜索。',
  breadcrumb: '导航路径',
  updated: '更新于 {date}',
  fallback: '本文暂无{language}版本，因此以{fallback}显示。',
  related: '相关文章',
  video: '更喜欢视频？观看视频',
  feedbackTitle: '这篇文章有帮助吗？',
  feedbackComment: '告诉我们更多（可选）',
  feedbackYes: '有帮助',
  feedbackNo: '没有帮助',
  feedbackThanks: '感谢您的反馈。',
  feedbackExpired: '表单已过期。请返回并刷新页面后重新提交。',
  feedbackLimited: '来自您网络的提交过多，请稍后再试。',
  language: '语言',
  links: '链接',
  notFoundTitle: '找不到页面',
  notFoundBody: '您要找的页面不存在或已不再发布。',
  backHome: '返回帮助中心',
  poweredBy: '由 Baton 提供支持',
};

const zhHant: Messages = {
  skip: '跳到正文',
  home: '說明中心',
  homeHeading: '有什麼可以幫您？',
  homeLead: '搜尋文章，或瀏覽下方的分類。',
  collections: '分類',
  articleCount: '文章：{count}',
  emptyCollection: '這裡還沒有文章。',
  otherArticles: '未分類的文章',
  subcollections: '子分類',
  searchLabel: '搜尋說明中心',
  searchPlaceholder: '搜尋答案…',
  searchButton: '搜尋',
  searchTitle: '搜尋結果',
  searchResults: '「{q}」的結果：{count}',
  searchNone: '沒有與「{q}」相符的文章。',
  searchHint: '請嘗試更少或不同的詞語，或瀏覽分類。',
  searchEmpty: '輸入問題或幾個詞語進行搜尋。',
  breadcrumb: '導覽路徑',
  updated: '更新於 {date}',
  fallback: '本文尚無{language}版本，因此以{fallback}顯示。',
  related: '相關文章',
  video: '偏好影片？觀看影片',
  feedbackTitle: '這篇文章有幫助嗎？',
  feedbackComment: '告訴我們更多（選填）',
  feedbackYes: '有幫助',
  feedbackNo: '沒有幫助',
  feedbackThanks: '感謝您的意見回饋。',
  feedbackExpired: '表單已過期。請返回並重新整理頁面後再次送出。',
  feedbackLimited: '來自您網路的送出次數過多，請稍後再試。',
  language: '語言',
  links: '連結',
  notFoundTitle: '找不到頁面',
  notFoundBody: '您要找的頁面不存在或已不再發布。',
  backHome: '返回說明中心',
  poweredBy: '由 Baton 提供技術支援',
};

const ru: Messages = {
  skip: 'Перейти к содержанию',
  home: 'Справочный центр',
  homeHeading: 'Чем мы можем помочь?',
  homeLead: 'Найдите статью поиском или откройте раздел ниже.',
  collections: 'Разделы',
  articleCount: 'Статей: {count}',
  emptyCollection: 'Здесь пока нет статей.',
  otherArticles: 'Статьи вне разделов',
  subcollections: 'Подразделы',
  searchLabel: 'Поиск по справочному центру',
  searchPlaceholder: 'Найти ответ…',
  searchButton: 'Найти',
  searchTitle: 'Результаты поиска',
  searchResults: 'Результаты по запросу «{q}»: {count}',
  searchNone: 'По запросу «{q}» статей не найдено.',
  searchHint: 'Попробуйте другие или более общие слова либо откройте разделы.',
  searchEmpty: 'Введите вопрос или несколько слов.',
  breadcrumb: 'Навигационная цепочка',
  updated: 'Обновлено {date}',
  fallback: 'Эта статья пока не переведена на язык «{language}», поэтому показана на языке «{fallback}».',
  related: 'Похожие статьи',
  video: 'Удобнее видео? Посмотрите его',
  feedbackTitle: 'Статья была полезной?',
  feedbackComment: 'Расскажите подробнее (необязательно)',
  feedbackYes: 'Да',
  feedbackNo: 'Нет',
  feedbackThanks: 'Спасибо за отзыв.',
  feedbackExpired: 'Срок действия формы истёк. Вернитесь, обновите страницу и отправьте ответ ещё раз.',
  feedbackLimited: 'Из вашей сети пришло слишком много ответов. Попробуйте позже.',
  language: 'Язык',
  links: 'Ссылки',
  notFoundTitle: 'Страница не найдена',
  notFoundBody: 'Такой страницы нет или она больше не опубликована.',
  backHome: 'Вернуться в справочный центр',
  poweredBy: 'Работает на Baton',
};

const kk: Messages = {
  skip: 'Мазмұнға өту',
  home: 'Анықтама орталығы',
  homeHeading: 'Сізге қалай көмектесе аламыз?',
  homeLead: 'Мақаланы іздеңіз немесе төмендегі бөлімдерді қараңыз.',
  collections: 'Бөлімдер',
  articleCount: 'Мақалалар: {count}',
  emptyCollection: 'Мұнда әзірге мақала жоқ.',
  otherArticles: 'Бөлімге кірмеген мақалалар',
  subcollections: 'Ішкі бөлімдер',
  searchLabel: 'Анықтама орталығынан іздеу',
  searchPlaceholder: 'Жауап іздеу…',
  searchButton: 'Іздеу',
  searchTitle: 'Іздеу нәтижелері',
  searchResults: '«{q}» сұрауының нәтижелері: {count}',
  searchNone: '«{q}» сұрауына сәйкес мақала табылмады.',
  searchHint: 'Басқа немесе азырақ сөздермен іздеп көріңіз не бөлімдерді қараңыз.',
  searchEmpty: 'Іздеу үшін сұрақты немесе бірнеше сөзді жазыңыз.',
  breadcrumb: 'Навигация жолы',
  updated: 'Жаңартылды: {date}',
  fallback: 'Бұл мақала әзірге «{language}» тілінде жоқ, сондықтан «{fallback}» тілінде көрсетілді.',
  related: 'Ұқсас мақалалар',
  video: 'Бейне ыңғайлы ма? Оны қараңыз',
  feedbackTitle: 'Мақала пайдалы болды ма?',
  feedbackComment: 'Толығырақ айтыңыз (міндетті емес)',
  feedbackYes: 'Иә',
  feedbackNo: 'Жоқ',
  feedbackThanks: 'Пікіріңізге рахмет.',
  feedbackExpired: 'Форманың мерзімі өтті. Артқа қайтып, бетті жаңартып, жауапты қайта жіберіңіз.',
  feedbackLimited: 'Желіңізден тым көп жауап келді. Кейінірек қайталап көріңіз.',
  language: 'Тіл',
  links: 'Сілтемелер',
  notFoundTitle: 'Бет табылмады',
  notFoundBody: 'Сіз іздеген бет жоқ немесе енді жарияланбаған.',
  backHome: 'Анықтама орталығына оралу',
  poweredBy: 'Baton негізінде жұмыс істейді',
};

export const MESSAGES: Record<string, Messages> = { en, 'zh-Hans': zhHans, 'zh-Hant': zhHant, ru, kk };

/** Each language's name in itself, for the language switcher. */
const NATIVE_NAMES: Record<string, string> = { en: 'English', 'zh-Hans': '简体中文', 'zh-Hant': '繁體中文', ru: 'Русский', kk: 'Қазақша' };

export function languageName(locale: string, inLocale = locale): string {
  if (inLocale === locale && NATIVE_NAMES[locale]) return NATIVE_NAMES[locale];
  try {
    return new Intl.DisplayNames([inLocale, 'en'], { type: 'language' }).of(locale) ?? locale;
  } catch {
    return locale;
  }
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(locale: string): Translate {
  const messages = MESSAGES[locale] ?? en;
  return (key, params = {}) => messages[key].replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}
