import { and, eq, gt, isNull, sql, type SQL } from 'drizzle-orm';
import {
  LOCALES,
  PROTOCOL_VERSION,
  type BootBody,
  type BootResponse,
  type Conversation,
  type ConversationListQuery,
  type ConversationPage,
  type ConversationUpdate,
  type MessengerLocale,
  type WidgetConversation,
} from '../../contracts/messenger.ts';
import type { WorkspaceSettings } from '../../contracts/workspaces.ts';
import type { ContactsService } from '../contacts/service.ts';
import type { DomainEvent } from '../platform/bus.ts';
import { domainEvent, type Ctx } from '../platform/context.ts';
import { AppError, badField, notFound } from '../platform/errors.ts';
import type { WebhooksService } from '../platform/webhooks/service.ts';
import type { WorkspacesService } from '../workspaces/service.ts';
import {
  appendMessage,
  conflictOnClientId,
  deleteContactConversations,
  findByClientId,
  findConversation,
  insertConversation,
  lastMessages,
  listConversations,
  listMessages,
  listVisible,
  markRead,
  unreadByContact,
  updateConversation,
  type Author,
} from './conversations.ts';
import { appendAtOnce } from './append-at-once.ts';
import { audienceOf, toConversation, toMessage, toWidgetConversation, type ConversationRow, type MessageRow } from './records.ts';
import { agentPresence, conversations } from './schema.ts';
import { rows as sqlRows } from '../contacts/sql.ts';
import { createAttachmentStore, type IncomingFile, type Stored } from './attachments.ts';
import type { DbOrTx } from '../platform/db.ts';
import { createVisitors, establishIdentity } from './visitors.ts';
import { tagIdsOf } from './tools/tags.ts';

/** An agent counts as online this long after the Inbox last said it was open. */
export const PRESENCE_TTL_MS = 90_000;

/** A Messenger session: one browser of one contact, and whether the product vouched for it. */
export interface Viewer {
  workspaceId: string;
  visitorId: string;
  contactId: string;
  verified: boolean;
  /** Identity verification is enforced and this visitor is not verified: it may read, not write. */
  canChat: boolean;
}

export type Actor = { kind: 'agent'; agentId: string } | { kind: 'api_key' } | { kind: 'visitor'; viewer: Viewer };

/**
 * Decides at boot whether the page needs one of the widget's lazy chunks (for example
 * `engagement`: a campaign applies to this visitor on this page). `page` is the page's URL.
 */
export type WidgetChunkProbe = (viewer: Viewer, page: string | undefined) => Promise<boolean>;

export interface Sent {
  conversation: ConversationRow;
  message: MessageRow;
  created: boolean;
}

/** What a transaction produced for after its commit: its events, and the webhook deliveries written with them. */
interface Committed {
  events: DomainEvent[];
  deliveryIds: string[];
}

const notMember = () => new AppError('forbidden', 'Not a member of this workspace');

export const localeOf = (wanted: string | undefined, fallback: string): MessengerLocale => {
  const all: readonly string[] = LOCALES;
  for (const tag of [wanted, fallback]) {
    if (!tag) continue;
    if (all.includes(tag)) return tag as MessengerLocale;
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return /hant|tw|hk|mo/.test(lower) ? 'zh-Hant' : 'zh-Hans';
    const base = lower.split('-')[0]!;
    if (all.includes(base)) return base as MessengerLocale;
  }
  return 'en';
};

/**
 * Whether the contact has a conversation waiting for the team, as a boolean subquery for a caller
 * composing one round trip (proactive messages hold off meanwhile).
 */
export const openConversationSql = (ws: string, contactId: string): SQL =>
  sql`exists (select 1 from conversations where workspace_id = ${ws} and contact_id = ${contactId} and state = 'open')`;

/**
 * Conversations and messages for every audience: the Messenger (a visitor), the dashboard (an
 * agent) and the REST API (an API key) all come through these functions. Changes are committed,
 * then published as domain events that the realtime gateway and webhooks hear.
 */
export function createInboxService(ctx: Ctx, deps: { contacts: ContactsService; workspaces: WorkspacesService; webhooks: Pick<WebhooksService, 'outbox'> }) {
  const db = ctx.db;
  // Their webhook deliveries commit with the change that produces them, so a node stopping
  // between the commit and the job queue loses none (the webhooks service's sweep sends them).
  const outbox = deps.webhooks.outbox(
    'conversation.created',
    'message.created',
    'conversation.assigned',
    'conversation.team_assigned',
    'conversation.closed',
    'conversation.snoozed',
    'conversation.reopened',
    'csat.submitted',
  );
  // A lead merged into a user takes its conversations and Messenger sessions with it.
  deps.contacts.followMerges('conversations');
  deps.contacts.followMerges('messenger_visitors');
  const visitors = createVisitors(db, deps.contacts);
  const files = createAttachmentStore(db, ctx.config.dataDir);
  // A deleted contact takes its conversations, messages, files and Messenger sessions with it.
  deps.contacts.onDelete(async (tx, ws, contactId) => {
    const removed = await deleteContactConversations(tx, ws, contactId);
    for (const id of removed.attachmentIds) await files.discard(ws, id);
  });

  /** The events of a stored message: `conversation.created` too when it `opened` the conversation. */
  const sentEvents = (ws: string, sent: Sent, opened: boolean, tagIds: string[]): DomainEvent[] => {
    const audience = audienceOf(sent.conversation);
    const conversation = toConversation(sent.conversation, sent.message, tagIds);
    return [
      ...(opened ? [domainEvent('conversation.created', ws, { conversation, audience })] : []),
      domainEvent('message.created', ws, { conversation, message: toMessage(sent.message), audience }),
    ];
  };

  /** Inside the message's transaction: its events, with their webhook deliveries written there. */
  const committedWith = async (tx: DbOrTx, ws: string, sent: Sent, opened: boolean): Promise<Committed> => {
    if (!sent.created) return { events: [], deliveryIds: [] };
    // A conversation that has just opened has no tags yet.
    const tags = opened ? [] : ((await tagIdsOf(tx, ws, [sent.conversation.id])).get(sent.conversation.id) ?? []);
    const events = sentEvents(ws, sent, opened, tags);
    return { events, deliveryIds: await outbox.queue(tx, events) };
  };

  // Read fresh each time (typing frames come here): one indexed probe, nothing to invalidate when a member leaves.
  const agentName = async (ws: string, agentId: string) => {
    const name = await deps.workspaces.team.memberName(ws, agentId);
    if (name === null) throw notMember();
    return name;
  };

  const authorOf = async (ws: string, actor: Actor): Promise<Author> => {
    if (actor.kind === 'agent') return { type: 'agent', id: actor.agentId, name: await agentName(ws, actor.agentId) };
    if (actor.kind === 'visitor') return { type: 'contact', id: actor.viewer.contactId, name: null };
    return { type: 'bot', id: null, name: null };
  };

  const canSee = (viewer: Viewer, c: Pick<ConversationRow, 'contactId' | 'visitorId'>) =>
    c.contactId === viewer.contactId && (viewer.verified || c.visitorId === viewer.visitorId);

  /** The conversation, if this actor may see it; someone else's is "not found", never "forbidden". */
  async function visible(ws: string, id: string, actor: Actor): Promise<ConversationRow> {
    const c = await findConversation(db, ws, id);
    if (actor.kind === 'visitor' && !canSee(actor.viewer, c)) throw notFound('Conversation');
    return c;
  }

  const requireChat = (actor: Actor) => {
    if (actor.kind === 'visitor' && !actor.viewer.canChat) {
      throw new AppError('forbidden', 'Identity verification is on: this visitor is not verified and cannot start a chat');
    }
  };

  async function withLast(ws: string, rows: ConversationRow[], on: DbOrTx = db): Promise<Conversation[]> {
    // One after the other: inside a transaction the two share its one connection.
    const last = await lastMessages(on, ws, rows);
    const tagIds = await tagIdsOf(on, ws, rows.map((r) => r.id));
    return rows.map((r) => toConversation(r, last.get(r.id) ?? null, tagIds.get(r.id) ?? []));
  }

  async function widgetList(ws: string, rows: ConversationRow[]): Promise<WidgetConversation[]> {
    const [last, unread] = await Promise.all([lastMessages(db, ws, rows), unreadByContact(db, ws, rows)]);
    return rows.map((r) => toWidgetConversation(r, last.get(r.id) ?? null, unread.get(r.id) ?? 0));
  }

  async function agentsOnline(ws: string): Promise<number> {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(agentPresence)
      .where(and(eq(agentPresence.workspaceId, ws), eq(agentPresence.status, 'online'), gt(agentPresence.lastSeenAt, new Date(Date.now() - PRESENCE_TTL_MS))));
    return row?.n ?? 0;
  }

  async function workspaceFor(appId: string): Promise<WorkspaceSettings> {
    const ws = await deps.workspaces.byWriteKey(appId);
    if (!ws) throw new AppError('unauthorized', 'Unknown app_id', [{ field: 'app_id', message: 'no workspace has this app id' }]);
    return ws;
  }

  // Set by the routing module, which knows teams' office hours and response times.
  let replyTime: (ws: string, contactId: string) => Promise<Pick<BootResponse['settings'], 'reply_minutes' | 'back_at'>> = async () => ({
    reply_minutes: null,
    back_at: null,
  });
  const chunkProbes = new Map<string, WidgetChunkProbe>();

  const service = {
    /** What the Messenger says about how fast the team answers (see routing's replyTime). */
    useReplyTime(estimate: typeof replyTime) {
      replyTime = estimate;
    },

    /**
     * Another module's chunk of the widget, fetched on the pages its probe says need it. Several
     * modules may share a chunk: it is fetched when any of their probes says so.
     */
    registerWidgetChunk(name: string, probe: WidgetChunkProbe): void {
      const before = chunkProbes.get(name);
      chunkProbes.set(name, before ? async (viewer, page) => (await Promise.all([before(viewer, page), probe(viewer, page)])).some(Boolean) : probe);
    },

    /**
     * The Messenger's boot (and update): finds or creates this browser's visitor, checks the
     * identity the page claims, records it and its attributes through the contacts service.
     * `onNewVisitor` runs before a new visitor is created (the per-IP limit of new sessions).
     */
    async boot(body: BootBody, onNewVisitor: () => Promise<void>): Promise<BootResponse> {
      const ws = await workspaceFor(body.app_id);
      const who = await establishIdentity(ws, body);
      let found = body.visitor_token ? await visitors.find(ws.id, body.visitor_token) : null;
      // A browser that was a verified user and now is not (signed out without shutdown) starts
      // afresh, so the next person on it never sees the last one's conversations.
      if (found?.verified && !who.verified) found = null;
      let token = body.visitor_token;
      if (!found) {
        await onNewVisitor();
        ({ visitor: found, token } = await visitors.create(ws.id));
      }
      const visitor = await visitors.identify(ws.id, found, who, body);
      const viewer: Viewer = {
        workspaceId: ws.id,
        visitorId: visitor.id,
        contactId: visitor.contactId,
        verified: visitor.verified,
        canChat: visitor.verified || !ws.identityVerificationEnforced,
      };
      const probes = [...chunkProbes].map(async ([name, probe]) => ((await probe(viewer, body.page_url)) ? [name] : []));
      const [list, online, contact, reply, probed] = await Promise.all([
        service.widgetConversations(viewer),
        agentsOnline(ws.id),
        deps.contacts.getContact(ws.id, visitor.contactId),
        replyTime(ws.id, visitor.contactId),
        Promise.all(probes),
      ]);
      return {
        v: PROTOCOL_VERSION,
        visitor_id: visitor.id,
        visitor_token: token!,
        verified: viewer.verified,
        identified: contact.role === 'user' || contact.email !== null,
        can_chat: viewer.canChat,
        email_known: contact.email !== null,
        unread_count: list.reduce((n, c) => n + c.unread, 0),
        // A visitor with conversations needs the Messenger's socket for live replies and the unread count.
        chunks: [...(list.length > 0 ? ['messenger'] : []), ...probed.flat()],
        settings: {
          workspace_name: ws.name,
          locale: localeOf(body.language_override ?? body.locale, ws.defaultLocale),
          identity_verification: ws.identityVerificationEnforced,
          agents_online: online,
          ...reply,
        },
      };
    },

    /** The Messenger session a widget call carries (app id + visitor token). */
    async viewer(appId: string, token: string): Promise<Viewer> {
      const ws = await workspaceFor(appId);
      const visitor = await visitors.find(ws.id, token);
      if (!visitor) throw new AppError('unauthorized', 'Unknown or expired visitor token; boot again');
      return {
        workspaceId: ws.id,
        visitorId: visitor.id,
        contactId: visitor.contactId,
        verified: visitor.verified,
        canChat: visitor.verified || !ws.identityVerificationEnforced,
      };
    },

    canSee,

    async widgetConversations(viewer: Viewer): Promise<WidgetConversation[]> {
      return widgetList(viewer.workspaceId, await listVisible(db, viewer.workspaceId, viewer));
    },

    async widgetConversation(viewer: Viewer, row: ConversationRow): Promise<WidgetConversation> {
      const [c] = await widgetList(viewer.workspaceId, [row]);
      return c!;
    },

    /** A visitor's e-mail, for replies while nobody is online. Never takes over another contact's. */
    async setVisitorEmail(viewer: Viewer, email: string): Promise<{ saved: boolean }> {
      const owner = await deps.contacts.findContactId(viewer.workspaceId, { email });
      if (owner && owner.id !== viewer.contactId) return { saved: false };
      await deps.contacts.updateContact(viewer.workspaceId, viewer.contactId, { email });
      return { saved: true };
    },

    async trackVisitorEvent(viewer: Viewer, name: string, metadata: Record<string, unknown>) {
      await deps.contacts.trackEvent(viewer.workspaceId, { contact_id: viewer.contactId, name, properties: metadata });
    },

    /**
     * Starts a conversation with its first message. From the Messenger the client id also names
     * the conversation, so a retried start returns the first one instead of opening another.
     */
    async start(ws: string, actor: Actor, input: { contactId: string; body: string; clientId?: string }): Promise<Sent> {
      requireChat(actor);
      const author = actor.kind === 'visitor' ? await authorOf(ws, actor) : { type: 'contact' as const, id: input.contactId, name: null };
      if (actor.kind !== 'visitor') await deps.contacts.getContact(ws, input.contactId);
      const visitorId = actor.kind === 'visitor' ? actor.viewer.visitorId : null;
      const { sent, events, deliveryIds } = await db.transaction(async (tx) => {
        const append = async (conversationId: string) => {
          const sent = await appendMessage(tx, ws, conversationId, { clientId: input.clientId, body: input.body, author });
          return { sent, ...(await committedWith(tx, ws, sent, sent.created && sent.message.seq === 1)) };
        };
        if (input.clientId) {
          const earlier = await findByClientId(tx, ws, input.clientId);
          if (earlier) {
            if (earlier.contactId !== input.contactId || earlier.visitorId !== visitorId) throw conflictOnClientId();
            return append(earlier.id);
          }
        }
        const conversation = await insertConversation(tx, ws, {
          contactId: input.contactId,
          visitorId,
          clientId: input.clientId ?? null,
          channel: actor.kind === 'visitor' ? 'messenger' : 'api',
        });
        return append(conversation.id);
      });
      await outbox.publish(events, deliveryIds);
      return sent;
    },

    /**
     * The chat hot path: one statement (see append-at-once.ts). Only a client id that is taken
     * already, a retry, goes the transactional way, which returns the stored message.
     */
    async send(ws: string, actor: Actor, conversationId: string, input: { body: string; clientId?: string }): Promise<Sent> {
      requireChat(actor);
      const author: Author =
        actor.kind === 'agent'
          ? { type: 'agent', id: actor.agentId, name: null }
          : actor.kind === 'visitor'
            ? { type: 'contact', id: actor.viewer.contactId, name: null }
            : { type: 'bot', id: null, name: null };
      // The webhook deliveries are planned from the subscriptions in memory and written by the statement.
      const deliveries = await outbox.plan(ws, 'message.created');
      const at = await appendAtOnce(ctx.database, ws, conversationId, { author, visitor: actor.kind === 'visitor' ? actor.viewer : null }, input, deliveries);
      if (at.outcome === 'not_found') throw notFound('Conversation');
      if (at.outcome === 'not_member') throw notMember();
      if (at.outcome === 'sent') {
        const sent = { conversation: at.conversation, message: at.message, created: true };
        await outbox.publish(sentEvents(ws, sent, false, at.tagIds), at.deliveryIds);
        return sent;
      }
      await visible(ws, conversationId, actor);
      const named = await authorOf(ws, actor);
      const { sent, events, deliveryIds } = await db.transaction(async (tx) => {
        const sent = await appendMessage(tx, ws, conversationId, { ...input, author: named });
        return { sent, ...(await committedWith(tx, ws, sent, false)) };
      });
      await outbox.publish(events, deliveryIds);
      return sent;
    },

    /**
     * A message carrying a file. The file is on disk before the transaction; a retried upload
     * with the same client id returns the first message and drops the new copy.
     */
    async attach(ws: string, actor: Actor, conversationId: string, input: { file: IncomingFile; body?: string; clientId?: string }): Promise<Sent> {
      requireChat(actor);
      await visible(ws, conversationId, actor);
      const author = await authorOf(ws, actor);
      const stored = await files.write(ws, input.file);
      let done: { sent: Sent } & Committed;
      try {
        done = await db.transaction(async (tx) => {
          const ref = files.refOf(ws, stored);
          const result = await appendMessage(tx, ws, conversationId, { clientId: input.clientId, body: input.body?.trim() || stored.name, author, attachments: [ref] });
          if (result.created) await files.record(tx, ws, conversationId, stored);
          return { sent: result, ...(await committedWith(tx, ws, result, false)) };
        });
      } catch (err) {
        await files.discard(ws, stored.id);
        throw err;
      }
      if (!done.sent.created) await files.discard(ws, stored.id);
      await outbox.publish(done.events, done.deliveryIds);
      return done.sent;
    },

    openAttachment: (ws: string, id: string, token: string) => files.open(ws, id, token),
    storeFile: (ws: string, file: IncomingFile) => files.write(ws, file),

    /**
     * A customer's message that came from outside the Messenger (an e-mail): into the given
     * conversation, else a new one of that channel named by the client id, so a redelivery
     * never opens a second. Its files are already stored; `record` runs in the same
     * transaction when the message is new (the e-mail channel notes the Message-ID there).
     */
    async receive(
      ws: string,
      input: { contactId: string; conversationId: string | null; channel: 'email'; clientId: string; body: string; files: Stored[] },
      record: (tx: DbOrTx, sent: Sent) => Promise<void>,
    ): Promise<Sent> {
      const author = { type: 'contact' as const, id: input.contactId, name: null };
      let done: { sent: Sent } & Committed;
      try {
        done = await db.transaction(async (tx) => {
          const id =
            input.conversationId ??
            (await findByClientId(tx, ws, input.clientId))?.id ??
            (await insertConversation(tx, ws, { contactId: input.contactId, visitorId: null, clientId: input.clientId, channel: input.channel })).id;
          const attachments = input.files.map((f) => files.refOf(ws, f));
          const result = await appendMessage(tx, ws, id, { clientId: input.clientId, body: input.body, author, attachments });
          if (result.created) {
            for (const f of input.files) await files.record(tx, ws, id, f);
            await record(tx, result);
          }
          return { sent: result, ...(await committedWith(tx, ws, result, result.created && result.message.seq === 1)) };
        });
      } catch (err) {
        for (const f of input.files) await files.discard(ws, f.id);
        throw err;
      }
      if (!done.sent.created) for (const f of input.files) await files.discard(ws, f.id);
      await outbox.publish(done.events, done.deliveryIds);
      return done.sent;
    },

    async get(ws: string, id: string, actor: Actor): Promise<Conversation> {
      const [c] = await withLast(ws, [await visible(ws, id, actor)]);
      return c!;
    },

    row: (ws: string, id: string, actor: Actor) => visible(ws, id, actor),

    async list(ws: string, query: ConversationListQuery, me: string | null): Promise<ConversationPage> {
      const { rows, nextCursor } = await listConversations(db, ws, query, me);
      return { data: await withLast(ws, rows), next_cursor: nextCursor };
    },

    async messages(ws: string, id: string, actor: Actor, page: { after_seq: number; limit: number }) {
      await visible(ws, id, actor);
      const { rows, hasMore } = await listMessages(db, ws, id, page.after_seq, page.limit);
      return { data: rows.map(toMessage), has_more: hasMore };
    },

    /** State, snooze, assignee and team changes, each published as its own domain event. */
    async update(ws: string, id: string, patch: ConversationUpdate): Promise<Conversation> {
      if (patch.assignee_id !== undefined && patch.assignee_id !== null) {
        await agentName(ws, patch.assignee_id).catch(() => {
          throw badField('body.assignee_id', 'is not an agent of this workspace');
        });
      }
      if (patch.team_id !== undefined && patch.team_id !== null && !(await deps.workspaces.teams.list(ws)).some((t) => t.id === patch.team_id)) {
        throw badField('body.team_id', 'is not a team of this workspace');
      }
      const { conversation, events, deliveryIds } = await db.transaction(async (tx) => {
        // Locked, so the events name what this change did even when two changes race.
        const before = await findConversation(tx, ws, id, true);
        const set: Partial<ConversationRow> = {};
        if (patch.assignee_id !== undefined) {
          set.assigneeId = patch.assignee_id;
          if (patch.assignee_id !== before.assigneeId) set.assignedAt = patch.assignee_id ? new Date() : null;
        }
        if (patch.team_id !== undefined) set.teamId = patch.team_id;
        if (patch.priority !== undefined) set.priority = patch.priority;
        if (patch.state) {
          set.state = patch.state;
          set.closedAt = patch.state === 'closed' ? new Date() : null;
          set.snoozedUntil = patch.state === 'snoozed' ? new Date(patch.snoozed_until!) : null;
        }
        const row = await updateConversation(tx, ws, id, set);
        const [conversation] = await withLast(ws, [row], tx);
        const data = { conversation: conversation!, audience: audienceOf(row) };
        const types: string[] = [];
        if (set.assigneeId !== undefined && set.assigneeId !== before.assigneeId) types.push('conversation.assigned');
        if (set.teamId !== undefined && set.teamId !== before.teamId) types.push('conversation.team_assigned');
        if (set.priority !== undefined && set.priority !== before.priority) types.push('conversation.prioritized');
        if (patch.state && patch.state !== before.state) {
          types.push(patch.state === 'closed' ? 'conversation.closed' : patch.state === 'snoozed' ? 'conversation.snoozed' : 'conversation.reopened');
        }
        // Whoever held it has room again: routing hears that and gives them a waiting conversation.
        const events = types.map((type) =>
          domainEvent(type, ws, { ...data, ...(type === 'conversation.assigned' ? { previous_assignee_id: before.assigneeId } : {}) }),
        );
        const outboxed = events.filter((e) => e.type !== 'conversation.prioritized');
        return { conversation: conversation!, events, deliveryIds: await outbox.queue(tx, outboxed) };
      });
      await outbox.publish(events, deliveryIds);
      return conversation;
    },

    /** Publishes a change another part of the Inbox made to the conversation's row or tags. */
    async announce(ws: string, id: string, type: string): Promise<void> {
      const row = await findConversation(db, ws, id);
      const [conversation] = await withLast(ws, [row]);
      await ctx.bus.publish(domainEvent(type, ws, { conversation: conversation!, audience: audienceOf(row) }));
    },

    /**
     * Gives the team's longest-waiting conversation (open, unassigned) to the agent `pick`
     * chooses, if any. Assignments are serialised per workspace (a transaction-scoped advisory
     * lock), so two nodes never give an agent more than their capacity, nor one conversation twice.
     */
    async assignNextWaiting(ws: string, teamId: string, pick: (tx: DbOrTx) => Promise<string | null>): Promise<Conversation | null> {
      const assigned = await db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`baton.assign:${ws}`}))`);
        const [waiting] = await sqlRows<{ id: string }>(
          tx,
          sql`select id from conversations where workspace_id = ${ws} and team_id = ${teamId} and state = 'open' and assignee_id is null
              order by created_at, id limit 1`,
        );
        if (!waiting) return null;
        const agentId = await pick(tx);
        if (!agentId) return null;
        const [claimed] = await tx
          .update(conversations)
          .set({ assigneeId: agentId, assignedAt: new Date(), updatedAt: new Date() })
          .where(and(eq(conversations.workspaceId, ws), eq(conversations.id, waiting.id), isNull(conversations.assigneeId), eq(conversations.state, 'open')))
          .returning();
        if (!claimed) return null;
        const [conversation] = await withLast(ws, [claimed], tx);
        const event = domainEvent('conversation.assigned', ws, { conversation: conversation!, audience: audienceOf(claimed), previous_assignee_id: null });
        return { conversation: conversation!, event, deliveryIds: await outbox.queue(tx, event) };
      });
      if (!assigned) return null;
      await outbox.publish([assigned.event], assigned.deliveryIds);
      return assigned.conversation;
    },

    async read(ws: string, id: string, actor: Actor, seq: number) {
      await visible(ws, id, actor);
      const reader = actor.kind === 'visitor' ? 'contact' : 'agent';
      const row = await markRead(db, ws, id, reader, seq);
      const readSeq = reader === 'contact' ? row.contactLastReadSeq : row.agentLastReadSeq;
      await ctx.bus.publish(domainEvent('conversation.read', ws, { audience: audienceOf(row), reader, seq: readSeq }));
      return { seq: readSeq };
    },

    /** The customer rates a closed conversation (again, if they change their mind). */
    async rate(ws: string, id: string, actor: Extract<Actor, { kind: 'visitor' }>, input: { rating: number; comment?: string }) {
      const before = await visible(ws, id, actor);
      if (before.state !== 'closed') throw new AppError('conflict', 'Only a closed conversation can be rated', [{ field: 'body.rating', message: 'conversation is not closed' }]);
      const { row, event, deliveryIds } = await db.transaction(async (tx) => {
        const row = await updateConversation(tx, ws, id, { csatRating: input.rating, csatComment: input.comment || null, csatAt: new Date() });
        const [conversation] = await withLast(ws, [row], tx);
        const event = domainEvent('csat.submitted', ws, { conversation: conversation!, audience: audienceOf(row), rating: input.rating, comment: input.comment || null });
        return { row, event, deliveryIds: await outbox.queue(tx, event) };
      });
      await outbox.publish([event], deliveryIds);
      return service.widgetConversation(actor.viewer, row);
    },

    /** Typing is not stored: it goes to every node's connections and is forgotten. */
    async typing(ws: string, id: string, actor: Actor) {
      const row = await visible(ws, id, actor);
      const author = await authorOf(ws, actor);
      await ctx.bus.publish(
        domainEvent('conversation.typing', ws, { audience: audienceOf(row), author_type: author.type, author_name: author.name }),
      );
    },

    presence: {
      async touch(ws: string, agentId: string) {
        await db
          .insert(agentPresence)
          .values({ workspaceId: ws, agentId, lastSeenAt: new Date() })
          .onConflictDoUpdate({ target: [agentPresence.workspaceId, agentPresence.agentId], set: { lastSeenAt: new Date() } });
      },
      async leave(ws: string, agentId: string) {
        await db.delete(agentPresence).where(and(eq(agentPresence.workspaceId, ws), eq(agentPresence.agentId, agentId)));
      },
      online: agentsOnline,

      /**
       * Of these agents (each with the open conversations routing may give them), the one to get
       * the next conversation: online (not away), under their capacity, the least loaded, and
       * among equals the one whose last assignment is oldest (round-robin). Null when nobody is.
       */
      async pickAvailable(ws: string, capacities: Map<string, number>, on: DbOrTx = db): Promise<string | null> {
        if (capacities.size === 0) return null;
        const limits = sql.join([...capacities].map(([id, cap]) => sql`(${id}::uuid, ${cap}::int)`), sql`, `);
        const [found] = await sqlRows<{ agent_id: string }>(on, sql`
          select p.agent_id from agent_presence p
          join (values ${limits}) as m(agent_id, capacity) on m.agent_id = p.agent_id
          cross join lateral (
            select count(*) filter (where c.state = 'open') as load, max(c.assigned_at) as last_assigned
            from conversations c where c.workspace_id = p.workspace_id and c.assignee_id = p.agent_id) a
          where p.workspace_id = ${ws} and p.status = 'online' and p.last_seen_at > ${new Date(Date.now() - PRESENCE_TTL_MS)}
            and a.load < m.capacity
          order by a.load, a.last_assigned asc nulls first, p.agent_id
          limit 1`);
        return found?.agent_id ?? null;
      },
    },
  };
  return service;
}

export type InboxService = ReturnType<typeof createInboxService>;
