import type { Conversation, Message, WidgetConversation } from '../../contracts/messenger.ts';
import type { conversations, messages } from './schema.ts';

export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toMessage(m: MessageRow): Message {
  return {
    id: m.id,
    conversation_id: m.conversationId,
    seq: m.seq,
    client_id: m.clientId,
    author_type: m.authorType,
    author_id: m.authorId,
    author_name: m.authorName,
    body: m.body,
    body_html: m.bodyHtml,
    attachments: m.attachments,
    created_at: m.createdAt.toISOString(),
  };
}

/** The dashboard's and REST API's view of a conversation. */
export function toConversation(c: ConversationRow, last: MessageRow | null, tagIds: string[] = []): Conversation {
  return {
    id: c.id,
    contact_id: c.contactId,
    channel: c.channel,
    state: c.state,
    assignee_id: c.assigneeId,
    team_id: c.teamId,
    priority: c.priority,
    last_seq: c.lastSeq,
    contact_last_read_seq: c.contactLastReadSeq,
    agent_last_read_seq: c.agentLastReadSeq,
    snoozed_until: iso(c.snoozedUntil),
    last_message_at: iso(c.lastMessageAt),
    last_contact_message_at: iso(c.lastContactMessageAt),
    last_agent_message_at: iso(c.lastAgentMessageAt),
    first_response_at: iso(c.firstResponseAt),
    closed_at: iso(c.closedAt),
    csat_rating: c.csatRating,
    csat_comment: c.csatComment,
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
    last_message: last ? toMessage(last) : null,
    tag_ids: tagIds,
  };
}

/** The visitor's view: no assignee, team or internal timestamps. */
export function toWidgetConversation(c: ConversationRow, last: MessageRow | null, unread: number): WidgetConversation {
  return {
    id: c.id,
    state: c.state,
    last_seq: c.lastSeq,
    contact_last_read_seq: c.contactLastReadSeq,
    agent_last_read_seq: c.agentLastReadSeq,
    unread,
    csat_rating: c.csatRating,
    last_message: last ? toMessage(last) : null,
    created_at: c.createdAt.toISOString(),
  };
}

/** What realtime frames say about a conversation, and what the gateway routes them by. */
export interface ConversationAudience {
  id: string;
  state: ConversationRow['state'];
  assignee_id: string | null;
  last_seq: number;
  contact_id: string;
  visitor_id: string | null;
}

export function audienceOf(c: ConversationRow): ConversationAudience {
  return { id: c.id, state: c.state, assignee_id: c.assigneeId, last_seq: c.lastSeq, contact_id: c.contactId, visitor_id: c.visitorId };
}
