import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, problemResponses } from '../../../contracts/common.ts';
import {
  CreateWebhookBody,
  DeliveryPage,
  DeliveryQuery,
  UpdateWebhookBody,
  Webhook,
  WEBHOOK_EVENT_TYPES,
  WebhookDelivery,
  WebhookEventTypeInfo,
  WebhookList,
} from '../../../contracts/webhooks.ts';
import type { ModuleRoutes } from '../../app.ts';
import { AppError } from '../errors.ts';
import { requireAgent, requireWorkspace, type Auth } from '../auth/plugin.ts';
import type { DeliveryRow, WebhookRow } from './service.ts';

const MANAGERS = ['owner', 'admin'] as const;
const canManage = (auth: Auth) => auth.kind === 'api_key' || (MANAGERS as readonly string[]).includes(auth.role);

/** The secret goes only to those who may change the webhook anyway. */
function toWire(row: WebhookRow, withSecret: boolean): Webhook {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    event_types: row.eventTypes,
    active: row.active,
    ...(withSecret && { secret: row.secret }),
    created_at: row.createdAt.toISOString(),
  };
}

const deliveryToWire = (row: DeliveryRow): WebhookDelivery => ({
  id: row.id,
  webhook_id: row.webhookId,
  event_type: row.eventType,
  status: row.status,
  attempts: row.attempts,
  last_status_code: row.lastStatusCode,
  last_error: row.lastError,
  last_duration_ms: row.lastDurationMs,
  payload: row.payload,
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
});

/**
 * The same webhook API twice: under /api/app for the dashboard (agent session; only owners and
 * admins change anything) and under /api/v1 for integrations (API key, or a session as above).
 */
const routes: ModuleRoutes = async (fastify, { services }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const hooks = services.webhooks;

  app.get(
    '/api/app/webhook-event-types',
    { schema: { response: { 200: z.array(WebhookEventTypeInfo) } } },
    async (request) => {
      requireAgent(request);
      return Object.entries(WEBHOOK_EVENT_TYPES).map(([type, description]) => ({ type, description }));
    },
  );

  for (const prefix of ['/api/app/webhooks', '/api/v1/webhooks']) {
    const reader = (request: FastifyRequest): Auth =>
      prefix.startsWith('/api/app') ? requireAgent(request) : requireWorkspace(request);
    const writer = (request: FastifyRequest): Auth => {
      const auth = reader(request);
      if (!canManage(auth)) throw new AppError('forbidden', `Requires role ${MANAGERS.join(' or ')}`);
      return auth;
    };
    const schema = <S extends object>(s: S) => ({ tags: ['Webhooks'], ...s });

    app.get(
      prefix,
      { schema: schema({ summary: 'List webhooks', response: { 200: WebhookList, ...problemResponses } }) },
      async (request) => {
        const auth = reader(request);
        const rows = await hooks.list(auth.workspaceId);
        return { data: rows.map((r) => toWire(r, canManage(auth))) };
      },
    );

    app.post(
      prefix,
      {
        schema: schema({
          summary: 'Create a webhook',
          description: 'The response carries the signing secret (`whsec_…`). Targets on private addresses are refused.',
          body: CreateWebhookBody,
          response: { 201: Webhook, ...problemResponses },
        }),
      },
      async (request, reply) => {
        const auth = writer(request);
        const row = await hooks.create(auth.workspaceId, request.body);
        return reply.status(201).send(toWire(row, true));
      },
    );

    app.get(
      `${prefix}/:id`,
      { schema: schema({ summary: 'Get a webhook', params: IdParams, response: { 200: Webhook, ...problemResponses } }) },
      async (request) => {
        const auth = reader(request);
        return toWire(await hooks.get(auth.workspaceId, request.params.id), canManage(auth));
      },
    );

    app.patch(
      `${prefix}/:id`,
      {
        schema: schema({
          summary: 'Update a webhook',
          params: IdParams,
          body: UpdateWebhookBody,
          response: { 200: Webhook, ...problemResponses },
        }),
      },
      async (request) => {
        const auth = writer(request);
        return toWire(await hooks.update(auth.workspaceId, request.params.id, request.body), true);
      },
    );

    app.delete(
      `${prefix}/:id`,
      { schema: schema({ summary: 'Delete a webhook and its delivery log', params: IdParams, response: { 204: z.null(), ...problemResponses } }) },
      async (request, reply) => {
        const auth = writer(request);
        await hooks.remove(auth.workspaceId, request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      `${prefix}/:id/rotate-secret`,
      {
        schema: schema({
          summary: 'Replace the signing secret',
          description: 'Deliveries from now on are signed with the new secret only.',
          params: IdParams,
          response: { 200: Webhook, ...problemResponses },
        }),
      },
      async (request) => {
        const auth = writer(request);
        return toWire(await hooks.rotateSecret(auth.workspaceId, request.params.id), true);
      },
    );

    app.post(
      `${prefix}/:id/test`,
      {
        schema: schema({
          summary: 'Send a webhook.test ping',
          params: IdParams,
          response: { 202: WebhookDelivery, ...problemResponses },
        }),
      },
      async (request, reply) => {
        const auth = writer(request);
        return reply.status(202).send(deliveryToWire(await hooks.sendTest(auth.workspaceId, request.params.id)));
      },
    );

    app.get(
      `${prefix}/:id/deliveries`,
      {
        schema: schema({
          summary: 'Delivery log, newest first',
          params: IdParams,
          querystring: DeliveryQuery,
          response: { 200: DeliveryPage, ...problemResponses },
        }),
      },
      async (request) => {
        const auth = reader(request);
        const page = await hooks.deliveries(auth.workspaceId, request.params.id, request.query);
        return { data: page.data.map(deliveryToWire), next_cursor: page.nextCursor };
      },
    );
  }
};

export default routes;
