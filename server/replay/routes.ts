import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams } from '../../contracts/common.ts';
import {
  ConversationReplay,
  ConversationReplayEvents,
  ReplaySettings,
  ReplaySettingsUpdate,
  WidgetReplayChunk,
  WidgetReplayConfig,
  WidgetReplayResult,
} from '../../contracts/replay.ts';
import type { ModuleRoutes } from '../app.ts';
import { APP_HEADER, VISITOR_HEADER, visitorOf } from '../inbox/widget-routes.ts';
import { createIpLimit, limitPrefix } from '../platform/auth/rate-limit.ts';
import { requireAgent } from '../platform/auth/plugin.ts';

/** Per visitor: uploads over ten minutes (the widget sends one every few seconds at most), and bytes per upload. */
export const REPLAY_LIMITS = { uploads: 200, windowSeconds: 600, bytes: 512 * 1024 } as const;

/**
 * Session replay: the workspace's switch and retention (Settings, admins), the replay linked from
 * a conversation (agents), and the widget's two calls — whether to record, and a batch of events.
 */
const routes: ModuleRoutes = async (base, { ctx, services }) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const replay = services.replay;
  const visitor = visitorOf(services.inbox);
  const hidden = { hide: true } as const;
  const uploads = await createIpLimit({ name: 'replay_upload', points: REPLAY_LIMITS.uploads, windowSeconds: REPLAY_LIMITS.windowSeconds, redisUrl: ctx.config.REDIS_URL, keyPrefix: limitPrefix(ctx.config) });
  app.addHook('onClose', () => uploads.close());

  // Called from customers' pages: the inbox's widget routes answer the preflight for every /widget path.
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/widget/')) return;
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-allow-headers', `content-type, ${APP_HEADER}, ${VISITOR_HEADER}`);
  });

  app.get('/api/app/replay/settings', { schema: { response: { 200: ReplaySettings } } }, async (req) => replay.settings(requireAgent(req).workspaceId));
  app.patch('/api/app/replay/settings', { schema: { body: ReplaySettingsUpdate, response: { 200: ReplaySettings } } }, async (req) =>
    replay.updateSettings(requireAgent(req, ['owner', 'admin']).workspaceId, req.body),
  );
  app.get('/api/app/conversations/:id/replay', { schema: { params: IdParams, response: { 200: ConversationReplay } } }, async (req) => {
    const agent = requireAgent(req);
    return replay.forConversation(agent.workspaceId, req.params.id, agent.agentId);
  });
  app.get('/api/app/conversations/:id/replay/events', { schema: { params: IdParams, response: { 200: ConversationReplayEvents } } }, async (req) => {
    const agent = requireAgent(req);
    return { events: await replay.eventsForConversation(agent.workspaceId, req.params.id, agent.agentId) };
  });

  app.get('/widget/replay', { schema: { ...hidden, response: { 200: WidgetReplayConfig } } }, async (req) => {
    const { viewer } = await visitor(req);
    return { record: await replay.records(viewer) };
  });
  app.post(
    '/widget/replay',
    { bodyLimit: REPLAY_LIMITS.bytes, schema: { ...hidden, body: WidgetReplayChunk, response: { 202: WidgetReplayResult } } },
    async (req, reply) => {
      const { viewer } = await visitor(req);
      await uploads.consume(viewer.visitorId);
      const bytes = Number(req.headers['content-length'] ?? 0);
      return reply.status(202).send(await replay.store(viewer, req.body, bytes));
    },
  );
};

export default routes;
