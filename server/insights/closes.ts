import { sql } from 'drizzle-orm';
import type { Ctx } from '../platform/context.ts';

/**
 * Records every close of a conversation (the Inbox keeps only the last one), after the Inbox
 * committed it. A node that stops between the commit and this insert misses that close: the
 * reopen rate can then undercount, never overcount (docs/metrics.md).
 */
export function recordCloses(ctx: Ctx) {
  ctx.bus.onLocal('conversation.closed', async (event) => {
    const conversation = (event.data as { conversation?: { id?: string; closed_at?: string | null } }).conversation;
    if (!conversation?.id || !conversation.closed_at) return;
    await ctx.db.execute(
      sql`insert into conversation_closes (workspace_id, conversation_id, closed_at)
          values (${event.workspaceId}, ${conversation.id}, ${conversation.closed_at}::timestamptz) on conflict do nothing`,
    );
  });
}
