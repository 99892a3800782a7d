import { createHmac } from 'node:crypto';
import { safeEqual } from '../platform/ids.ts';

/**
 * "Pick an element": the builder opens the customer's page with `#baton-pick=<token>`; the widget
 * sends its page URL at boot, and a valid token makes the server send the engagement chunk (which imports the picker lazily). The token
 * names the workspace and expires in ten minutes, so a visitor typing the hash gets nothing.
 */
export const PICK_TTL_SECONDS = 600;
const PICK_HASH = /[#&]baton-pick=(\d{1,12}\.[A-Za-z0-9_-]{43})(?:&|$)/;

const sign = (secret: string, ws: string, exp: number) => createHmac('sha256', secret).update(`baton pick\n${ws}\n${exp}`).digest('base64url');

export function pickToken(secret: string, ws: string, now = Date.now()): { token: string; expires_at: string } {
  const exp = Math.floor(now / 1000) + PICK_TTL_SECONDS;
  return { token: `${exp}.${sign(secret, ws, exp)}`, expires_at: new Date(exp * 1000).toISOString() };
}

export function checkPickToken(secret: string, ws: string, token: string, now = Date.now()): boolean {
  const [exp, sig] = token.split('.');
  const at = Number(exp);
  if (!sig || !Number.isInteger(at) || at < now / 1000 || at > now / 1000 + PICK_TTL_SECONDS) return false;
  return safeEqual(sig, sign(secret, ws, at));
}

/** The token in a page URL's fragment, if it has one. */
export function pickTokenIn(pageUrl: string | undefined): string | null {
  const hash = pageUrl?.indexOf('#') ?? -1;
  return hash < 0 ? null : (PICK_HASH.exec(pageUrl!.slice(hash))?.[1] ?? null);
}
