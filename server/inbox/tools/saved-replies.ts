import { and, asc, eq } from 'drizzle-orm';
import type { SavedReply } from '../../../contracts/inbox-tools.ts';
import type { DbOrTx } from '../../platform/db.ts';
import { AppError, badField, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { savedReplies } from './schema.ts';
import { unknownPlaceholder } from './template.ts';

type ReplyRow = typeof savedReplies.$inferSelect;
export interface ReplyInput {
  name?: string;
  body?: string;
  translations?: Record<string, string | undefined>;
}

const toReply = (r: ReplyRow): SavedReply => ({
  id: r.id,
  name: r.name,
  body: r.body,
  translations: r.translations,
  created_at: r.createdAt.toISOString(),
  updated_at: r.updatedAt.toISOString(),
});

/** Every body must use only known variables: a typo would otherwise reach the customer as `{{…}}`. */
function checkPlaceholders(input: ReplyInput) {
  const bad = input.body !== undefined ? unknownPlaceholder(input.body) : null;
  if (bad) throw badField('body.body', `unknown variable ${bad}`);
  for (const [locale, text] of Object.entries(input.translations ?? {})) {
    const wrong = text ? unknownPlaceholder(text) : null;
    if (wrong) throw badField(`body.translations.${locale}`, `unknown variable ${wrong}`);
  }
}

const nameTaken = () => new AppError('conflict', 'A saved reply with this name exists', [{ field: 'body.name', message: 'already used' }]);
const clean = (t: Record<string, string | undefined> = {}) =>
  Object.fromEntries(Object.entries(t).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].length > 0));

export async function listReplies(db: DbOrTx, ws: string): Promise<SavedReply[]> {
  return (await db.select().from(savedReplies).where(eq(savedReplies.workspaceId, ws)).orderBy(asc(savedReplies.name))).map(toReply);
}

export async function findReply(db: DbOrTx, ws: string, id: string): Promise<ReplyRow> {
  const [row] = await db.select().from(savedReplies).where(and(eq(savedReplies.workspaceId, ws), eq(savedReplies.id, id)));
  if (!row) throw notFound('Saved reply');
  return row;
}

export async function createReply(db: DbOrTx, ws: string, input: Required<ReplyInput>): Promise<SavedReply> {
  checkPlaceholders(input);
  const [row] = await db
    .insert(savedReplies)
    .values({ workspaceId: ws, id: newId(), name: input.name, body: input.body, translations: clean(input.translations) })
    .onConflictDoNothing()
    .returning();
  if (!row) throw nameTaken();
  return toReply(row);
}

export async function updateReply(db: DbOrTx, ws: string, id: string, patch: ReplyInput): Promise<SavedReply> {
  checkPlaceholders(patch);
  await findReply(db, ws, id);
  if (patch.name) {
    const [clash] = await db.select({ id: savedReplies.id }).from(savedReplies).where(and(eq(savedReplies.workspaceId, ws), eq(savedReplies.name, patch.name)));
    if (clash && clash.id !== id) throw nameTaken();
  }
  const [row] = await db
    .update(savedReplies)
    .set({
      ...(patch.name ? { name: patch.name } : {}),
      ...(patch.body ? { body: patch.body } : {}),
      ...(patch.translations ? { translations: clean(patch.translations) } : {}),
      updatedAt: new Date(),
    })
    .where(and(eq(savedReplies.workspaceId, ws), eq(savedReplies.id, id)))
    .returning();
  return toReply(row!);
}

export async function deleteReply(db: DbOrTx, ws: string, id: string): Promise<void> {
  await findReply(db, ws, id);
  await db.delete(savedReplies).where(and(eq(savedReplies.workspaceId, ws), eq(savedReplies.id, id)));
}
