import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.ts';
import { conversations } from '../schema.ts';
import { conversationTerms } from './schema.ts';
import { documentTerms, escapeLike, queryClauses } from './search-terms.ts';

/** Adds a message's or note's words to its conversation's search terms (in the writer's transaction). */
export async function indexText(tx: DbOrTx, ws: string, conversationId: string, text: string): Promise<void> {
  const terms = documentTerms(text);
  for (let i = 0; i < terms.length; i += 500) {
    await tx
      .insert(conversationTerms)
      .values(terms.slice(i, i + 500).map((term) => ({ workspaceId: ws, term, conversationId })))
      .onConflictDoNothing();
  }
}

/** The condition "the conversation's messages or notes contain every word of the query"; null when nothing is searchable. */
export function matchesQuery(query: string): SQL | null {
  const clauses = queryClauses(query);
  if (clauses.length === 0) return null;
  const each = clauses.map((c) => {
    const terms = c.prefix
      ? or(inArray(conversationTerms.term, c.anyOf), sql`${conversationTerms.term} like ${escapeLike(c.prefix) + '%'}`)
      : inArray(conversationTerms.term, c.anyOf);
    return sql`exists (select 1 from ${conversationTerms} where ${and(
      eq(conversationTerms.workspaceId, conversations.workspaceId),
      eq(conversationTerms.conversationId, conversations.id),
      terms,
    )})`;
  });
  return and(...each)!;
}

export async function deleteTerms(tx: DbOrTx, ws: string, conversationId: string): Promise<void> {
  await tx.delete(conversationTerms).where(and(eq(conversationTerms.workspaceId, ws), eq(conversationTerms.conversationId, conversationId)));
}
