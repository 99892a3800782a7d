import { and, asc, desc, eq, gt, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { AttachmentRef, AuthorType, ConversationListQuery } from '../../contracts/messenger.ts';
import type { DbOrTx } from '../platform/db.ts';
import { AppError, badField, notFound } from '../platform/errors.ts';
import { newId, randomToken } from '../platform/ids.ts';
import { renderMessage } from './markdown.ts';
import type { ConversationRow, MessageRow } from './records.ts';
import { attachments, conversations, messages, messengerVisitors } from './schema.ts';
import { deleteConversationTools } from './tools/cleanup.ts';
import { toolFilters } from './tools/filters.ts';
import { indexText } from './tools/search-index.ts';

export interface Author {
  type: AuthorType;
  id: string | null;
  name: string | null;
}

const byId = (ws: string, id: string) => and(eq(conversations.workspaceId, ws), eq(conversations.id, id));

export async function findConversation(db: DbOrTx, ws: string, id: string, lock = false): Promise<ConversationRow> {
  const q = db.select().from(conversations).where(byId(ws, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound('Conversation');
  return row;
}

export async function findByClientId(db: DbOrTx, ws: string, clientId: string): Promise<ConversationRow | undefined> {
  const [row] = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.workspaceId, ws), eq(conversations.clientId, clientId)));
  return row;
}

export async function insertConversation(
  db: DbOrTx,
  ws: string,
  input: { contactId: string; visitorId: string | null; clientId: string | null; channel: ConversationRow['channel'] },
): Promise<ConversationRow> {
  const [row] = await db
    .insert(conversations)
    .values({ workspaceId: ws, id: newId(), ...input })
    .returning();
  return row!;
}

/**
 * Appends a message. The conversation row is locked first, so the sequence number is allocated
 * in this transaction without gaps, and a message with the same client id found after taking
 * the lock is the earlier send of this one: it is returned instead of a second copy.
 */
export async function appendMessage(
  tx: DbOrTx,
  ws: string,
  conversationId: string,
  input: { clientId?: string; body: string; author: Author; attachments?: AttachmentRef[] },
): Promise<{ conversation: ConversationRow; message: MessageRow; created: boolean }> {
  const current = await findConversation(tx, ws, conversationId, true);
  if (input.clientId) {
    const [existing] = await tx
      .select()
      .from(messages)
      .where(and(eq(messages.workspaceId, ws), eq(messages.conversationId, conversationId), eq(messages.clientId, input.clientId)));
    if (existing) {
      if (existing.body !== input.body.trim()) throw badField('body.client_id', 'already used for a different message');
      return { conversation: current, message: existing, created: false };
    }
  }
  const now = new Date();
  const seq = current.lastSeq + 1;
  const [message] = await tx
    .insert(messages)
    .values({
      workspaceId: ws,
      conversationId,
      seq,
      id: newId(),
      clientId: input.clientId ?? randomToken('srv_', 12),
      authorType: input.author.type,
      authorId: input.author.id,
      authorName: input.author.name,
      body: input.body.trim(),
      bodyHtml: renderMessage(input.body),
      attachments: input.attachments ?? [],
      createdAt: now,
    })
    .returning();
  await indexText(tx, ws, conversationId, input.body);
  const fromContact = input.author.type === 'contact';
  const [conversation] = await tx
    .update(conversations)
    .set({
      lastSeq: seq,
      lastMessageAt: now,
      updatedAt: now,
      ...(fromContact
        ? { lastContactMessageAt: now, contactLastReadSeq: seq }
        : { lastAgentMessageAt: now, agentLastReadSeq: seq, firstResponseAt: current.firstResponseAt ?? (input.author.type === 'agent' ? now : null) }),
      // A customer writing again brings a closed or snoozed conversation back to the Inbox.
      ...(fromContact && current.state !== 'open' ? { state: 'open' as const, closedAt: null, snoozedUntil: null } : {}),
    })
    .where(byId(ws, conversationId))
    .returning();
  return { conversation: conversation!, message: message!, created: true };
}

export async function lastMessages(db: DbOrTx, ws: string, rows: ConversationRow[]): Promise<Map<string, MessageRow>> {
  const out = new Map<string, MessageRow>();
  const wanted = rows.filter((r) => r.lastSeq > 0);
  if (wanted.length === 0) return out;
  const found = await db
    .select()
    .from(messages)
    .where(and(eq(messages.workspaceId, ws), or(...wanted.map((r) => and(eq(messages.conversationId, r.id), eq(messages.seq, r.lastSeq))))));
  for (const m of found) out.set(m.conversationId, m);
  return out;
}

export async function listMessages(db: DbOrTx, ws: string, conversationId: string, afterSeq: number, limit: number) {
  const found = await db
    .select()
    .from(messages)
    .where(and(eq(messages.workspaceId, ws), eq(messages.conversationId, conversationId), gt(messages.seq, afterSeq)))
    .orderBy(asc(messages.seq))
    .limit(limit + 1);
  return { rows: found.slice(0, limit), hasMore: found.length > limit };
}

/** Messages not written by the contact that the contact has not read yet, per conversation. */
export async function unreadByContact(db: DbOrTx, ws: string, rows: ConversationRow[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const wanted = rows.filter((r) => r.lastSeq > r.contactLastReadSeq);
  if (wanted.length === 0) return out;
  const counts = await db
    .select({ id: messages.conversationId, n: sql<number>`count(*)::int` })
    .from(messages)
    .where(
      and(
        eq(messages.workspaceId, ws),
        sql`${messages.authorType} <> 'contact'`,
        or(...wanted.map((r) => and(eq(messages.conversationId, r.id), gt(messages.seq, r.contactLastReadSeq)))),
      ),
    )
    .groupBy(messages.conversationId);
  for (const c of counts) out.set(c.id, c.n);
  return out;
}

// The list is ordered by last activity, newest first; the cursor is the last row's (time, id).
const encodeCursor = (r: ConversationRow) =>
  Buffer.from(JSON.stringify([(r.lastMessageAt ?? r.createdAt).toISOString(), r.id])).toString('base64url');

function decodeCursor(cursor: string): [Date, string] {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const d = new Date(at);
    if (Number.isNaN(d.getTime()) || typeof id !== 'string') throw new Error('bad cursor');
    return [d, id];
  } catch {
    throw badField('querystring.cursor', 'is not a cursor this list gave out');
  }
}

export async function listConversations(
  db: DbOrTx,
  ws: string,
  query: ConversationListQuery,
  me: string | null,
): Promise<{ rows: ConversationRow[]; nextCursor: string | null }> {
  const activity = sql`coalesce(${conversations.lastMessageAt}, ${conversations.createdAt})`;
  const where: (SQL | undefined)[] = [eq(conversations.workspaceId, ws)];
  if (query.state) where.push(eq(conversations.state, query.state));
  if (query.contact_id) where.push(eq(conversations.contactId, query.contact_id));
  if (query.team_id) where.push(eq(conversations.teamId, query.team_id));
  if (query.assignee === 'unassigned') where.push(isNull(conversations.assigneeId));
  else if (query.assignee === 'me') {
    if (!me) throw badField('querystring.assignee', '`me` needs a signed-in agent; pass an agent id');
    where.push(eq(conversations.assigneeId, me));
  } else if (query.assignee) where.push(eq(conversations.assigneeId, query.assignee));
  where.push(...toolFilters(query));
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor);
    where.push(or(lt(activity, at), and(eq(activity, at), lt(conversations.id, id))));
  }
  const found = await db
    .select()
    .from(conversations)
    .where(and(...where))
    .orderBy(desc(activity), desc(conversations.id))
    .limit(query.limit + 1);
  const rows = found.slice(0, query.limit);
  return { rows, nextCursor: found.length > query.limit ? encodeCursor(rows[rows.length - 1]!) : null };
}

/** Conversations this contact may see in this browser: all of them when verified, else the browser's own. */
export async function listVisible(db: DbOrTx, ws: string, viewer: { contactId: string; visitorId: string; verified: boolean }) {
  return db
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.workspaceId, ws),
        eq(conversations.contactId, viewer.contactId),
        viewer.verified ? undefined : eq(conversations.visitorId, viewer.visitorId),
      ),
    )
    .orderBy(desc(sql`coalesce(${conversations.lastMessageAt}, ${conversations.createdAt})`))
    .limit(100);
}

export async function updateConversation(db: DbOrTx, ws: string, id: string, set: Partial<ConversationRow>) {
  const [row] = await db
    .update(conversations)
    .set({ ...set, updatedAt: new Date() })
    .where(byId(ws, id))
    .returning();
  if (!row) throw notFound('Conversation');
  return row;
}

/** Moves a read marker forward only (a late, older receipt never un-reads a message). */
export async function markRead(db: DbOrTx, ws: string, id: string, reader: 'contact' | 'agent', seq: number) {
  const col = reader === 'contact' ? conversations.contactLastReadSeq : conversations.agentLastReadSeq;
  const [row] = await db
    .update(conversations)
    .set(reader === 'contact' ? { contactLastReadSeq: sql`least(greatest(${col}, ${seq}), ${conversations.lastSeq})` } : { agentLastReadSeq: sql`least(greatest(${col}, ${seq}), ${conversations.lastSeq})` })
    .where(byId(ws, id))
    .returning();
  if (!row) throw notFound('Conversation');
  return row;
}

export const conflictOnClientId = () =>
  new AppError('conflict', 'This client_id already started another conversation', [{ field: 'body.client_id', message: 'already used' }]);

/** Everything of the Inbox about one contact; returns the attachment ids whose files must go too. */
export async function deleteContactConversations(tx: DbOrTx, ws: string, contactId: string): Promise<{ attachmentIds: string[] }> {
  const gone = await tx
    .delete(conversations)
    .where(and(eq(conversations.workspaceId, ws), eq(conversations.contactId, contactId)))
    .returning({ id: conversations.id });
  const attachmentIds: string[] = [];
  for (const { id } of gone) {
    await tx.delete(messages).where(and(eq(messages.workspaceId, ws), eq(messages.conversationId, id)));
    const files = await tx
      .delete(attachments)
      .where(and(eq(attachments.workspaceId, ws), eq(attachments.conversationId, id)))
      .returning({ id: attachments.id });
    attachmentIds.push(...files.map((f) => f.id));
    await deleteConversationTools(tx, ws, id);
  }
  await tx.delete(messengerVisitors).where(and(eq(messengerVisitors.workspaceId, ws), eq(messengerVisitors.contactId, contactId)));
  return { attachmentIds };
}
