/**
 * The Messenger's wire constants without zod, so the widget can import them and stay small
 * (messenger.ts re-exports them beside the schemas).
 */
export const PROTOCOL_VERSION = 1;
export const LOCALES = ['en', 'zh-Hans', 'zh-Hant', 'ru', 'kk'] as const;
