import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, problemResponses } from '../../contracts/common.ts';
import {
  Series,
  SeriesCreate,
  SeriesListQuery,
  SeriesPage,
  SeriesPreview,
  SeriesPreviewBody,
  SeriesUpdate,
} from '../../contracts/engagement.ts';
import { requireWorkspace } from '../platform/auth/plugin.ts';
import type { Services } from '../services.ts';

export async function restRoutes(base: FastifyInstance, services: Services) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const svc = services.engagement;
  const ws = (req: Parameters<typeof requireWorkspace>[0]) => requireWorkspace(req).workspaceId;
  const tags = ['E-mail series'];
  const one = { 200: Series, ...problemResponses };

  app.get('/api/v1/email-series', {
    schema: { tags, summary: 'List e-mail series with their results', querystring: SeriesListQuery, response: { 200: SeriesPage, ...problemResponses } },
  }, (req) => svc.list(ws(req), req.query));
  app.post('/api/v1/email-series', {
    schema: { tags, summary: 'Create an e-mail series (as a draft)', body: SeriesCreate, response: { 201: Series, ...problemResponses } },
  }, async (req, reply) => reply.status(201).send(await svc.create(ws(req), req.body)));
  app.post('/api/v1/email-series/preview', {
    schema: { tags, summary: 'Render one step as a person would receive it (sample name and e-mail)', body: SeriesPreviewBody, response: { 200: SeriesPreview, ...problemResponses } },
  }, (req) => svc.preview(ws(req), req.body));
  app.get('/api/v1/email-series/:id', {
    schema: { tags, summary: 'Get an e-mail series with its results', params: IdParams, response: one },
  }, (req) => svc.get(ws(req), req.params.id));
  app.patch('/api/v1/email-series/:id', {
    schema: { tags, summary: 'Update an e-mail series (a live one applies the new steps to who has not reached them)', params: IdParams, body: SeriesUpdate, response: one },
  }, (req) => svc.update(ws(req), req.params.id, req.body));
  app.post('/api/v1/email-series/:id/start', {
    schema: { tags, summary: 'Start (or resume) sending: triggers from now on enrol people', params: IdParams, response: one },
  }, (req) => svc.setState(ws(req), req.params.id, 'live'));
  app.post('/api/v1/email-series/:id/pause', {
    schema: { tags, summary: 'Pause: nobody is enrolled or mailed until it is started again', params: IdParams, response: one },
  }, (req) => svc.setState(ws(req), req.params.id, 'paused'));
  app.delete('/api/v1/email-series/:id', {
    schema: { tags, summary: 'Delete an e-mail series', params: IdParams, response: { 204: z.null().describe('Deleted'), ...problemResponses } },
  }, async (req, reply) => {
    await svc.remove(ws(req), req.params.id);
    return reply.status(204).send(null);
  });
}
