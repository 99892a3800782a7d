import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db.ts';
import { agentNotifications, conversationNotes, conversationTags } from './schema.ts';
import { deleteTerms } from './search-index.ts';

/** Notes, tags, notifications and search terms of a conversation that is being deleted. */
export async function deleteConversationTools(tx: DbOrTx, ws: string, conversationId: string): Promise<void> {
  await tx.delete(conversationNotes).where(and(eq(conversationNotes.workspaceId, ws), eq(conversationNotes.conversationId, conversationId)));
  await tx.delete(conversationTags).where(and(eq(conversationTags.workspaceId, ws), eq(conversationTags.conversationId, conversationId)));
  await tx.delete(agentNotifications).where(and(eq(agentNotifications.workspaceId, ws), eq(agentNotifications.conversationId, conversationId)));
  await deleteTerms(tx, ws, conversationId);
}
