import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { Collection, CollectionCreate, CollectionUpdate } from '../../contracts/knowledge.ts';
import type { Db } from '../platform/db.ts';
import { AppError, badField, notFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { articles, collections } from './schema.ts';

type CollectionRow = typeof collections.$inferSelect;

function present(row: CollectionRow, articleCount: number): Collection {
  return {
    id: row.id,
    parent_id: row.parentId,
    position: row.position,
    translations: row.translations,
    article_count: articleCount,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** Collections of articles, nested one level, with a name and description per locale. */
export function createCollections(db: Db, checkLocales: (workspaceId: string, locales: string[], field: string) => Promise<void>) {
  async function find(workspaceId: string, id: string): Promise<CollectionRow> {
    const [row] = await db.select().from(collections).where(and(eq(collections.workspaceId, workspaceId), eq(collections.id, id)));
    if (!row) throw notFound('Collection');
    return row;
  }

  async function counts(workspaceId: string, ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const list = await db
      .select({ id: articles.collectionId, n: count() })
      .from(articles)
      .where(and(eq(articles.workspaceId, workspaceId), inArray(articles.collectionId, ids)))
      .groupBy(articles.collectionId);
    return new Map(list.map((r) => [r.id!, r.n]));
  }

  /** A parent must be a top-level collection of the same workspace, and a parent cannot move under another. */
  async function checkParent(workspaceId: string, parentId: string | null | undefined, selfId?: string): Promise<void> {
    if (!parentId) return;
    if (parentId === selfId) throw badField('body.parent_id', 'A collection cannot be its own parent');
    const parent = await db
      .select({ parentId: collections.parentId })
      .from(collections)
      .where(and(eq(collections.workspaceId, workspaceId), eq(collections.id, parentId)));
    if (!parent[0]) throw badField('body.parent_id', 'No such collection');
    if (parent[0].parentId) throw badField('body.parent_id', 'Collections nest one level: the parent must be a top-level collection');
    if (selfId) {
      const [child] = await db
        .select({ id: collections.id })
        .from(collections)
        .where(and(eq(collections.workspaceId, workspaceId), eq(collections.parentId, selfId)))
        .limit(1);
      if (child) throw badField('body.parent_id', 'This collection has sub-collections, so it must stay at the top level');
    }
  }

  return {
    find,
    async list(workspaceId: string): Promise<Collection[]> {
      const list = await db
        .select()
        .from(collections)
        .where(eq(collections.workspaceId, workspaceId))
        .orderBy(asc(collections.position), asc(collections.id));
      const n = await counts(workspaceId, list.map((c) => c.id));
      return list.map((c) => present(c, n.get(c.id) ?? 0));
    },
    async get(workspaceId: string, id: string): Promise<Collection> {
      const row = await find(workspaceId, id);
      return present(row, (await counts(workspaceId, [id])).get(id) ?? 0);
    },
    async create(workspaceId: string, input: CollectionCreate): Promise<Collection> {
      await checkLocales(workspaceId, Object.keys(input.translations), 'body.translations');
      await checkParent(workspaceId, input.parent_id);
      const [row] = await db
        .insert(collections)
        .values({ workspaceId, id: newId(), parentId: input.parent_id ?? null, position: input.position ?? 0, translations: input.translations })
        .returning();
      return present(row!, 0);
    },
    async update(workspaceId: string, id: string, patch: CollectionUpdate): Promise<Collection> {
      await find(workspaceId, id);
      if (patch.translations) await checkLocales(workspaceId, Object.keys(patch.translations), 'body.translations');
      if (patch.parent_id !== undefined) await checkParent(workspaceId, patch.parent_id, id);
      const set: Partial<CollectionRow> = { updatedAt: new Date() };
      if (patch.parent_id !== undefined) set.parentId = patch.parent_id;
      if (patch.position !== undefined) set.position = patch.position;
      if (patch.translations) set.translations = patch.translations;
      const [row] = await db
        .update(collections)
        .set(set)
        .where(and(eq(collections.workspaceId, workspaceId), eq(collections.id, id)))
        .returning();
      return present(row!, (await counts(workspaceId, [id])).get(id) ?? 0);
    },
    /** Its articles stay, outside any collection; a collection with sub-collections is refused. */
    async delete(workspaceId: string, id: string): Promise<void> {
      await find(workspaceId, id);
      await db.transaction(async (tx) => {
        const [child] = await tx
          .select({ id: collections.id })
          .from(collections)
          .where(and(eq(collections.workspaceId, workspaceId), eq(collections.parentId, id)))
          .limit(1);
        if (child) throw new AppError('conflict', 'Move or delete its sub-collections first');
        await tx
          .update(articles)
          .set({ collectionId: null, updatedAt: sql`now()` })
          .where(and(eq(articles.workspaceId, workspaceId), eq(articles.collectionId, id)));
        await tx.delete(collections).where(and(eq(collections.workspaceId, workspaceId), eq(collections.id, id)));
      });
    },
  };
}
