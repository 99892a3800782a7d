import { and, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import type { ConversationCounts, NoteCreate, SavedReplyCreate, TagCreate } from '../../../contracts/inbox-tools.ts';
import type { ContactsService } from '../../contacts/service.ts';
import { domainEvent, type Ctx } from '../../platform/context.ts';
import { AppError, badField } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { MailService } from '../../platform/mail/service.ts';
import type { WorkspacesService } from '../../workspaces/service.ts';
import { audienceOf } from '../records.ts';
import { agentPresence, conversations } from '../schema.ts';
import { PRESENCE_TTL_MS, type Actor, type InboxService } from '../service.ts';
import { atRisk } from './filters.ts';
import { agentNotifications } from './schema.ts';
import { excerptOf, insertNote, listNotes, listNotifications, markNotificationsRead, toNote, toNotification } from './notes.ts';
import { createReply, deleteReply, findReply, listReplies, updateReply, type ReplyInput } from './saved-replies.ts';
import { createTag, deleteTag, findTag, listTags, tagConversation, untagConversation, updateTag } from './tags.ts';
import { nameParts, pickVersion, renderTemplate } from './template.ts';

export const SNOOZE_WAKE_QUEUE = 'inbox.snooze-wake';

interface Deps {
  inbox: InboxService;
  contacts: ContactsService;
  workspaces: WorkspacesService;
  mail: MailService;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * What agents use around a conversation: internal notes with @mentions (a notification in the
 * dashboard and an e-mail through the outbox), tags, saved replies with variables, snooze with
 * a durable wake-up, presence, and the Inbox's view counts.
 */
export function createInboxToolsService(ctx: Ctx, deps: Deps) {
  const db = ctx.db;
  const agentActor = (agentId: string) => ({ kind: 'agent' as const, agentId });

  const members = async (ws: string) => (await deps.workspaces.team.overview(ws)).members;
  const member = async (ws: string, agentId: string) => {
    const found = (await members(ws)).find((m) => m.agentId === agentId);
    if (!found) throw new AppError('forbidden', 'Not a member of this workspace');
    return found;
  };

  /** Reopens a snoozed conversation whose time has come (again by the sweep, if a job was lost). */
  async function wake(ws: string, id: string) {
    const [row] = await db
      .select({ state: conversations.state, until: conversations.snoozedUntil })
      .from(conversations)
      .where(and(eq(conversations.workspaceId, ws), eq(conversations.id, id)));
    if (row?.state !== 'snoozed' || !row.until || row.until.getTime() > Date.now() + 500) return;
    await deps.inbox.update(ws, id, { state: 'open' });
  }
  ctx.jobs.define<{ workspace_id?: string; id?: string }>(
    SNOOZE_WAKE_QUEUE,
    async (data) => {
      if (data.workspace_id && data.id) return wake(data.workspace_id, data.id);
      const due = await db
        .select({ ws: conversations.workspaceId, id: conversations.id })
        .from(conversations)
        .where(and(eq(conversations.state, 'snoozed'), lte(conversations.snoozedUntil, new Date())))
        .limit(500);
      for (const c of due) await wake(c.ws, c.id);
    },
    { cron: '* * * * *', retryLimit: 3, retryDelaySeconds: 1 },
  );
  ctx.bus.onLocal('conversation.snoozed', async (event) => {
    const c = (event.data as { conversation: { id: string; snoozed_until: string | null } }).conversation;
    if (!c.snoozed_until) return;
    const seconds = Math.max(0, Math.ceil((Date.parse(c.snoozed_until) - Date.now()) / 1000));
    await ctx.jobs.send(SNOOZE_WAKE_QUEUE, { workspace_id: event.workspaceId, id: c.id }, { startAfterSeconds: seconds });
  });

  const service = {
    notes: {
      /** Readable with an API key too; writing one needs an agent, its author. */
      async list(ws: string, actor: Actor, conversationId: string) {
        await deps.inbox.row(ws, conversationId, actor);
        return { data: await listNotes(db, ws, conversationId) };
      },

      async create(ws: string, agentId: string, conversationId: string, input: NoteCreate) {
        const conversation = await deps.inbox.row(ws, conversationId, agentActor(agentId));
        const team = await members(ws);
        const author = team.find((m) => m.agentId === agentId);
        if (!author) throw new AppError('forbidden', 'Not a member of this workspace');
        const mentionIds = [...new Set(input.mention_ids ?? [])];
        mentionIds.forEach((id, i) => {
          if (!team.some((m) => m.agentId === id)) throw badField(`body.mention_ids.${i}`, 'is not an agent of this workspace');
        });
        const link = `${ctx.config.publicUrl}/app/inbox/${conversationId}`;
        const { note, notifications, mailIds } = await db.transaction(async (tx) => {
          const written = await insertNote(tx, ws, { conversationId, authorId: agentId, authorName: author.name, body: input.body, mentionIds });
          const ids: string[] = [];
          for (const n of written.notifications) {
            const to = team.find((m) => m.agentId === n.agentId)!;
            ids.push(
              await deps.mail.queue(tx, {
                workspaceId: ws,
                to: to.email,
                subject: `${author.name} mentioned you in a conversation`,
                text: `${author.name} mentioned you in an internal note:\n\n${input.body}\n\nOpen the conversation: ${link}\n`,
                html: `<p>${esc(author.name)} mentioned you in an internal note:</p><blockquote>${written.note.bodyHtml}</blockquote><p><a href="${esc(link)}">Open the conversation</a></p>`,
              }),
            );
          }
          return { ...written, mailIds: ids };
        });
        await deps.mail.dispatch(mailIds);
        await ctx.bus.publish(domainEvent('conversation.note_created', ws, { note: toNote(note), audience: audienceOf(conversation) }));
        for (const n of notifications) {
          await ctx.bus.publish(domainEvent('agent.notification', ws, { agent_id: n.agentId, notification: toNotification(n) }));
        }
        return toNote(note);
      },
    },

    tags: {
      list: (ws: string) => listTags(db, ws),
      create: (ws: string, input: TagCreate) => createTag(db, ws, { name: input.name, color: input.color ?? 'gray' }),
      async update(ws: string, id: string, patch: { name?: string; color?: string }) {
        await updateTag(db, ws, id, patch);
        return (await listTags(db, ws)).find((t) => t.id === id)!;
      },
      remove: (ws: string, id: string) => db.transaction((tx) => deleteTag(tx, ws, id)),
      async add(ws: string, agentId: string | null, conversationId: string, tagId: string) {
        await deps.inbox.row(ws, conversationId, agentId ? agentActor(agentId) : { kind: 'api_key' });
        await findTag(db, ws, tagId);
        await tagConversation(db, ws, conversationId, tagId);
        return service.tags.changed(ws, conversationId);
      },
      async drop(ws: string, agentId: string | null, conversationId: string, tagId: string) {
        await deps.inbox.row(ws, conversationId, agentId ? agentActor(agentId) : { kind: 'api_key' });
        await untagConversation(db, ws, conversationId, tagId);
        return service.tags.changed(ws, conversationId);
      },
      async changed(ws: string, conversationId: string) {
        const conversation = await deps.inbox.get(ws, conversationId, { kind: 'api_key' });
        const row = await deps.inbox.row(ws, conversationId, { kind: 'api_key' });
        await ctx.bus.publish(domainEvent('conversation.tagged', ws, { conversation, audience: audienceOf(row) }));
        return { tag_ids: conversation.tag_ids };
      },
    },

    savedReplies: {
      list: (ws: string) => listReplies(db, ws),
      create: (ws: string, input: SavedReplyCreate) => createReply(db, ws, { name: input.name, body: input.body, translations: input.translations ?? {} }),
      update: (ws: string, id: string, patch: ReplyInput) => updateReply(db, ws, id, patch),
      remove: (ws: string, id: string) => deleteReply(db, ws, id),

      /** The reply for this conversation: the contact's locale version if there is one, variables filled. */
      async render(ws: string, agentId: string, conversationId: string, replyId: string) {
        const conversation = await deps.inbox.row(ws, conversationId, agentActor(agentId));
        const [reply, agent, contact, settings] = await Promise.all([
          findReply(db, ws, replyId),
          member(ws, agentId),
          deps.contacts.getContact(ws, conversation.contactId),
          deps.workspaces.get(ws),
        ]);
        const company = contact.companies[0] ?? null;
        const contactName = nameParts(contact.name);
        const version = pickVersion(reply.body, reply.translations, contact.locale);
        const body = renderTemplate(version.body, {
          'contact.name': contact.name,
          'contact.first_name': contactName.first,
          'contact.last_name': contactName.last,
          'contact.email': contact.email,
          'company.name': company?.name ?? null,
          'company.plan': company?.plan ?? null,
          'agent.name': agent.name,
          'agent.first_name': nameParts(agent.name).first,
          'workspace.name': settings.name,
        });
        return { body, locale: version.locale };
      },
    },

    notifications: {
      list: (ws: string, agentId: string) => listNotifications(db, ws, agentId),
      markRead: (ws: string, agentId: string, ids?: string[]) => markNotificationsRead(db, ws, agentId, ids),
      /** A notification another module raises (a QA review); it reaches the agent's dashboard live. */
      async notify(ws: string, input: { agentId: string; kind: 'qa_review'; conversationId: string; actorName: string; excerpt: string }) {
        const [n] = await db
          .insert(agentNotifications)
          .values({ workspaceId: ws, id: newId(), ...input, excerpt: excerptOf(input.excerpt) })
          .returning();
        await ctx.bus.publish(domainEvent('agent.notification', ws, { agent_id: n!.agentId, notification: toNotification(n!) }));
      },
    },

    presence: {
      async set(ws: string, agentId: string, status: 'online' | 'away') {
        await db
          .insert(agentPresence)
          .values({ workspaceId: ws, agentId, status, lastSeenAt: new Date() })
          .onConflictDoUpdate({ target: [agentPresence.workspaceId, agentPresence.agentId], set: { status, lastSeenAt: new Date() } });
        await ctx.bus.publish(domainEvent('agent.presence', ws, { agent_id: agentId, status }));
      },
      async list(ws: string) {
        const seen = await db
          .select()
          .from(agentPresence)
          .where(and(eq(agentPresence.workspaceId, ws), gt(agentPresence.lastSeenAt, new Date(Date.now() - PRESENCE_TTL_MS))));
        const team = await members(ws);
        return {
          data: team.map((m) => ({ agent_id: m.agentId, status: seen.find((p) => p.agentId === m.agentId)?.status ?? ('offline' as const) })),
        };
      },
    },

    /** How many conversations each Inbox view holds, in one statement. */
    async counts(ws: string, me: string | null): Promise<ConversationCounts> {
      const open = sql`${conversations.state} = 'open'`;
      const [row] = await db
        .select({
          unassigned: sql<number>`count(*) filter (where ${open} and ${isNull(conversations.assigneeId)})::int`,
          mine: me ? sql<number>`count(*) filter (where ${open} and ${eq(conversations.assigneeId, me)})::int` : sql<number>`0`,
          all: sql<number>`count(*) filter (where ${open})::int`,
          sla_at_risk: sql<number>`count(*) filter (where ${atRisk()})::int`,
          snoozed: sql<number>`count(*) filter (where ${conversations.state} = 'snoozed')::int`,
          closed: sql<number>`count(*) filter (where ${conversations.state} = 'closed')::int`,
        })
        .from(conversations)
        .where(eq(conversations.workspaceId, ws));
      const perTeam = await db
        .select({ team: conversations.teamId, n: sql<number>`count(*)::int` })
        .from(conversations)
        .where(and(eq(conversations.workspaceId, ws), eq(conversations.state, 'open'), sql`${conversations.teamId} is not null`))
        .groupBy(conversations.teamId);
      return { ...row!, teams: Object.fromEntries(perTeam.map((t) => [t.team!, t.n])) };
    },
  };
  return service;
}

export type InboxToolsService = ReturnType<typeof createInboxToolsService>;
