import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../platform/context.ts';
import type { DomainEvent } from '../platform/bus.ts';
import { requireAgent } from '../platform/auth/plugin.ts';
import type { Services } from '../services.ts';

const STREAMED = ['event.tracked', 'contact.updated'] as const;
const HEARTBEAT_MS = 25_000;

/** Which contact a streamed domain event is about. */
function contactOf(e: DomainEvent): string | undefined {
  const data = e.data as { event?: { contact_id?: string }; contact?: { id?: string } };
  return data.event?.contact_id ?? data.contact?.id;
}

/**
 * Server-sent events for a contact's profile in the dashboard. Broadcast listeners hear events
 * published on any node, so it works behind a load balancer with Redis.
 */
export async function streamRoutes(base: FastifyInstance, ctx: Ctx, services: Services) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const open = new Set<() => void>();
  // A server shutting down ends open streams, or it would wait for them forever.
  app.addHook('onClose', async () => {
    for (const end of open) end();
  });
  app.get('/api/app/stream', { schema: { hide: true, querystring: z.object({ contact_id: z.uuid() }) } }, async (req, reply) => {
    const { workspaceId } = requireAgent(req);
    const contactId = req.query.contact_id;
    await services.contacts.getContact(workspaceId, contactId);

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(': connected\n\n');
    const send = (e: DomainEvent) => {
      if (e.workspaceId !== workspaceId || contactOf(e) !== contactId) return;
      res.write(`id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e.data)}\n\n`);
    };
    const offs = STREAMED.map((type) => ctx.bus.onBroadcast(type, send));
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    const end = () => {
      open.delete(end);
      clearInterval(heartbeat);
      for (const off of offs) off();
      res.end();
    };
    open.add(end);
    req.raw.on('close', end);
  });
}
