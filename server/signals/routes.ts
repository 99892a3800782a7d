import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams } from '../../contracts/common.ts';
import {
  ContactSignals,
  SignalSettings,
  SignalSettingsUpdate,
  WidgetSignalBody,
  WidgetSignalConfig,
  WidgetSignalResult,
} from '../../contracts/signals.ts';
import type { ModuleRoutes } from '../app.ts';
import { APP_HEADER, VISITOR_HEADER, visitorOf } from '../inbox/widget-routes.ts';
import { requireAgent } from '../platform/auth/plugin.ts';

/**
 * Frustration signals: the workspace's switch (Settings, admins), a contact's recent signals
 * (Inbox side bar), and the widget's two calls — whether to run the detector, and a signal seen.
 */
const routes: ModuleRoutes = async (base, { services }) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const signals = services.signals;
  const visitor = visitorOf(services.inbox);
  const hidden = { hide: true } as const;

  // Called from customers' pages: the inbox's widget routes answer the preflight for every /widget path.
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/widget/')) return;
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-allow-headers', `content-type, ${APP_HEADER}, ${VISITOR_HEADER}`);
  });

  app.get('/api/app/signals/settings', { schema: { response: { 200: SignalSettings } } }, async (req) =>
    signals.settings(requireAgent(req).workspaceId),
  );
  app.patch('/api/app/signals/settings', { schema: { body: SignalSettingsUpdate, response: { 200: SignalSettings } } }, async (req) =>
    signals.updateSettings(requireAgent(req, ['owner', 'admin']).workspaceId, req.body),
  );
  app.get('/api/app/contacts/:id/signals', { schema: { params: IdParams, response: { 200: ContactSignals } } }, async (req) =>
    signals.forContact(requireAgent(req).workspaceId, req.params.id),
  );

  app.get('/widget/signals', { schema: { ...hidden, response: { 200: WidgetSignalConfig } } }, async (req) => {
    const { viewer } = await visitor(req);
    return signals.settings(viewer.workspaceId);
  });
  app.post('/widget/signals', { schema: { ...hidden, body: WidgetSignalBody, response: { 202: WidgetSignalResult } } }, async (req, reply) => {
    const { viewer } = await visitor(req);
    return reply.status(202).send(await signals.record(viewer, req.body));
  });
};

export default routes;
