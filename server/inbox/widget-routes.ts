import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  BootBody,
  BootResponse,
  Created,
  CsatBody,
  Message,
  MessageList,
  MessageListQuery,
  ReadBody,
  WidgetConversationCreate,
  WidgetConversation,
  WidgetConversationList,
  WidgetEmailBody,
  WidgetEventBody,
  WidgetMessageCreate,
} from '../../contracts/messenger.ts';
import { IdParams } from '../../contracts/common.ts';
import { AppError } from '../platform/errors.ts';
import type { IpLimit } from '../platform/auth/rate-limit.ts';
import type { Services } from '../services.ts';
import { toMessage } from './records.ts';
import type { Actor } from './service.ts';

export const APP_HEADER = 'x-baton-app';
export const VISITOR_HEADER = 'x-baton-visitor';

/**
 * The Messenger's HTTP API. It is called from customers' pages on other origins, so it answers
 * CORS for any origin; it never uses cookies — a call is authorised by the app id and the
 * visitor token in headers.
 */
/** The visitor a widget call comes from (app id + visitor token headers). */
export function visitorOf(inbox: Services['inbox']) {
  return async (req: FastifyRequest): Promise<Extract<Actor, { kind: 'visitor' }>> => {
    const appId = req.headers[APP_HEADER];
    const token = req.headers[VISITOR_HEADER];
    if (typeof appId !== 'string' || typeof token !== 'string') {
      throw new AppError('unauthorized', `Send ${APP_HEADER} and ${VISITOR_HEADER} (from boot)`);
    }
    return { kind: 'visitor', viewer: await inbox.viewer(appId, token) };
  };
}

export async function widgetRoutes(base: FastifyInstance, services: Services, limits: { sessions: IpLimit; conversations: IpLimit }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const inbox = services.inbox;

  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/widget/')) return;
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-allow-headers', `content-type, ${APP_HEADER}, ${VISITOR_HEADER}`);
    reply.header('access-control-allow-methods', 'GET, POST');
    reply.header('access-control-max-age', '600');
  });
  app.options('/widget/*', { schema: { hide: true } }, (_req, reply) => reply.status(204).send());

  const visitor = visitorOf(inbox);
  const hidden = { hide: true } as const;

  app.post('/widget/boot', { schema: { ...hidden, body: BootBody, response: { 200: BootResponse } } }, (req) =>
    inbox.boot(req.body, () => limits.sessions.consume(req.ip)),
  );

  app.get('/widget/conversations', { schema: { ...hidden, response: { 200: WidgetConversationList } } }, async (req) => {
    const { viewer } = await visitor(req);
    return { data: await inbox.widgetConversations(viewer) };
  });

  app.post('/widget/conversations', { schema: { ...hidden, body: WidgetConversationCreate, response: { 200: Created, 201: Created } } }, async (req, reply) => {
    const actor = await visitor(req);
    await limits.conversations.consume(req.ip);
    const sent = await inbox.start(actor.viewer.workspaceId, actor, { contactId: actor.viewer.contactId, body: req.body.body, clientId: req.body.client_id });
    const conversation = await inbox.widgetConversation(actor.viewer, sent.conversation);
    return reply.status(sent.created ? 201 : 200).send({ conversation, message: toMessage(sent.message), created: sent.created });
  });

  app.get('/widget/conversations/:id/messages', { schema: { ...hidden, params: IdParams, querystring: MessageListQuery, response: { 200: MessageList } } }, async (req) => {
    const actor = await visitor(req);
    return inbox.messages(actor.viewer.workspaceId, req.params.id, actor, req.query);
  });

  app.post('/widget/conversations/:id/messages', { schema: { ...hidden, params: IdParams, body: WidgetMessageCreate, response: { 200: Message, 201: Message } } }, async (req, reply) => {
    const actor = await visitor(req);
    const sent = await inbox.send(actor.viewer.workspaceId, actor, req.params.id, { body: req.body.body, clientId: req.body.client_id });
    return reply.status(sent.created ? 201 : 200).send(toMessage(sent.message));
  });

  app.post('/widget/conversations/:id/read', { schema: { ...hidden, params: IdParams, body: ReadBody, response: { 200: z.object({ seq: z.number() }) } } }, async (req) => {
    const actor = await visitor(req);
    return inbox.read(actor.viewer.workspaceId, req.params.id, actor, req.body.seq);
  });

  app.post('/widget/conversations/:id/csat', { schema: { ...hidden, params: IdParams, body: CsatBody, response: { 200: WidgetConversation } } }, async (req) => {
    const actor = await visitor(req);
    return inbox.rate(actor.viewer.workspaceId, req.params.id, actor, req.body);
  });

  app.post('/widget/events', { schema: { ...hidden, body: WidgetEventBody } }, async (req, reply) => {
    const { viewer } = await visitor(req);
    await inbox.trackVisitorEvent(viewer, req.body.name, req.body.metadata ?? {});
    return reply.status(202).send();
  });

  app.post('/widget/email', { schema: { ...hidden, body: WidgetEmailBody, response: { 200: z.object({ saved: z.boolean() }) } } }, async (req) => {
    const { viewer } = await visitor(req);
    return inbox.setVisitorEmail(viewer, req.body.email);
  });
}
