import type { MessengerLocale } from '../../../contracts/messenger.ts';

/** The few words Baton adds around an agent's reply sent by e-mail, in the Messenger's locales. */
const WORDS: Record<MessengerLocale, { subject: (workspace: string) => string; footer: string }> = {
  en: { subject: (w) => `New reply from ${w}`, footer: 'Reply to this e-mail to answer; your reply goes to the same conversation.' },
  'zh-Hans': { subject: (w) => `${w} 的新回复`, footer: '直接回复此邮件即可，您的回复会进入同一个会话。' },
  'zh-Hant': { subject: (w) => `${w} 的新回覆`, footer: '直接回覆此郵件即可，您的回覆會進入同一個對話。' },
  ru: { subject: (w) => `Новый ответ от ${w}`, footer: 'Ответьте на это письмо — ответ попадёт в тот же разговор.' },
  kk: { subject: (w) => `${w} жаңа жауап жіберді`, footer: 'Осы хатқа жауап беріңіз — жауабыңыз сол әңгімеге түседі.' },
};

export const mailWords = (locale: MessengerLocale) => WORDS[locale];
