import websocket from '@fastify/websocket';
import type { ModuleRoutes } from '../app.ts';
import { createIpLimit, limitPrefix } from '../platform/auth/rate-limit.ts';
import { registerGateway } from './gateway.ts';
import { attachmentRoutes } from './attachment-routes.ts';
import { callerOf, restRoutes } from './rest-routes.ts';
import { visitorOf, widgetRoutes } from './widget-routes.ts';
import { widgetScriptRoute } from './widget-script.ts';
import { inboxToolsRoutes } from './tools/routes.ts';

/** Per IP: new Messenger sessions, new conversations and uploads, each over ten minutes. */
export const WIDGET_LIMITS = { sessions: 60, conversations: 20, uploads: 30, windowSeconds: 600 } as const;

/** Inbox module: the Messenger's script, HTTP API and gateway, and the conversations REST API. */
const routes: ModuleRoutes = async (app, { ctx, services }) => {
  const redisUrl = ctx.config.REDIS_URL;
  const keyPrefix = limitPrefix(ctx.config);
  const limits = {
    sessions: await createIpLimit({ name: 'widget_session', points: WIDGET_LIMITS.sessions, windowSeconds: WIDGET_LIMITS.windowSeconds, redisUrl, keyPrefix }),
    conversations: await createIpLimit({ name: 'widget_conversation', points: WIDGET_LIMITS.conversations, windowSeconds: WIDGET_LIMITS.windowSeconds, redisUrl, keyPrefix }),
    uploads: await createIpLimit({ name: 'widget_upload', points: WIDGET_LIMITS.uploads, windowSeconds: WIDGET_LIMITS.windowSeconds, redisUrl, keyPrefix }),
  };
  app.addHook('onClose', async () => {
    for (const limit of Object.values(limits)) await limit.close();
  });
  await app.register(websocket, {
    options: { maxPayload: 64 * 1024 },
    // Terminated, not closed: waiting for close handshakes of clients that are gone held
    // shutdown up to ws's 30 s timeout. Clients reconnect (to another node) and resume from
    // their last seq either way.
    preClose(done) {
      for (const client of this.websocketServer.clients) client.terminate();
      this.websocketServer.close();
      done();
    },
  });
  widgetScriptRoute(app);
  await widgetRoutes(app, services, limits);
  await restRoutes(app, services);
  await inboxToolsRoutes(app, services);
  await attachmentRoutes(app, services, { uploads: limits.uploads, visitor: visitorOf(services.inbox), caller: callerOf });
  await registerGateway(app, ctx, services, limits);
};

export default routes;
