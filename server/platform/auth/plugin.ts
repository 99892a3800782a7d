import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import { and, eq, isNull } from 'drizzle-orm';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import { hashToken, safeEqual } from '../ids.ts';
import { apiKeys, workspaces } from '../../workspaces/schema.ts';
import { findSession, SESSION_COOKIE, type AgentSession, type Role } from './sessions.ts';

export type Auth =
  | ({ kind: 'agent' } & AgentSession)
  | { kind: 'api_key'; workspaceId: string; apiKeyId: string };

declare module 'fastify' {
  interface FastifyRequest {
    auth: Auth | null;
  }
  interface FastifyContextConfig {
    /** Public pages (the Help Center) take no credentials: a signed-in agent reads them as anyone would. */
    publicPage?: boolean;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const API_KEY_PREFIX = 'bk_';

/**
 * Resolves who is calling. Dashboard calls carry the session cookie and, for every unsafe method,
 * the CSRF token from `/api/app/auth/me` in `x-csrf-token`; the cookie is SameSite=Lax and
 * cross-origin requests are refused outright. Integrations send `Authorization: Bearer bk_…`.
 */
export const authPlugin = fp(async (app: FastifyInstance, { ctx }: { ctx: Ctx }) => {
  await app.register(cookie);
  app.decorateRequest('auth', null);

  const publicOrigin = new URL(ctx.config.publicUrl).origin;

  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.publicPage) return;
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      request.auth = await resolveApiKey(ctx, header.slice(7).trim());
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await findSession(ctx.db, token);
    if (!session) return;
    if (UNSAFE.has(request.method)) {
      const origin = request.headers.origin;
      const host = request.headers.host;
      if (origin && origin !== publicOrigin && (!host || new URL(origin).host !== host)) {
        throw new AppError('forbidden', 'Cross-site request refused');
      }
      const csrf = request.headers['x-csrf-token'];
      if (typeof csrf !== 'string' || !safeEqual(csrf, session.csrfToken)) {
        throw new AppError('forbidden', 'Missing or wrong x-csrf-token header');
      }
    }
    request.auth = { kind: 'agent', ...session };
  });
});

async function resolveApiKey(ctx: Ctx, key: string): Promise<Auth> {
  if (!key.startsWith(API_KEY_PREFIX)) throw new AppError('unauthorized', 'Invalid API key');
  const [row] = await ctx.db
    .select({ workspaceId: apiKeys.workspaceId, id: apiKeys.id, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashToken(key)), isNull(apiKeys.revokedAt)));
  if (!row) throw new AppError('unauthorized', 'Invalid API key');
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await ctx.db
      .update(apiKeys)
      .set({ lastUsedAt: new Date() })
      .where(and(eq(apiKeys.workspaceId, row.workspaceId), eq(apiKeys.id, row.id)));
  }
  return { kind: 'api_key', workspaceId: row.workspaceId, apiKeyId: row.id };
}

/** The workspace a Segment-style write key belongs to (HTTP Basic user, password empty). */
export async function resolveWriteKey(ctx: Ctx, request: FastifyRequest): Promise<string> {
  const header = request.headers.authorization;
  let key: string | undefined;
  if (header?.startsWith('Basic ')) {
    key = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':')[0];
  }
  key ??= (request.body as { writeKey?: unknown } | undefined)?.writeKey as string | undefined;
  if (!key || typeof key !== 'string') throw new AppError('unauthorized', 'Missing write key (HTTP Basic username)');
  const [row] = await ctx.db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.writeKey, key));
  if (!row) throw new AppError('unauthorized', 'Invalid write key');
  return row.id;
}

/** Route guards. They return the narrowed auth so handlers never re-check. */
export function requireAgent(request: FastifyRequest, roles?: Role[]): Extract<Auth, { kind: 'agent' }> {
  const auth = request.auth;
  if (!auth || auth.kind !== 'agent') throw new AppError('unauthorized', 'Sign in first');
  if (roles && !roles.includes(auth.role)) throw new AppError('forbidden', `Requires role ${roles.join(' or ')}`);
  return auth;
}

export function requireWorkspace(request: FastifyRequest): Auth {
  const auth = request.auth;
  if (!auth) throw new AppError('unauthorized', 'Send an API key (Authorization: Bearer …) or sign in');
  return auth;
}

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: expiresAt });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
