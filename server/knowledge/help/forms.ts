import { createHmac } from 'node:crypto';
import { safeEqual } from '../../platform/ids.ts';

/**
 * Anonymous readers have no session, so the feedback form carries a signed token instead: it
 * names the article and locale and when the page was made. A forged cross-site post has no valid
 * token; a stale page (older than two days) asks the reader to reload.
 */
const HOUR = 3600;
const MAX_AGE = 48 * HOUR;

const sign = (key: Buffer, articleId: string, locale: string, ts: number) =>
  createHmac('sha256', key).update(`${articleId}\n${locale}\n${ts}`).digest('base64url');

/** Rounded to the hour, so the page (and its ETag) stays the same within the hour. */
export function feedbackToken(key: Buffer, articleId: string, locale: string, now = Date.now()): string {
  const ts = Math.floor(now / 1000 / HOUR) * HOUR;
  return `${ts}.${sign(key, articleId, locale, ts)}`;
}

export function checkFeedbackToken(key: Buffer, token: string, articleId: string, locale: string, now = Date.now()): boolean {
  const m = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return false;
  const ts = Number(m[1]);
  const age = now / 1000 - ts;
  if (age < -HOUR || age > MAX_AGE) return false;
  return safeEqual(m[2]!, sign(key, articleId, locale, ts));
}
