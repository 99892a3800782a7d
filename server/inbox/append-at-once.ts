import { getTableColumns, type Table } from 'drizzle-orm';
import type { Database } from '../platform/db.ts';
import { newId, randomToken } from '../platform/ids.ts';
import type { Author } from './conversations.ts';
import { renderMessage } from './markdown.ts';
import type { ConversationRow, MessageRow } from './records.ts';
import { conversations, messages } from './schema.ts';
import { documentTerms } from './tools/search-terms.ts';

const columns = (table: Table, alias: string, prefix: string) =>
  Object.entries(getTableColumns(table))
    .map(([key, col]) => `${alias}.${col.name} as "${prefix}${key}"`)
    .join(', ');

/** A row of `table` from the columns `columns()` selected, typed as Drizzle would have read it. */
function rowOf<T>(table: Table, row: Record<string, unknown>, prefix: string): T {
  const out: Record<string, unknown> = {};
  for (const [key, col] of Object.entries(getTableColumns(table))) {
    const value = row[prefix + key];
    out[key] = value === null || value === undefined ? null : col.mapFromDriverValue(value);
  }
  return out as T;
}

/** A timestamp as JavaScript's toISOString writes it (both truncate to milliseconds). */
const iso = (col: string) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** toMessage (records.ts) in SQL, over the inserted row `i`. */
const MESSAGE_JSON = `jsonb_build_object('id', i.id, 'conversation_id', i.conversation_id, 'seq', i.seq, 'client_id', i.client_id,
  'author_type', i.author_type, 'author_id', i.author_id, 'author_name', i.author_name, 'body', i.body, 'body_html', i.body_html,
  'attachments', i.attachments, 'created_at', ${iso('i.created_at')})`;

/** toConversation (records.ts) in SQL, over the updated row `u` with `i` as its last message. */
const CONVERSATION_JSON = `jsonb_build_object('id', u.id, 'contact_id', u.contact_id, 'channel', u.channel, 'state', u.state,
  'assignee_id', u.assignee_id, 'team_id', u.team_id, 'priority', u.priority, 'last_seq', u.last_seq,
  'contact_last_read_seq', u.contact_last_read_seq, 'agent_last_read_seq', u.agent_last_read_seq,
  'snoozed_until', ${iso('u.snoozed_until')}, 'last_message_at', ${iso('u.last_message_at')},
  'last_contact_message_at', ${iso('u.last_contact_message_at')}, 'last_agent_message_at', ${iso('u.last_agent_message_at')},
  'first_response_at', ${iso('u.first_response_at')}, 'closed_at', ${iso('u.closed_at')},
  'csat_rating', u.csat_rating, 'csat_comment', u.csat_comment,
  'created_at', ${iso('u.created_at')}, 'updated_at', ${iso('u.updated_at')},
  'last_message', ${MESSAGE_JSON},
  'tag_ids', coalesce((select jsonb_agg(tag_id order by created_at) from conversation_tags
    where workspace_id = $1::uuid and conversation_id = $2::uuid), '[]'::jsonb))`;

/** audienceOf (records.ts) in SQL. */
const AUDIENCE_JSON = `jsonb_build_object('id', u.id, 'state', u.state, 'assignee_id', u.assignee_id, 'last_seq', u.last_seq,
  'contact_id', u.contact_id, 'visitor_id', u.visitor_id)`;

/**
 * The whole of a chat message's write in ONE autocommitted statement: the agent's name (and
 * that they are still a member), the visitor's right to the conversation, the next sequence
 * number, the message, the conversation's counters and state, the search terms, the
 * `message.created` webhook deliveries (the outbox: rows the caller planned from the
 * subscriptions, each carrying the event's payload), and the tags the event carries. The UPDATE takes the conversation's row lock first, so concurrent sends
 * queue there and each reads the last_seq its predecessor committed: numbers stay gapless, and
 * a failed statement leaves nothing behind. A client id already stored (a retry) makes the
 * UPDATE match nothing; one committed by a concurrent retry after this statement's snapshot
 * trips the unique index instead and rolls everything back. Both are answered by the
 * transactional path (appendMessage), which returns the stored message.
 */
const APPEND = `
  with author as (
    select a.name from memberships m join agents a on a.id = m.agent_id
    where m.workspace_id = $1::uuid and m.agent_id = $6::uuid
  ), dup as (
    select 1 from messages where workspace_id = $1::uuid and conversation_id = $2::uuid and client_id = $10::text
  ), upd as (
    update conversations set
      last_seq = last_seq + 1,
      last_message_at = $13::timestamptz,
      updated_at = $13::timestamptz,
      last_contact_message_at = case when $7::text = 'contact' then $13::timestamptz else last_contact_message_at end,
      contact_last_read_seq = case when $7::text = 'contact' then last_seq + 1 else contact_last_read_seq end,
      last_agent_message_at = case when $7::text = 'contact' then last_agent_message_at else $13::timestamptz end,
      agent_last_read_seq = case when $7::text = 'contact' then agent_last_read_seq else last_seq + 1 end,
      first_response_at = case when $7::text = 'agent' then coalesce(first_response_at, $13::timestamptz) else first_response_at end,
      state = case when $7::text = 'contact' then 'open' else state end,
      closed_at = case when $7::text = 'contact' and state <> 'open' then null else closed_at end,
      snoozed_until = case when $7::text = 'contact' and state <> 'open' then null else snoozed_until end
    where workspace_id = $1::uuid and id = $2::uuid
      and ($3::uuid is null or (contact_id = $3::uuid and ($5::boolean or visitor_id = $4::uuid)))
      and ($6::uuid is null or exists (select 1 from author))
      and not exists (select 1 from dup)
    returning *
  ), ins as (
    insert into messages (workspace_id, conversation_id, seq, id, client_id, author_type, author_id, author_name, body, body_html, attachments, created_at)
    select $1::uuid, $2::uuid, u.last_seq, $9::uuid, $10::text, $7::text, $8::uuid, (select name from author), $11::text, $12::text, '[]'::jsonb, $13::timestamptz
    from upd u
    returning *
  ), terms as (
    insert into conversation_terms (workspace_id, term, conversation_id)
    select $1::uuid, t, $2::uuid from jsonb_array_elements_text($14::jsonb) t where exists (select 1 from ins)
    on conflict do nothing
  ), hooks as (
    insert into webhook_deliveries (workspace_id, id, webhook_id, event_type, payload, undispatched)
    select $1::uuid, d.id, d.webhook_id, 'message.created',
      jsonb_build_object('type', 'message.created', 'timestamp', ${iso('i.created_at')},
        'data', jsonb_build_object('conversation', ${CONVERSATION_JSON}, 'message', ${MESSAGE_JSON}, 'audience', ${AUDIENCE_JSON})),
      true
    from jsonb_to_recordset($15::jsonb) as d(id uuid, webhook_id uuid) cross join ins i cross join upd u
    returning id
  )
  select ${columns(conversations, 'u', 'c.')}, ${columns(messages, 'i', 'm.')},
    (select coalesce(json_agg(tag_id order by created_at), '[]'::json) from conversation_tags
      where workspace_id = $1::uuid and conversation_id = $2::uuid) as tag_ids,
    (select coalesce(json_agg(id), '[]'::json) from hooks) as delivery_ids,
    case when u.id is not null then true else exists (
      select 1 from conversations where workspace_id = $1::uuid and id = $2::uuid
        and ($3::uuid is null or (contact_id = $3::uuid and ($5::boolean or visitor_id = $4::uuid)))) end as found,
    $6::uuid is null or exists (select 1 from author) as member
  from (select 1) one left join upd u on true left join ins i on true`;

export type AppendOutcome =
  | { outcome: 'sent'; conversation: ConversationRow; message: MessageRow; tagIds: string[]; deliveryIds: string[] }
  | { outcome: 'not_found' }
  | { outcome: 'not_member' }
  /** The client id is taken (a retry): the transactional path answers with the stored message. */
  | { outcome: 'client_id_taken' };

/** Who may write: a visitor only into a conversation of their own, an agent only as a member. */
export interface AppendAs {
  author: Author;
  visitor: { contactId: string; visitorId: string; verified: boolean } | null;
}

export async function appendAtOnce(
  database: Database,
  ws: string,
  conversationId: string,
  as: AppendAs,
  input: { clientId?: string; body: string },
  /** The `message.created` deliveries to write with the message (the webhooks outbox's `plan`). */
  deliveries: { id: string; webhook_id: string }[] = [],
): Promise<AppendOutcome> {
  const { author, visitor } = as;
  const params = [
    ws,
    conversationId,
    visitor?.contactId ?? null,
    visitor?.visitorId ?? null,
    visitor?.verified ?? false,
    author.type === 'agent' ? author.id : null,
    author.type,
    author.id,
    newId(),
    input.clientId ?? randomToken('srv_', 12),
    input.body.trim(),
    renderMessage(input.body),
    new Date().toISOString(),
    // JSON rather than an array parameter: PGlite's named statements send every value as text.
    JSON.stringify(documentTerms(input.body)),
    JSON.stringify(deliveries),
  ];
  let row: Record<string, unknown> & { tag_ids: string[]; delivery_ids: string[]; found: boolean; member: boolean };
  try {
    const result = await database.query<typeof row>(APPEND, params, { name: 'inbox_append_message' });
    row = result.rows[0]!;
  } catch (err) {
    if ((err as { code?: string }).code === '23505') return { outcome: 'client_id_taken' };
    throw err;
  }
  if (!row.found) return { outcome: 'not_found' };
  if (!row.member) return { outcome: 'not_member' };
  if (row['c.id'] === null || row['m.id'] === null) return { outcome: 'client_id_taken' };
  return {
    outcome: 'sent',
    conversation: rowOf<ConversationRow>(conversations, row, 'c.'),
    message: rowOf<MessageRow>(messages, row, 'm.'),
    tagIds: row.tag_ids,
    deliveryIds: row.delivery_ids,
  };
}
