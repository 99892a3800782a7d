import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Tag, TagCreate } from '../../../contracts/inbox-tools.ts';
import type { DbOrTx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { conversationTags, tags } from './schema.ts';

type TagRow = typeof tags.$inferSelect;
const toTag = (t: TagRow, count: number): Tag => ({
  id: t.id,
  name: t.name,
  color: t.color as Tag['color'],
  conversation_count: count,
  created_at: t.createdAt.toISOString(),
});
const taken = () => new AppError('conflict', 'A tag with this name exists', [{ field: 'body.name', message: 'already used by another tag' }]);

export async function listTags(db: DbOrTx, ws: string): Promise<Tag[]> {
  const found = await db
    .select({ tag: tags, n: sql<number>`(select count(*)::int from ${conversationTags} where ${conversationTags.workspaceId} = ${tags.workspaceId} and ${conversationTags.tagId} = ${tags.id})` })
    .from(tags)
    .where(eq(tags.workspaceId, ws))
    .orderBy(asc(tags.key));
  return found.map((r) => toTag(r.tag, r.n));
}

export async function findTag(db: DbOrTx, ws: string, id: string): Promise<TagRow> {
  const [row] = await db.select().from(tags).where(and(eq(tags.workspaceId, ws), eq(tags.id, id)));
  if (!row) throw notFound('Tag');
  return row;
}

export async function createTag(db: DbOrTx, ws: string, input: Required<TagCreate>): Promise<Tag> {
  const [row] = await db
    .insert(tags)
    .values({ workspaceId: ws, id: newId(), name: input.name, key: input.name.toLowerCase(), color: input.color })
    .onConflictDoNothing()
    .returning();
  if (!row) throw taken();
  return toTag(row, 0);
}

export async function updateTag(db: DbOrTx, ws: string, id: string, patch: { name?: string; color?: string }): Promise<void> {
  await findTag(db, ws, id);
  if (patch.name) {
    const [clash] = await db.select({ id: tags.id }).from(tags).where(and(eq(tags.workspaceId, ws), eq(tags.key, patch.name.toLowerCase())));
    if (clash && clash.id !== id) throw taken();
  }
  await db
    .update(tags)
    .set({ ...(patch.name ? { name: patch.name, key: patch.name.toLowerCase() } : {}), ...(patch.color ? { color: patch.color } : {}) })
    .where(and(eq(tags.workspaceId, ws), eq(tags.id, id)));
}

export async function deleteTag(tx: DbOrTx, ws: string, id: string): Promise<void> {
  await findTag(tx, ws, id);
  await tx.delete(conversationTags).where(and(eq(conversationTags.workspaceId, ws), eq(conversationTags.tagId, id)));
  await tx.delete(tags).where(and(eq(tags.workspaceId, ws), eq(tags.id, id)));
}

export async function tagConversation(db: DbOrTx, ws: string, conversationId: string, tagId: string): Promise<void> {
  await db.insert(conversationTags).values({ workspaceId: ws, conversationId, tagId }).onConflictDoNothing();
}

export async function untagConversation(db: DbOrTx, ws: string, conversationId: string, tagId: string): Promise<void> {
  await db
    .delete(conversationTags)
    .where(and(eq(conversationTags.workspaceId, ws), eq(conversationTags.conversationId, conversationId), eq(conversationTags.tagId, tagId)));
}

/** Tag ids per conversation, oldest tagging first. */
export async function tagIdsOf(db: DbOrTx, ws: string, conversationIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (conversationIds.length === 0) return out;
  const found = await db
    .select({ c: conversationTags.conversationId, t: conversationTags.tagId })
    .from(conversationTags)
    .where(and(eq(conversationTags.workspaceId, ws), inArray(conversationTags.conversationId, conversationIds)))
    .orderBy(asc(conversationTags.createdAt));
  for (const r of found) out.set(r.c, [...(out.get(r.c) ?? []), r.t]);
  return out;
}
