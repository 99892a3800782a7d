import { and, eq, sql } from 'drizzle-orm';
import {
  CreateFeedbackItem as CreateSchema,
  FeedbackListQuery as ListQuerySchema,
  UpdateFeedbackItem as UpdateSchema,
  type ConversationFeedback,
  type CreateFeedbackItem,
  type FeedbackItem,
  type FeedbackLinkSource,
  type FeedbackListQuery,
  type StartNotification,
  type UpdateFeedbackItem,
} from '../../contracts/feedback.ts';
import { rows } from '../contacts/sql.ts';
import type { InboxService } from '../inbox/service.ts';
import { domainEvent, type Ctx } from '../platform/context.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { isUuid, newId } from '../platform/ids.ts';
import type { MailService } from '../platform/mail/service.ts';
import type { WorkspacesService } from '../workspaces/service.ts';
import { feedbackCsv } from './csv.ts';
import { createNotifier, toRun } from './notify.ts';
import { itemDetail, linkedConversations, listItems } from './numbers.ts';
import { feedbackItems, feedbackLinks } from './schema.ts';
import { suggestItems } from './suggest.ts';

/** Customer messages of a conversation read for suggestions; the opening ones say what it is about. */
const SUGGEST_MESSAGES = 5;

/**
 * Voice of the customer: feedback items, the conversations linked to them, their numbers
 * (affected customers, ARR, plan mix, trend), and telling the customers when an item ships.
 * Changes are committed, then published as `feedback_item.*` domain events (webhooks hear them).
 */
export function createFeedbackService(ctx: Ctx, deps: { inbox: InboxService; mail: MailService; workspaces: WorkspacesService }) {
  const db = ctx.db;
  const notifier = createNotifier(ctx, deps);

  async function find(ws: string, id: string): Promise<FeedbackItem> {
    if (!isUuid(id)) throw notFound('Feedback item');
    const [item] = await listItems(db, ws, { sort: 'recent', id });
    if (!item) throw notFound('Feedback item');
    return item;
  }

  const publish = (type: string, ws: string, item: FeedbackItem) => ctx.bus.publish(domainEvent(type, ws, { feedback_item: item }));

  const list = (ws: string, query: FeedbackListQuery = {}) => listItems(db, ws, ListQuerySchema.parse(query));

  return {
    list,
    csv: async (ws: string, query: FeedbackListQuery = {}) => feedbackCsv(await list(ws, query)),
    get: find,
    detail: async (ws: string, id: string) => itemDetail(db, ws, await find(ws, id)),
    conversations: async (ws: string, id: string) => linkedConversations(db, ws, (await find(ws, id)).id),

    async create(ws: string, input: CreateFeedbackItem): Promise<FeedbackItem> {
      const body = CreateSchema.parse(input);
      const id = newId();
      await db.insert(feedbackItems).values({ workspaceId: ws, id, kind: body.kind, title: body.title, description: body.description ?? '' });
      const item = await find(ws, id);
      await publish('feedback_item.created', ws, item);
      return item;
    },

    async update(ws: string, id: string, input: UpdateFeedbackItem): Promise<FeedbackItem> {
      const before = await find(ws, id);
      const patch = UpdateSchema.parse(input);
      const ships = patch.status === 'shipped' && before.status !== 'shipped';
      await db
        .update(feedbackItems)
        .set({
          ...patch,
          updatedAt: new Date(),
          ...(ships ? { shippedAt: new Date() } : patch.status && patch.status !== 'shipped' ? { shippedAt: null } : {}),
        })
        .where(and(eq(feedbackItems.workspaceId, ws), eq(feedbackItems.id, id)));
      const item = await find(ws, id);
      await publish('feedback_item.updated', ws, item);
      if (ships) await publish('feedback_item.shipped', ws, item);
      return item;
    },

    /** Links a conversation to an item; linking it again changes nothing. */
    async link(ws: string, id: string, input: { conversationId: string; source: FeedbackLinkSource; agentId: string | null }) {
      const item = await find(ws, id);
      await deps.inbox.row(ws, input.conversationId, { kind: 'api_key' });
      const added = await db
        .insert(feedbackLinks)
        .values({ workspaceId: ws, itemId: item.id, conversationId: input.conversationId, source: input.source, agentId: input.agentId })
        .onConflictDoNothing()
        .returning();
      const now = await find(ws, id);
      if (added.length > 0) {
        await ctx.bus.publish(domainEvent('feedback_item.conversation_linked', ws, { feedback_item: now, conversation_id: input.conversationId }));
      }
      return now;
    },

    async unlink(ws: string, id: string, conversationId: string): Promise<void> {
      const item = await find(ws, id);
      const removed = await db
        .delete(feedbackLinks)
        .where(and(eq(feedbackLinks.workspaceId, ws), eq(feedbackLinks.itemId, item.id), eq(feedbackLinks.conversationId, conversationId)))
        .returning();
      if (removed.length === 0) throw notFound('Linked conversation');
    },

    /** The items a conversation is linked to, and up to three open ones its customer's words resemble. */
    async forConversation(ws: string, conversationId: string): Promise<ConversationFeedback> {
      const conversation = await deps.inbox.row(ws, conversationId, { kind: 'api_key' });
      const all = await db
        .select({ id: feedbackItems.id, kind: feedbackItems.kind, title: feedbackItems.title, status: feedbackItems.status, description: feedbackItems.description })
        .from(feedbackItems)
        .where(eq(feedbackItems.workspaceId, ws));
      const linkedIds = new Set(
        (await db
          .select({ itemId: feedbackLinks.itemId })
          .from(feedbackLinks)
          .where(and(eq(feedbackLinks.workspaceId, ws), eq(feedbackLinks.conversationId, conversationId)))).map((l) => l.itemId),
      );
      const words = await rows<{ body: string }>(db, sql`
        select body from messages where workspace_id = ${ws} and conversation_id = ${conversationId} and author_type = 'contact'
        order by seq limit ${SUGGEST_MESSAGES}`);
      const [contact] = await rows<{ locale: string | null }>(db, sql`select locale from contacts where workspace_id = ${ws} and id = ${conversation.contactId}`);
      const open = all.filter((i) => !linkedIds.has(i.id) && i.status !== 'wont_do' && i.status !== 'shipped');
      const settings = await deps.workspaces.settings(ws);
      const hits = suggestItems(open, words.map((w) => w.body).join('\n'), { contact: contact?.locale ?? null, fallback: settings.defaultLocale });
      const byId = new Map(all.map((i) => [i.id, { id: i.id, kind: i.kind, title: i.title, status: i.status }]));
      return {
        linked: all.filter((i) => linkedIds.has(i.id)).map((i) => byId.get(i.id)!),
        suggested: hits.map((h) => ({ ...byId.get(h.id)!, score: h.score })),
      };
    },

    notifications: {
      async start(ws: string, id: string, agentId: string | null, input: StartNotification) {
        const item = await find(ws, id);
        if (item.status !== 'shipped') throw new AppError('conflict', 'Only a shipped item’s customers can be told it shipped', [{ field: 'status', message: 'is not shipped' }]);
        return toRun(await notifier.start(ws, item.id, agentId, input));
      },
      list: async (ws: string, id: string) => notifier.list(ws, (await find(ws, id)).id),
      work: notifier.work,
    },
  };
}

export type FeedbackService = ReturnType<typeof createFeedbackService>;
