import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, problemResponses } from '../../contracts/common.ts';
import {
  ConversationFeedback,
  CreateFeedbackItem,
  FeedbackItem,
  FeedbackItemDetail,
  FeedbackItemList,
  FeedbackListQuery,
  LinkConversationBody,
  LinkedConversationList,
  NotificationRun,
  NotificationRunList,
  StartNotification,
  UnlinkParams,
  UpdateFeedbackItem,
} from '../../contracts/feedback.ts';
import type { ModuleRoutes } from '../app.ts';
import { requireWorkspace } from '../platform/auth/plugin.ts';

const tags = ['Feedback'];

const agentOf = (req: FastifyRequest) => {
  const auth = requireWorkspace(req);
  return { ws: auth.workspaceId, agentId: auth.kind === 'agent' ? auth.agentId : null };
};

const routes: ModuleRoutes = async (base, { services }) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { feedback } = services;

  app.get('/api/v1/feedback-items', {
    schema: { tags, summary: 'Feedback items ranked by affected customers (default), their ARR, or newest first', querystring: FeedbackListQuery, response: { 200: FeedbackItemList, ...problemResponses } },
  }, async (req) => ({ data: await feedback.list(requireWorkspace(req).workspaceId, req.query) }));

  app.get('/api/v1/feedback-items.csv', {
    schema: { tags, summary: 'The ranked list as CSV', querystring: FeedbackListQuery, response: { 200: z.string(), ...problemResponses } },
  }, async (req, reply) => {
    const csv = await feedback.csv(requireWorkspace(req).workspaceId, req.query);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="feedback-items.csv"').send(csv);
  });

  app.post('/api/v1/feedback-items', {
    schema: { tags, summary: 'Create a feedback item', body: CreateFeedbackItem, response: { 201: FeedbackItem, ...problemResponses } },
  }, async (req, reply) => reply.status(201).send(await feedback.create(requireWorkspace(req).workspaceId, req.body)));

  app.get('/api/v1/feedback-items/:id', {
    schema: { tags, summary: 'A feedback item with its numbers, plan mix and weekly trend', params: IdParams, response: { 200: FeedbackItemDetail, ...problemResponses } },
  }, (req) => feedback.detail(requireWorkspace(req).workspaceId, req.params.id));

  app.patch('/api/v1/feedback-items/:id', {
    schema: { tags, summary: 'Change a feedback item (kind, title, description, status)', params: IdParams, body: UpdateFeedbackItem, response: { 200: FeedbackItem, ...problemResponses } },
  }, (req) => feedback.update(requireWorkspace(req).workspaceId, req.params.id, req.body));

  app.get('/api/v1/feedback-items/:id/conversations', {
    schema: { tags, summary: 'The conversations linked to an item, newest link first', params: IdParams, response: { 200: LinkedConversationList, ...problemResponses } },
  }, async (req) => ({ data: await feedback.conversations(requireWorkspace(req).workspaceId, req.params.id) }));

  app.post('/api/v1/feedback-items/:id/conversations', {
    schema: { tags, summary: 'Link a conversation to an item (again: no change)', params: IdParams, body: LinkConversationBody, response: { 200: FeedbackItem, ...problemResponses } },
  }, (req) => {
    const { ws, agentId } = agentOf(req);
    return feedback.link(ws, req.params.id, { conversationId: req.body.conversation_id, source: req.body.source ?? (agentId ? 'agent' : 'api'), agentId });
  });

  app.delete('/api/v1/feedback-items/:id/conversations/:conversationId', {
    schema: { tags, summary: 'Unlink a conversation from an item', params: UnlinkParams, response: { 204: z.null(), ...problemResponses } },
  }, async (req, reply) => {
    await feedback.unlink(requireWorkspace(req).workspaceId, req.params.id, req.params.conversationId);
    return reply.status(204).send(null);
  });

  app.get('/api/v1/feedback-items/:id/notifications', {
    schema: { tags, summary: 'Runs of "notify affected customers", newest first, with their progress', params: IdParams, response: { 200: NotificationRunList, ...problemResponses } },
  }, async (req) => ({ data: await feedback.notifications.list(requireWorkspace(req).workspaceId, req.params.id) }));

  app.post('/api/v1/feedback-items/:id/notifications', {
    schema: {
      tags,
      summary: 'Tell every affected customer a shipped item shipped, by Messenger or e-mail in their language; a job sends, each customer at most once',
      params: IdParams,
      body: StartNotification,
      response: { 202: NotificationRun, ...problemResponses },
    },
  }, async (req, reply) => {
    const { ws, agentId } = agentOf(req);
    return reply.status(202).send(await feedback.notifications.start(ws, req.params.id, agentId, req.body));
  });

  app.get('/api/v1/conversations/:id/feedback', {
    schema: { tags, summary: 'The feedback items a conversation is linked to, and open items it resembles', params: IdParams, response: { 200: ConversationFeedback, ...problemResponses } },
  }, (req) => feedback.forConversation(requireWorkspace(req).workspaceId, req.params.id));
};

export default routes;
