import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams } from '../../contracts/common.ts';
import { ChecklistItemParams, ChecklistProgress, SurveyAnswerBody, SurveyResults } from '../../contracts/guides.ts';
import type { ModuleRoutes } from '../app.ts';
import { APP_HEADER, VISITOR_HEADER, visitorOf } from '../inbox/widget-routes.ts';
import { requireAgent } from '../platform/auth/plugin.ts';

/** Survey answers and checklist ticks from the widget; survey results for the dashboard. */
const routes: ModuleRoutes = async (base, { services }) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const guides = services.guides;
  const visitor = visitorOf(services.inbox);
  const hidden = { hide: true } as const;

  // Called from customers' pages: the inbox's widget routes answer the preflight for every /widget path.
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/widget/')) return;
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-allow-headers', `content-type, ${APP_HEADER}, ${VISITOR_HEADER}`);
  });

  app.post('/widget/surveys/:id/answers', { schema: { ...hidden, params: IdParams, body: SurveyAnswerBody } }, async (req, reply) => {
    const { viewer } = await visitor(req);
    await guides.answer(viewer, req.params.id, req.body);
    return reply.status(204).send();
  });
  app.get('/widget/checklists/:id', { schema: { ...hidden, params: IdParams, response: { 200: ChecklistProgress } } }, async (req) => {
    const { viewer } = await visitor(req);
    return guides.progress(viewer, req.params.id);
  });
  app.post('/widget/checklists/:id/items/:item', { schema: { ...hidden, params: ChecklistItemParams, response: { 200: ChecklistProgress } } }, async (req) => {
    const { viewer } = await visitor(req);
    return guides.tick(viewer, req.params.id, req.params.item);
  });

  app.get('/api/app/campaigns/:id/survey-results', { schema: { params: IdParams, response: { 200: SurveyResults } } }, async (req) =>
    guides.results(requireAgent(req).workspaceId, req.params.id),
  );
};

export default routes;
