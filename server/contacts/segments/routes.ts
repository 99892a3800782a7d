import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, problemResponses } from '../../../contracts/common.ts';
import {
  Segment,
  SegmentCreate,
  SegmentListQuery,
  SegmentPage,
  SegmentPreview,
  SegmentPreviewBody,
  SegmentUpdate,
} from '../../../contracts/segments.ts';
import { requireWorkspace } from '../../platform/auth/plugin.ts';
import type { Services } from '../../services.ts';

/** Saved segments over REST v1 (the dashboard uses the same routes with its session). */
export async function segmentsRoutes(base: FastifyInstance, services: Services) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const svc = services.segments;
  const ws = (req: Parameters<typeof requireWorkspace>[0]) => requireWorkspace(req).workspaceId;
  const tags = ['Segments'];

  app.get('/api/v1/events/names', {
    schema: { tags: ['Events'], summary: 'Distinct event names of the workspace, sorted (at most 500)', response: { 200: z.object({ data: z.array(z.string()) }), ...problemResponses } },
  }, async (req) => ({ data: await services.contacts.eventNames(ws(req)) }));
  const memberOf = { summary: 'Segments it is in, as of their last refresh', params: IdParams, response: { 200: z.object({ data: z.array(Segment) }), ...problemResponses } };
  app.get('/api/v1/contacts/:id/segments', { schema: { tags: ['Contacts'], ...memberOf } }, async (req) => {
    await services.contacts.getContact(ws(req), req.params.id);
    return { data: await svc.of(ws(req), req.params.id) };
  });
  app.get('/api/v1/companies/:id/segments', { schema: { tags: ['Companies'], ...memberOf } }, async (req) => {
    await services.contacts.getCompany(ws(req), req.params.id);
    return { data: await svc.of(ws(req), req.params.id) };
  });
  app.get('/api/v1/segments', {
    schema: { tags, summary: 'List segments', querystring: SegmentListQuery, response: { 200: SegmentPage, ...problemResponses } },
  }, (req) => svc.list(ws(req), req.query));
  app.post('/api/v1/segments', {
    schema: { tags, summary: 'Create a segment (its members are computed at once)', body: SegmentCreate, response: { 201: Segment, ...problemResponses } },
  }, async (req, reply) => reply.status(201).send(await svc.create(ws(req), req.body)));
  app.post('/api/v1/segments/preview', {
    schema: { tags, summary: 'Count who a rule matches now, without saving it', body: SegmentPreviewBody, response: { 200: SegmentPreview, ...problemResponses } },
  }, (req) => svc.preview(ws(req), req.body.target ?? 'contact', req.body.rule));
  app.get('/api/v1/segments/:id', {
    schema: { tags, summary: 'Get a segment', params: IdParams, response: { 200: Segment, ...problemResponses } },
  }, (req) => svc.get(ws(req), req.params.id));
  app.patch('/api/v1/segments/:id', {
    schema: { tags, summary: 'Update a segment', params: IdParams, body: SegmentUpdate, response: { 200: Segment, ...problemResponses } },
  }, (req) => svc.update(ws(req), req.params.id, req.body));
  app.delete('/api/v1/segments/:id', {
    schema: { tags, summary: 'Delete a segment', params: IdParams, response: { 204: z.null().describe('Deleted'), ...problemResponses } },
  }, async (req, reply) => {
    await svc.remove(ws(req), req.params.id);
    return reply.status(204).send(null);
  });
}
