import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { ConversationListQuery } from '../../../contracts/messenger.ts';
import { conversations } from '../schema.ts';
import { conversationTags } from './schema.ts';
import { matchesQuery } from './search-index.ts';

/**
 * An open conversation is "at risk" this long before its earliest open SLA target is due: the
 * first response (while none was sent), the next response (while the customer waits) or resolution.
 */
export const SLA_AT_RISK_MINUTES = 15;

export const atRisk = () => {
  const soon = sql`now() + make_interval(mins => ${SLA_AT_RISK_MINUTES})`;
  return sql`(${conversations.state} = 'open' and exists (
  select 1 from conversation_routing r where r.workspace_id = ${conversations.workspaceId} and r.conversation_id = ${conversations.id}
    and ((${conversations.firstResponseAt} is null and r.first_response_due_at < ${soon})
         or r.next_response_due_at < ${soon} or r.resolution_due_at < ${soon})))`;
};

/** The list filters of the Inbox's tools: tag, text search and SLA risk. */
export function toolFilters(query: Pick<ConversationListQuery, 'tag_id' | 'q' | 'sla'>): SQL[] {
  const out: SQL[] = [];
  if (query.tag_id) {
    out.push(sql`exists (select 1 from ${conversationTags} where ${and(
      eq(conversationTags.workspaceId, conversations.workspaceId),
      eq(conversationTags.conversationId, conversations.id),
      eq(conversationTags.tagId, query.tag_id),
    )})`);
  }
  if (query.q) out.push(matchesQuery(query.q) ?? sql`false`);
  if (query.sla === 'at_risk') out.push(atRisk());
  return out;
}

