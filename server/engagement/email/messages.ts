import { SERIES_LOCALES, type SeriesLocale } from '../../../contracts/engagement.ts';

export type { SeriesLocale };

/**
 * The language a person reads a series in: theirs when the step has it (zh-TW and zh-HK read
 * Traditional, other Chinese Simplified; ru-RU reads ru), else the series' default, else
 * whichever language the step was written in.
 */
export function pickLocale(available: readonly string[], wanted: string | null, fallback: SeriesLocale): SeriesLocale {
  const has = (l: string): l is SeriesLocale => available.includes(l) && (SERIES_LOCALES as readonly string[]).includes(l);
  const w = (wanted ?? '').toLowerCase();
  const language = w.split(/[-_]/)[0] ?? '';
  const candidate =
    language === 'zh' ? (/hant|tw|hk|mo/.test(w) ? 'zh-Hant' : 'zh-Hans') : SERIES_LOCALES.find((l) => l === language);
  if (candidate && has(candidate)) return candidate;
  if (has(fallback)) return fallback;
  return (available.find(has) as SeriesLocale | undefined) ?? fallback;
}

interface Messages {
  reason: (workspace: string) => string;
  unsubscribe: string;
  confirmTitle: string;
  confirmButton: string;
  doneTitle: string;
  doneText: (workspace: string) => string;
}

const MESSAGES: Record<SeriesLocale, Messages> = {
  en: {
    reason: (w) => `You get this e-mail because you use ${w}.`,
    unsubscribe: 'Unsubscribe',
    confirmTitle: 'Unsubscribe from these e-mails?',
    confirmButton: 'Unsubscribe',
    doneTitle: 'You are unsubscribed',
    doneText: (w) => `${w} will send you no more of these e-mails.`,
  },
  'zh-Hans': {
    reason: (w) => `您收到这封邮件，是因为您在使用 ${w}。`,
    unsubscribe: '退订',
    confirmTitle: '退订这些邮件？',
    confirmButton: '退订',
    doneTitle: '您已退订',
    doneText: (w) => `${w} 不会再向您发送这类邮件。`,
  },
  'zh-Hant': {
    reason: (w) => `您收到這封郵件，是因為您在使用 ${w}。`,
    unsubscribe: '取消訂閱',
    confirmTitle: '取消訂閱這些郵件？',
    confirmButton: '取消訂閱',
    doneTitle: '您已取消訂閱',
    doneText: (w) => `${w} 不會再寄送這類郵件給您。`,
  },
  ru: {
    reason: (w) => `Вы получили это письмо, потому что пользуетесь ${w}.`,
    unsubscribe: 'Отписаться',
    confirmTitle: 'Отписаться от этих писем?',
    confirmButton: 'Отписаться',
    doneTitle: 'Вы отписались',
    doneText: (w) => `${w} больше не будет присылать вам такие письма.`,
  },
  kk: {
    reason: (w) => `Бұл хатты ${w} қызметін пайдаланатындықтан алдыңыз.`,
    unsubscribe: 'Жазылымнан бас тарту',
    confirmTitle: 'Бұл хаттардан бас тартасыз ба?',
    confirmButton: 'Бас тарту',
    doneTitle: 'Жазылымнан бас тарттыңыз',
    doneText: (w) => `${w} сізге мұндай хаттарды енді жібермейді.`,
  },
};

export const messagesFor = (locale: SeriesLocale): Messages => MESSAGES[locale];

export function footerText(locale: SeriesLocale, workspace: string) {
  const m = MESSAGES[locale];
  return { reason: m.reason(workspace), unsubscribe: m.unsubscribe };
}
