import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, problemResponses } from '../../contracts/common.ts';
import {
  Conversation,
  ConversationCreate,
  ConversationListQuery,
  ConversationPage,
  ConversationUpdate,
  Message,
  MessageCreate,
  MessageList,
  MessageListQuery,
  ReadBody,
} from '../../contracts/messenger.ts';
import { requireWorkspace } from '../platform/auth/plugin.ts';
import type { Services } from '../services.ts';
import { toMessage } from './records.ts';
import type { Actor } from './service.ts';

/** Who calls the REST API: a signed-in agent or an API key of the workspace. */
export function callerOf(req: FastifyRequest): { ws: string; actor: Actor; me: string | null } {
  const auth = requireWorkspace(req);
  return auth.kind === 'agent'
    ? { ws: auth.workspaceId, actor: { kind: 'agent', agentId: auth.agentId }, me: auth.agentId }
    : { ws: auth.workspaceId, actor: { kind: 'api_key' }, me: null };
}

/** REST API v1 for conversations; the dashboard's Inbox uses the same routes with its session. */
export async function restRoutes(base: FastifyInstance, services: Services) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const inbox = services.inbox;
  const caller = callerOf;
  const tags = ['Conversations'];

  app.get('/api/v1/conversations', {
    schema: { tags, summary: 'List conversations, most recently active first', querystring: ConversationListQuery, response: { 200: ConversationPage, ...problemResponses } },
  }, (req) => {
    const { ws, me } = caller(req);
    return inbox.list(ws, req.query, me);
  });

  app.post('/api/v1/conversations', {
    schema: { tags, summary: 'Start a conversation with a first message from the contact', body: ConversationCreate, response: { 200: Conversation, 201: Conversation, ...problemResponses } },
  }, async (req, reply) => {
    const { ws, actor } = caller(req);
    const sent = await inbox.start(ws, actor, { contactId: req.body.contact_id, body: req.body.body, clientId: req.body.client_id });
    return reply.status(sent.created ? 201 : 200).send(await inbox.get(ws, sent.conversation.id, actor));
  });

  app.get('/api/v1/conversations/:id', {
    schema: { tags, summary: 'Get a conversation', params: IdParams, response: { 200: Conversation, ...problemResponses } },
  }, (req) => {
    const { ws, actor } = caller(req);
    return inbox.get(ws, req.params.id, actor);
  });

  app.patch('/api/v1/conversations/:id', {
    schema: { tags, summary: 'Close, reopen, snooze, assign to an agent or a team', params: IdParams, body: ConversationUpdate, response: { 200: Conversation, ...problemResponses } },
  }, (req) => inbox.update(caller(req).ws, req.params.id, req.body));

  app.get('/api/v1/conversations/:id/messages', {
    schema: { tags, summary: 'Messages in sequence order, after a sequence number', params: IdParams, querystring: MessageListQuery, response: { 200: MessageList, ...problemResponses } },
  }, (req) => {
    const { ws, actor } = caller(req);
    return inbox.messages(ws, req.params.id, actor, req.query);
  });

  app.post('/api/v1/conversations/:id/messages', {
    schema: {
      tags,
      summary: 'Reply (as the signed-in agent; as a bot with an API key). A repeated client_id returns the first message with 200',
      params: IdParams,
      body: MessageCreate,
      response: { 200: Message, 201: Message, ...problemResponses },
    },
  }, async (req, reply) => {
    const { ws, actor } = caller(req);
    const sent = await inbox.send(ws, actor, req.params.id, { body: req.body.body, clientId: req.body.client_id });
    return reply.status(sent.created ? 201 : 200).send(toMessage(sent.message));
  });

  app.post('/api/v1/conversations/:id/read', {
    schema: { tags, summary: 'Mark the conversation read by the team up to a sequence number', params: IdParams, body: ReadBody, response: { 200: z.object({ seq: z.number().int() }), ...problemResponses } },
  }, (req) => {
    const { ws, actor } = caller(req);
    return inbox.read(ws, req.params.id, actor, req.body.seq);
  });
}
