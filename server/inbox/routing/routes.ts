import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, problemResponses } from '../../../contracts/common.ts';
import {
  ConversationRouting,
  OfficeHours,
  ReorderBody,
  RoutingRule,
  RoutingRuleCreate,
  RoutingRuleUpdate,
  SlaPolicy,
  SlaPolicyCreate,
  SlaStats,
  SlaStatsQuery,
} from '../../../contracts/routing.ts';
import type { ModuleRoutes } from '../../app.ts';
import { requireWorkspace } from '../../platform/auth/plugin.ts';

const Deleted = { 204: z.null().describe('Deleted'), ...problemResponses };

/** Routing rules and SLA policies over REST v1 (the dashboard uses them with its session). */
const routes: ModuleRoutes = async (base: FastifyInstance, { services }) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const svc = services.routing;
  const ws = (req: Parameters<typeof requireWorkspace>[0]) => requireWorkspace(req).workspaceId;
  const sla = { tags: ['SLA policies'] };
  const rules = { tags: ['Routing rules'] };

  app.get('/api/v1/sla-policies', {
    schema: { ...sla, summary: 'List SLA policies', response: { 200: z.object({ data: z.array(SlaPolicy) }), ...problemResponses } },
  }, async (req) => ({ data: await svc.listPolicies(ws(req)) }));
  app.post('/api/v1/sla-policies', {
    schema: { ...sla, summary: 'Create an SLA policy', body: SlaPolicyCreate, response: { 201: SlaPolicy, ...problemResponses } },
  }, async (req, reply) => reply.status(201).send(await svc.createPolicy(ws(req), req.body)));
  app.get('/api/v1/sla-policies/:id/stats', {
    schema: { ...sla, summary: 'First-response results of a policy (default: the last 30 days)', params: IdParams, querystring: SlaStatsQuery, response: { 200: SlaStats, ...problemResponses } },
  }, (req) => svc.policyStats(ws(req), req.params.id, req.query));
  app.delete('/api/v1/sla-policies/:id', {
    schema: { ...sla, summary: 'Delete an SLA policy (rules using it keep routing, without a target)', params: IdParams, response: Deleted },
  }, async (req, reply) => {
    await svc.deletePolicy(ws(req), req.params.id);
    return reply.status(204).send(null);
  });

  const hours = { tags: ['Office hours'] };
  const TeamOfficeHours = z.object({ office_hours: OfficeHours.nullable().describe('Null: the team is always open') });
  app.get('/api/v1/teams/:id/office-hours', {
    schema: { ...hours, summary: "A team's office hours and holidays", params: IdParams, response: { 200: TeamOfficeHours, ...problemResponses } },
  }, async (req) => ({ office_hours: await svc.officeHours(ws(req), req.params.id) }));
  app.put('/api/v1/teams/:id/office-hours', {
    schema: { ...hours, summary: "Set a team's office hours and holidays (business-hours SLA policies count only these)", params: IdParams, body: OfficeHours, response: { 200: TeamOfficeHours, ...problemResponses } },
  }, async (req) => ({ office_hours: await svc.setOfficeHours(ws(req), req.params.id, req.body) }));
  app.delete('/api/v1/teams/:id/office-hours', {
    schema: { ...hours, summary: "Remove a team's office hours (always open)", params: IdParams, response: Deleted },
  }, async (req, reply) => {
    await svc.setOfficeHours(ws(req), req.params.id, null);
    return reply.status(204).send(null);
  });

  app.get('/api/v1/conversations/:id/routing', {
    schema: { tags: ['Conversations'], summary: 'How a conversation was routed, and its first-response SLA status', params: IdParams, response: { 200: ConversationRouting, ...problemResponses } },
  }, (req) => svc.of(ws(req), req.params.id));
  app.get('/api/v1/routing-rules', {
    schema: { ...rules, summary: 'List routing rules in order (the first match wins)', response: { 200: z.object({ data: z.array(RoutingRule) }), ...problemResponses } },
  }, async (req) => ({ data: await svc.listRules(ws(req)) }));
  app.post('/api/v1/routing-rules', {
    schema: { ...rules, summary: 'Add a routing rule at the end', body: RoutingRuleCreate, response: { 201: RoutingRule, ...problemResponses } },
  }, async (req, reply) => reply.status(201).send(await svc.createRule(ws(req), req.body)));
  app.put('/api/v1/routing-rules/order', {
    schema: { ...rules, summary: 'Reorder the routing rules', body: ReorderBody, response: { 200: z.object({ data: z.array(RoutingRule) }), ...problemResponses } },
  }, async (req) => ({ data: await svc.reorder(ws(req), req.body.ids) }));
  app.patch('/api/v1/routing-rules/:id', {
    schema: { ...rules, summary: 'Update a routing rule', params: IdParams, body: RoutingRuleUpdate, response: { 200: RoutingRule, ...problemResponses } },
  }, (req) => svc.updateRule(ws(req), req.params.id, req.body));
  app.delete('/api/v1/routing-rules/:id', {
    schema: { ...rules, summary: 'Delete a routing rule', params: IdParams, response: Deleted },
  }, async (req, reply) => {
    await svc.deleteRule(ws(req), req.params.id);
    return reply.status(204).send(null);
  });
};

export default routes;
