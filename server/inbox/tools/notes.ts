import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { AgentNotification, Note } from '../../../contracts/inbox-tools.ts';
import type { DbOrTx } from '../../platform/db.ts';
import { newId } from '../../platform/ids.ts';
import { renderMessage } from '../markdown.ts';
import { agentNotifications, conversationNotes } from './schema.ts';
import { indexText } from './search-index.ts';

type NoteRow = typeof conversationNotes.$inferSelect;
type NotificationRow = typeof agentNotifications.$inferSelect;

export const toNote = (n: NoteRow): Note => ({
  id: n.id,
  conversation_id: n.conversationId,
  author_id: n.authorId,
  author_name: n.authorName,
  body: n.body,
  body_html: n.bodyHtml,
  mention_ids: n.mentionIds,
  created_at: n.createdAt.toISOString(),
});

export const toNotification = (n: NotificationRow): AgentNotification => ({
  id: n.id,
  kind: n.kind,
  conversation_id: n.conversationId,
  actor_name: n.actorName,
  excerpt: n.excerpt,
  read_at: n.readAt ? n.readAt.toISOString() : null,
  created_at: n.createdAt.toISOString(),
});

export const excerptOf = (body: string) => (body.length > 140 ? body.slice(0, 139) + '…' : body);

export async function insertNote(
  tx: DbOrTx,
  ws: string,
  input: { conversationId: string; authorId: string; authorName: string; body: string; mentionIds: string[] },
): Promise<{ note: NoteRow; notifications: NotificationRow[] }> {
  const [note] = await tx
    .insert(conversationNotes)
    .values({ workspaceId: ws, id: newId(), ...input, bodyHtml: renderMessage(input.body) })
    .returning();
  await indexText(tx, ws, input.conversationId, input.body);
  const notified = input.mentionIds.filter((id) => id !== input.authorId);
  const notifications =
    notified.length === 0
      ? []
      : await tx
          .insert(agentNotifications)
          .values(
            notified.map((agentId) => ({
              workspaceId: ws,
              id: newId(),
              agentId,
              kind: 'mention' as const,
              conversationId: input.conversationId,
              noteId: note!.id,
              actorName: input.authorName,
              excerpt: excerptOf(input.body),
            })),
          )
          .returning();
  return { note: note!, notifications };
}

export async function listNotes(db: DbOrTx, ws: string, conversationId: string): Promise<Note[]> {
  const found = await db
    .select()
    .from(conversationNotes)
    .where(and(eq(conversationNotes.workspaceId, ws), eq(conversationNotes.conversationId, conversationId)))
    .orderBy(asc(conversationNotes.createdAt), asc(conversationNotes.id));
  return found.map(toNote);
}

export async function listNotifications(db: DbOrTx, ws: string, agentId: string) {
  const mine = and(eq(agentNotifications.workspaceId, ws), eq(agentNotifications.agentId, agentId));
  const [found, [unread]] = await Promise.all([
    db.select().from(agentNotifications).where(mine).orderBy(desc(agentNotifications.createdAt)).limit(50),
    db.select({ n: sql<number>`count(*)::int` }).from(agentNotifications).where(and(mine, isNull(agentNotifications.readAt))),
  ]);
  return { data: found.map(toNotification), unread: unread?.n ?? 0 };
}

export async function markNotificationsRead(db: DbOrTx, ws: string, agentId: string, ids?: string[]) {
  if (ids?.length === 0) return;
  await db
    .update(agentNotifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(agentNotifications.workspaceId, ws),
        eq(agentNotifications.agentId, agentId),
        isNull(agentNotifications.readAt),
        ids ? inArray(agentNotifications.id, ids) : undefined,
      ),
    );
}
