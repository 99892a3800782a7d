import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, problemResponses } from '../../../contracts/common.ts';
import {
  ConversationCounts,
  ConversationTagParams,
  ConversationTags,
  Note,
  NoteCreate,
  NoteList,
  NotificationList,
  NotificationsRead,
  PresenceBody,
  PresenceList,
  RenderedReply,
  SavedReply,
  SavedReplyCreate,
  SavedReplyList,
  SavedReplyRenderParams,
  SavedReplyUpdate,
  Tag,
  TagCreate,
  TagList,
  TagUpdate,
} from '../../../contracts/inbox-tools.ts';
import { requireAgent } from '../../platform/auth/plugin.ts';
import type { Services } from '../../services.ts';
import { callerOf } from '../rest-routes.ts';

/** Notes, tags, saved replies, notifications, presence and view counts: thin routes over the tools service. */
export async function inboxToolsRoutes(base: FastifyInstance, services: Services) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const tools = services.inboxTools;
  const agent = (req: Parameters<typeof requireAgent>[0]) => requireAgent(req);
  const noContent = { 204: z.null() };

  app.get('/api/v1/conversations/counts', {
    schema: { tags: ['Conversations'], summary: 'How many conversations each Inbox view holds', response: { 200: ConversationCounts, ...problemResponses } },
  }, (req) => {
    const { ws, me } = callerOf(req);
    return tools.counts(ws, me);
  });

  const notes = ['Notes'];
  app.get('/api/v1/conversations/:id/notes', {
    schema: { tags: notes, summary: "Internal notes of a conversation (never shown to the customer)", params: IdParams, response: { 200: NoteList, ...problemResponses } },
  }, (req) => {
    const { ws, actor } = callerOf(req);
    return tools.notes.list(ws, actor, req.params.id);
  });
  app.post('/api/v1/conversations/:id/notes', {
    schema: { tags: notes, summary: 'Write an internal note; @mentioned teammates are notified in the dashboard and by e-mail', params: IdParams, body: NoteCreate, response: { 201: Note, ...problemResponses } },
  }, async (req, reply) => {
    const a = agent(req);
    return reply.status(201).send(await tools.notes.create(a.workspaceId, a.agentId, req.params.id, req.body));
  });

  const tagTags = ['Tags'];
  app.get('/api/v1/tags', { schema: { tags: tagTags, summary: "The workspace's tags", response: { 200: TagList, ...problemResponses } } }, async (req) => ({
    data: await tools.tags.list(callerOf(req).ws),
  }));
  app.post('/api/v1/tags', {
    schema: { tags: tagTags, summary: 'Create a tag', body: TagCreate, response: { 201: Tag, ...problemResponses } },
  }, async (req, reply) => reply.status(201).send(await tools.tags.create(callerOf(req).ws, req.body)));
  app.patch('/api/v1/tags/:id', {
    schema: { tags: tagTags, summary: 'Rename or recolor a tag', params: IdParams, body: TagUpdate, response: { 200: Tag, ...problemResponses } },
  }, (req) => tools.tags.update(callerOf(req).ws, req.params.id, req.body));
  app.delete('/api/v1/tags/:id', {
    schema: { tags: tagTags, summary: 'Delete a tag (it leaves every conversation)', params: IdParams, response: { ...noContent, ...problemResponses } },
  }, async (req, reply) => {
    await tools.tags.remove(callerOf(req).ws, req.params.id);
    return reply.status(204).send(null);
  });
  app.put('/api/v1/conversations/:id/tags/:tagId', {
    schema: { tags: tagTags, summary: 'Tag a conversation', params: ConversationTagParams, response: { 200: ConversationTags, ...problemResponses } },
  }, (req) => {
    const { ws, me } = callerOf(req);
    return tools.tags.add(ws, me, req.params.id, req.params.tagId);
  });
  app.delete('/api/v1/conversations/:id/tags/:tagId', {
    schema: { tags: tagTags, summary: 'Remove a tag from a conversation', params: ConversationTagParams, response: { 200: ConversationTags, ...problemResponses } },
  }, (req) => {
    const { ws, me } = callerOf(req);
    return tools.tags.drop(ws, me, req.params.id, req.params.tagId);
  });

  const replies = ['Saved replies'];
  app.get('/api/v1/saved-replies', { schema: { tags: replies, summary: 'Saved replies', response: { 200: SavedReplyList, ...problemResponses } } }, async (req) => ({
    data: await tools.savedReplies.list(callerOf(req).ws),
  }));
  app.post('/api/v1/saved-replies', {
    schema: { tags: replies, summary: 'Create a saved reply; variables like {{contact.first_name | fallback: "there"}}', body: SavedReplyCreate, response: { 201: SavedReply, ...problemResponses } },
  }, async (req, reply) => reply.status(201).send(await tools.savedReplies.create(callerOf(req).ws, req.body)));
  app.patch('/api/v1/saved-replies/:id', {
    schema: { tags: replies, summary: 'Change a saved reply', params: IdParams, body: SavedReplyUpdate, response: { 200: SavedReply, ...problemResponses } },
  }, (req) => tools.savedReplies.update(callerOf(req).ws, req.params.id, req.body));
  app.delete('/api/v1/saved-replies/:id', {
    schema: { tags: replies, summary: 'Delete a saved reply', params: IdParams, response: { ...noContent, ...problemResponses } },
  }, async (req, reply) => {
    await tools.savedReplies.remove(callerOf(req).ws, req.params.id);
    return reply.status(204).send(null);
  });
  app.get('/api/v1/conversations/:id/saved-replies/:replyId', {
    schema: { tags: replies, summary: "A saved reply filled in for this conversation, in the contact's locale when it has a version", params: SavedReplyRenderParams, response: { 200: RenderedReply, ...problemResponses } },
  }, (req) => {
    const a = agent(req);
    return tools.savedReplies.render(a.workspaceId, a.agentId, req.params.id, req.params.replyId);
  });

  const me = ['Agents'];
  app.get('/api/v1/notifications', { schema: { tags: me, summary: "The signed-in agent's notifications, newest first", response: { 200: NotificationList, ...problemResponses } } }, (req) => {
    const a = agent(req);
    return tools.notifications.list(a.workspaceId, a.agentId);
  });
  app.post('/api/v1/notifications/read', {
    schema: { tags: me, summary: 'Mark notifications read', body: NotificationsRead, response: { ...noContent, ...problemResponses } },
  }, async (req, reply) => {
    const a = agent(req);
    await tools.notifications.markRead(a.workspaceId, a.agentId, req.body.ids);
    return reply.status(204).send(null);
  });
  app.get('/api/v1/presence', { schema: { tags: me, summary: 'Who of the team is online, away or offline', response: { 200: PresenceList, ...problemResponses } } }, (req) =>
    tools.presence.list(callerOf(req).ws),
  );
  app.put('/api/v1/presence/me', {
    schema: { tags: me, summary: 'Set the signed-in agent online or away', body: PresenceBody, response: { ...noContent, ...problemResponses } },
  }, async (req, reply) => {
    const a = agent(req);
    await tools.presence.set(a.workspaceId, a.agentId, req.body.status);
    return reply.status(204).send(null);
  });
}
