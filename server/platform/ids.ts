import { randomBytes, createHash, timingSafeEqual } from 'node:crypto';
import { uuidv7 } from 'uuidv7';

/** Time-ordered, unguessable ids (UUIDv7: 74 random bits) for every row that reaches a URL. */
export const newId = (): string => uuidv7();

/** A random secret token, URL-safe. `prefix` makes leaked keys recognisable to secret scanners. */
export function randomToken(prefix = '', bytes = 32): string {
  return prefix + randomBytes(bytes).toString('base64url');
}

/** Tokens are stored only as SHA-256: they are high-entropy, so a slow hash adds nothing. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time string comparison for every secret the server checks. */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  if (ab.length !== bb.length) {
    timingSafeEqual(ab, ab);
    return false;
  }
  return timingSafeEqual(ab, bb);
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string): boolean => UUID_RE.test(s);
