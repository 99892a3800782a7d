import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, problemResponses } from '../../contracts/common.ts';
import { Campaign, CampaignCreate, CampaignListQuery, CampaignPage, CampaignStats, CampaignUpdate, DeliverySettings, PickToken } from '../../contracts/campaigns.ts';
import { requireWorkspace } from '../platform/auth/plugin.ts';
import type { Services } from '../services.ts';

export async function restRoutes(base: FastifyInstance, services: Services) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const svc = services.campaigns;
  const ws = (req: Parameters<typeof requireWorkspace>[0]) => requireWorkspace(req).workspaceId;
  const tags = ['Campaigns'];
  const one = { 200: Campaign, ...problemResponses };

  app.get('/api/v1/campaigns', {
    schema: { tags, summary: 'List campaigns (in-app messages, banners, tooltips, tours, checklists, surveys), newest first', querystring: CampaignListQuery, response: { 200: CampaignPage, ...problemResponses } },
  }, (req) => svc.list(ws(req), req.query));
  app.post('/api/v1/campaigns', {
    schema: { tags, summary: 'Create a campaign (as a draft)', body: CampaignCreate, response: { 201: Campaign, ...problemResponses } },
  }, async (req, reply) => reply.status(201).send(await svc.create(ws(req), req.body)));
  app.get('/api/v1/campaigns/:id', { schema: { tags, summary: 'Get a campaign', params: IdParams, response: one } }, (req) => svc.get(ws(req), req.params.id));
  app.patch('/api/v1/campaigns/:id', {
    schema: { tags, summary: 'Update a campaign (a live one applies at the next page view)', params: IdParams, body: CampaignUpdate, response: one },
  }, (req) => svc.update(ws(req), req.params.id, req.body));
  app.post('/api/v1/campaigns/:id/start', {
    schema: { tags, summary: 'Start (or resume) a campaign; a control group gets its experiment in the lab', params: IdParams, response: one },
  }, (req) => svc.setState(ws(req), req.params.id, 'live'));
  app.post('/api/v1/campaigns/:id/pause', {
    schema: { tags, summary: 'Pause a live campaign: it shows to nobody until started again', params: IdParams, response: one },
  }, (req) => svc.setState(ws(req), req.params.id, 'paused'));
  app.post('/api/v1/campaigns/pick-token', {
    schema: { tags, summary: 'A ten-minute token for the builder\'s "pick an element" mode on the workspace\'s own pages', response: { 200: PickToken, ...problemResponses } },
  }, (req) => svc.pickToken(ws(req)));
  app.get('/api/v1/campaigns/:id/stats', {
    schema: { tags, summary: 'Funnel, per-step counts and receivers vs. control goal conversion', params: IdParams, response: { 200: CampaignStats, ...problemResponses } },
  }, (req) => svc.stats(ws(req), req.params.id));
  app.delete('/api/v1/campaigns/:id', {
    schema: { tags, summary: 'Delete a campaign (its lab experiment is stopped and kept)', params: IdParams, response: { 204: z.null().describe('Deleted'), ...problemResponses } },
  }, async (req, reply) => {
    await svc.remove(ws(req), req.params.id);
    return reply.status(204).send(null);
  });
  app.get('/api/v1/campaign-settings', {
    schema: { tags, summary: 'Workspace-wide delivery rules (caps, quiet hours, colour)', response: { 200: DeliverySettings, ...problemResponses } },
  }, (req) => svc.settings(ws(req)));
  app.put('/api/v1/campaign-settings', {
    schema: { tags, summary: 'Replace the workspace-wide delivery rules', body: DeliverySettings, response: { 200: DeliverySettings, ...problemResponses } },
  }, (req) => svc.setSettings(ws(req), req.body));
}
