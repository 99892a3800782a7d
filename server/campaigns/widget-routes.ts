import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DecideBody, DecideResponse, ReceiptsBody } from '../../contracts/campaigns.ts';
import { APP_HEADER, VISITOR_HEADER, visitorOf } from '../inbox/widget-routes.ts';
import type { Services } from '../services.ts';

/** The widget's two calls, authorised like every widget call by the app id and visitor token. */
export async function widgetRoutes(base: FastifyInstance, services: Services) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const visitor = visitorOf(services.inbox);
  const hidden = { hide: true } as const;

  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/widget/campaigns')) return;
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-allow-headers', `content-type, ${APP_HEADER}, ${VISITOR_HEADER}`);
  });

  app.post('/widget/campaigns/decide', { schema: { ...hidden, body: DecideBody, response: { 200: DecideResponse } } }, async (req) => {
    const { viewer } = await visitor(req);
    return services.campaigns.decide(viewer.workspaceId, viewer.contactId, req.body);
  });

  app.post('/widget/campaigns/receipts', { schema: { ...hidden, body: ReceiptsBody, response: { 204: z.null() } } }, async (req, reply) => {
    const { viewer } = await visitor(req);
    await services.campaigns.receipts(viewer.workspaceId, viewer.contactId, req.body);
    return reply.status(204).send(null);
  });
}
