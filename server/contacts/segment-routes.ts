import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Ctx } from '../platform/context.ts';
import { resolveWriteKey } from '../platform/auth/plugin.ts';
import { newId } from '../platform/ids.ts';
import type { Services } from '../services.ts';
import { MAX_BATCH_BYTES, MAX_MESSAGE_BYTES, MESSAGE_TYPES, parseBatch, parseSingle } from './segment.ts';

const WRITE_KEY_TTL_MS = 10_000;

/**
 * Segment's HTTP tracking API, so existing Segment/RudderStack clients can send to Baton by
 * changing only their host. The write key is the HTTP Basic username.
 */
export async function segmentRoutes(app: FastifyInstance, ctx: Ctx, services: Services) {
  const hidden = { schema: { hide: true } };
  /**
   * Write key → workspace, remembered briefly: trackers send many calls a second and the key
   * lookup would otherwise be a query each. A changed key is honoured within WRITE_KEY_TTL_MS.
   */
  const known = new Map<string, { workspaceId: string; until: number }>();
  const workspaceOf = async (req: FastifyRequest) => {
    const header = req.headers.authorization;
    const hit = header ? known.get(header) : undefined;
    if (hit && hit.until > Date.now()) return hit.workspaceId;
    const workspaceId = await resolveWriteKey(ctx, req);
    if (header) {
      if (known.size >= 10_000) known.clear();
      known.set(header, { workspaceId, until: Date.now() + WRITE_KEY_TTL_MS });
    }
    return workspaceId;
  };
  for (const type of MESSAGE_TYPES) {
    app.post(`/v1/${type}`, { ...hidden, bodyLimit: MAX_MESSAGE_BYTES }, async (req) => {
      const workspaceId = await workspaceOf(req);
      const receivedAt = new Date();
      await services.contacts.ingest(workspaceId, [parseSingle(type, req.body, receivedAt.getTime(), newId)], receivedAt);
      return { success: true };
    });
  }
  app.post('/v1/batch', { ...hidden, bodyLimit: MAX_BATCH_BYTES }, async (req) => {
    const workspaceId = await workspaceOf(req);
    const receivedAt = new Date();
    await services.contacts.ingest(workspaceId, parseBatch(req.body, receivedAt.getTime(), newId, Number(req.headers['content-length'] ?? Infinity)), receivedAt);
    return { success: true };
  });
}
