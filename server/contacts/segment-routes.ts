import type { FastifyInstance } from 'fastify';
import type { Ctx } from '../platform/context.ts';
import { resolveWriteKey } from '../platform/auth/plugin.ts';
import { newId } from '../platform/ids.ts';
import type { Services } from '../services.ts';
import { MAX_BATCH_BYTES, MAX_MESSAGE_BYTES, MESSAGE_TYPES, parseBatch, parseSingle } from './segment.ts';

/**
 * Segment's HTTP tracking API, so existing Segment/RudderStack clients can send to Baton by
 * changing only their host. The write key is the HTTP Basic username.
 */
export async function segmentRoutes(app: FastifyInstance, ctx: Ctx, services: Services) {
  const hidden = { schema: { hide: true } };
  for (const type of MESSAGE_TYPES) {
    app.post(`/v1/${type}`, { ...hidden, bodyLimit: MAX_MESSAGE_BYTES }, async (req) => {
      const workspaceId = await resolveWriteKey(ctx, req);
      const receivedAt = new Date();
      await services.contacts.ingest(workspaceId, [parseSingle(type, req.body, receivedAt.getTime(), newId)], receivedAt);
      return { success: true };
    });
  }
  app.post('/v1/batch', { ...hidden, bodyLimit: MAX_BATCH_BYTES }, async (req) => {
    const workspaceId = await resolveWriteKey(ctx, req);
    const receivedAt = new Date();
    await services.contacts.ingest(workspaceId, parseBatch(req.body, receivedAt.getTime(), newId), receivedAt);
    return { success: true };
  });
}
