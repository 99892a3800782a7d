import { createHmac } from 'node:crypto';
import { errors as joseErrors, jwtVerify } from 'jose';
import { AppError } from '../platform/errors.ts';
import { safeEqual } from '../platform/ids.ts';

/** A JWT may live at most this long: it is meant to be minted per page load by the product's backend. */
export const MAX_JWT_LIFETIME_SECONDS = 24 * 60 * 60;

/** What a product's backend may prove about its user. */
export interface ClaimedIdentity {
  userId?: string;
  email?: string;
}

export interface VerifiedJwt {
  userId: string;
  email?: string;
  name?: string;
  /** Every other claim: signed attributes that override what the page sent. */
  attributes: Record<string, unknown>;
}

/** The user_hash a product's backend computes: HMAC-SHA256 of the user id (else the e-mail), hex. */
export function userHash(secret: string, identity: ClaimedIdentity): string | undefined {
  const subject = identity.userId ?? identity.email;
  return subject === undefined ? undefined : createHmac('sha256', secret).update(subject).digest('hex');
}

export function checkUserHash(secret: string, identity: ClaimedIdentity, hash: string): boolean {
  const expected = userHash(secret, identity);
  return expected !== undefined && safeEqual(expected, hash.trim().toLowerCase());
}

const REGISTERED = new Set(['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'user_id', 'email', 'name']);

/** Verifies an HS256 JWT signed with the workspace's identity secret; refuses it with 401 otherwise. */
export async function verifyUserJwt(secret: string, token: string): Promise<VerifiedJwt> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'], requiredClaims: ['exp'] }));
  } catch (err) {
    const why = err instanceof joseErrors.JWTExpired ? 'has expired' : 'is not signed with this workspace’s identity secret';
    throw new AppError('unauthorized', `user_jwt ${why}`, [{ field: 'body.user_jwt', message: why }]);
  }
  const exp = payload.exp as number;
  if (exp - Math.floor(Date.now() / 1000) > MAX_JWT_LIFETIME_SECONDS) {
    throw new AppError('unauthorized', 'user_jwt lives too long (at most 24 hours)', [{ field: 'body.user_jwt', message: 'exp too far ahead' }]);
  }
  const userId = payload.user_id;
  if ((typeof userId !== 'string' && typeof userId !== 'number') || String(userId) === '') {
    throw new AppError('unauthorized', 'user_jwt carries no user_id', [{ field: 'body.user_jwt', message: 'user_id claim missing' }]);
  }
  const attributes = Object.fromEntries(Object.entries(payload).filter(([k]) => !REGISTERED.has(k)));
  return {
    userId: String(userId),
    email: typeof payload.email === 'string' ? payload.email : undefined,
    name: typeof payload.name === 'string' ? payload.name : undefined,
    attributes,
  };
}
