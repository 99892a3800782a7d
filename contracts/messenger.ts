import { z } from 'zod';
import { Cursor, Limit, Uuid } from './common.ts';
import { LOCALES, PROTOCOL_VERSION } from './messenger-constants.ts';
import { AgentNotification, Note } from './inbox-tools.ts';

/**
 * The Messenger's wire contract: the widget's boot call and REST bodies under `/widget`, the
 * conversation resources of `/api/v1/conversations`, and the WebSocket frames both the widget
 * and the dashboard speak. Frames carry `v`; a server refuses a version it does not speak.
 */
export { LOCALES, PROTOCOL_VERSION };
export const MessengerLocale = z.enum(LOCALES);
export type MessengerLocale = z.infer<typeof MessengerLocale>;

/** A message id chosen by the sender: a retry with the same one never makes a second message. */
export const ClientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'Use 8–64 letters, digits, _ or -');
export const MessageBody = z.string().trim().min(1, 'must not be empty').max(10_000);

export const ConversationState = z.enum(['open', 'snoozed', 'closed']);
export type ConversationState = z.infer<typeof ConversationState>;
export const AuthorType = z.enum(['contact', 'agent', 'bot']);
export type AuthorType = z.infer<typeof AuthorType>;

export const AttachmentRef = z.object({
  id: Uuid,
  name: z.string(),
  content_type: z.string(),
  size: z.number().int(),
  url: z.string().describe('Path of the download on Baton (unguessable; prefix with Baton’s origin)'),
});
export type AttachmentRef = z.infer<typeof AttachmentRef>;

export const Message = z.object({
  id: Uuid,
  conversation_id: Uuid,
  seq: z.number().int().describe('Position in the conversation, from 1 without gaps'),
  client_id: z.string(),
  author_type: AuthorType,
  author_id: Uuid.nullable(),
  author_name: z.string().nullable(),
  body: z.string().describe('Markdown as written'),
  body_html: z.string().describe('The body rendered and sanitized; safe to insert as HTML'),
  attachments: z.array(AttachmentRef),
  created_at: z.string(),
});
export type Message = z.infer<typeof Message>;

export const Conversation = z.object({
  id: Uuid,
  contact_id: Uuid,
  channel: z.enum(['messenger', 'api', 'email']).describe('Where the conversation started: the Messenger, the REST API or an e-mail to the support address'),
  state: ConversationState,
  assignee_id: Uuid.nullable(),
  team_id: Uuid.nullable(),
  priority: z.boolean().describe('Marked priority by an agent or a routing rule'),
  last_seq: z.number().int(),
  contact_last_read_seq: z.number().int(),
  agent_last_read_seq: z.number().int(),
  snoozed_until: z.string().nullable(),
  last_message_at: z.string().nullable(),
  last_contact_message_at: z.string().nullable(),
  last_agent_message_at: z.string().nullable(),
  first_response_at: z.string().nullable(),
  closed_at: z.string().nullable(),
  csat_rating: z.number().int().nullable().describe('1–5, given by the customer after closing'),
  csat_comment: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  last_message: Message.nullable(),
  tag_ids: z.array(Uuid).describe('Tags on the conversation (see /api/v1/tags)'),
});
export type Conversation = z.infer<typeof Conversation>;
export const ConversationPage = z.object({ data: z.array(Conversation), next_cursor: z.string().nullable() });
export type ConversationPage = z.infer<typeof ConversationPage>;

export const ConversationListQuery = z.object({
  state: ConversationState.optional(),
  assignee: z
    .union([z.enum(['me', 'unassigned']), Uuid])
    .optional()
    .describe('`me` (signed-in agents only), `unassigned` or an agent id'),
  team_id: Uuid.optional(),
  contact_id: Uuid.optional(),
  tag_id: Uuid.optional(),
  q: z.string().trim().max(200).optional().describe('Words in its messages and notes (any of the five languages; Chinese needs no spaces)'),
  sla: z.enum(['at_risk']).optional().describe('`at_risk`: open, with an SLA target (first response, next response or resolution) due within 15 minutes or overdue'),
  cursor: Cursor,
  limit: Limit,
});
export type ConversationListQuery = z.infer<typeof ConversationListQuery>;

export const ConversationCreate = z.strictObject({
  contact_id: Uuid.describe('Who the conversation is with; the first message is theirs'),
  body: MessageBody,
  client_id: ClientId.optional(),
});
export type ConversationCreate = z.infer<typeof ConversationCreate>;

export const ConversationUpdate = z
  .strictObject({
    state: ConversationState.optional(),
    snoozed_until: z.iso.datetime({ offset: true }).optional().describe('Required when state is snoozed'),
    assignee_id: Uuid.nullable().optional(),
    team_id: Uuid.nullable().optional(),
    priority: z.boolean().optional(),
  })
  .refine((u) => u.state !== 'snoozed' || u.snoozed_until, { path: ['snoozed_until'], message: 'required when snoozing' });
export type ConversationUpdate = z.infer<typeof ConversationUpdate>;

export const MessageCreate = z.strictObject({ body: MessageBody, client_id: ClientId.optional() });
export type MessageCreate = z.infer<typeof MessageCreate>;
export const MessageListQuery = z.object({
  after_seq: z.coerce.number().int().min(0).default(0).describe('Only messages after this sequence number'),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export const MessageList = z.object({ data: z.array(Message), has_more: z.boolean() });
export type MessageList = z.infer<typeof MessageList>;
export const ReadBody = z.strictObject({ seq: z.number().int().min(0) });

// ---------------------------------------------------------------------------------- widget ---

const Attr = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]);
export const BootCompany = z.looseObject({
  company_id: z.union([z.string(), z.number()]).optional(),
  id: z.union([z.string(), z.number()]).optional(),
  name: z.string().max(500).optional(),
  plan: z.string().max(200).optional(),
});

/**
 * What `Baton('boot', …)` (or `update`) sends. Unknown keys are custom attributes, as in
 * Intercom's settings; `user_jwt` / `intercom_user_jwt` is the signed alternative to `user_hash`.
 */
export const BootBody = z.looseObject({
  app_id: z.string().min(1).max(200),
  visitor_token: z.string().max(200).optional(),
  user_id: z.union([z.string().min(1).max(255), z.number()]).optional(),
  email: z.string().trim().max(320).optional(),
  name: z.string().max(500).optional(),
  user_hash: z.string().max(200).optional(),
  user_jwt: z.string().max(8000).optional(),
  created_at: z.union([z.number(), z.string().max(64)]).optional(),
  company: BootCompany.optional(),
  language_override: z.string().max(20).optional(),
  locale: z.string().max(20).optional(),
  /** The page the widget runs on, for the server's choice of chunks (see BootResponse.chunks). */
  page_url: z.string().max(2000).optional(),
});
export type BootBody = z.infer<typeof BootBody>;
export const BootAttributes = z.record(z.string().max(64), Attr);

export const MessengerSettings = z.object({
  workspace_name: z.string(),
  locale: MessengerLocale,
  identity_verification: z.boolean(),
  agents_online: z.number().int(),
  /** How fast the team usually answers: its median first response of the last 14 days, in minutes; null before it has answered any. */
  reply_minutes: z.number().int().nullable(),
  /** When the team's office hours begin again; null while open (or with no office hours). */
  back_at: z.string().nullable(),
});
export type MessengerSettings = z.infer<typeof MessengerSettings>;

export const BootResponse = z.object({
  v: z.literal(PROTOCOL_VERSION),
  visitor_id: Uuid,
  visitor_token: z.string(),
  /** True when the product's backend vouched for this user (user_hash or JWT). */
  verified: z.boolean(),
  identified: z.boolean(),
  can_chat: z.boolean(),
  email_known: z.boolean(),
  unread_count: z.number().int(),
  /** Lazy parts of the widget this page needs now (messenger, engagement, …); the loader fetches them. */
  chunks: z.array(z.string()),
  settings: MessengerSettings,
});
export type BootResponse = z.infer<typeof BootResponse>;

export const WidgetConversation = z.object({
  id: Uuid,
  state: ConversationState,
  last_seq: z.number().int(),
  contact_last_read_seq: z.number().int(),
  agent_last_read_seq: z.number().int(),
  unread: z.number().int(),
  csat_rating: z.number().int().nullable(),
  last_message: Message.nullable(),
  created_at: z.string(),
});
export type WidgetConversation = z.infer<typeof WidgetConversation>;
export const WidgetConversationList = z.object({ data: z.array(WidgetConversation) });

export const WidgetConversationCreate = z.strictObject({ body: MessageBody, client_id: ClientId });
export const WidgetMessageCreate = z.strictObject({ body: MessageBody, client_id: ClientId });
export const WidgetEventBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  metadata: z.record(z.string().max(64), z.unknown()).optional(),
});
export const CsatBody = z.strictObject({
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(2000).optional(),
});
export type CsatBody = z.infer<typeof CsatBody>;
export const WidgetEmailBody = z.strictObject({ email: z.email().max(320) });
export const Created = z.object({ conversation: WidgetConversation, message: Message, created: z.boolean() });
export type Created = z.infer<typeof Created>;

// ---------------------------------------------------------------------------------- frames ---

const resumeItem = z.object({ conversation_id: Uuid, after_seq: z.number().int().min(0) });

/** Frames a client sends. The widget authenticates in `hello`; the dashboard with its session. */
export const ClientFrame = z.discriminatedUnion('type', [
  z.object({
    v: z.literal(PROTOCOL_VERSION),
    type: z.literal('hello'),
    app_id: z.string().max(200).optional(),
    visitor_token: z.string().max(200).optional(),
    resume: z.array(resumeItem).max(200).default([]),
  }),
  z.object({ v: z.literal(PROTOCOL_VERSION), type: z.literal('resume'), resume: z.array(resumeItem).max(200) }),
  z.object({
    v: z.literal(PROTOCOL_VERSION),
    type: z.literal('send'),
    conversation_id: Uuid.optional().describe('Omitted to start a new conversation (widget only)'),
    client_id: ClientId,
    body: MessageBody,
  }),
  z.object({ v: z.literal(PROTOCOL_VERSION), type: z.literal('typing'), conversation_id: Uuid }),
  z.object({ v: z.literal(PROTOCOL_VERSION), type: z.literal('read'), conversation_id: Uuid, seq: z.number().int().min(0) }),
  z.object({ v: z.literal(PROTOCOL_VERSION), type: z.literal('ping') }),
]);
export type ClientFrame = z.input<typeof ClientFrame>;

export const ConversationSummary = z.object({
  id: Uuid,
  state: ConversationState,
  assignee_id: Uuid.nullable(),
  last_seq: z.number().int(),
});

/** Frames the server sends. `message` frames arrive in seq order per conversation after a resume. */
export const ServerFrame = z.discriminatedUnion('type', [
  z.object({ v: z.literal(PROTOCOL_VERSION), type: z.literal('ready') }),
  z.object({ v: z.literal(PROTOCOL_VERSION), type: z.literal('ack'), client_id: z.string(), message: Message, conversation: ConversationSummary }),
  z.object({ v: z.literal(PROTOCOL_VERSION), type: z.literal('message'), message: Message, conversation: ConversationSummary }),
  z.object({
    v: z.literal(PROTOCOL_VERSION),
    type: z.literal('conversation'),
    conversation: ConversationSummary,
    event: z.string().optional().describe('What changed: the domain event without its `conversation.` prefix, e.g. `assigned`'),
  }),
  z.object({
    v: z.literal(PROTOCOL_VERSION),
    type: z.literal('typing'),
    conversation_id: Uuid,
    author_type: AuthorType,
    author_name: z.string().nullable(),
  }),
  z.object({ v: z.literal(PROTOCOL_VERSION), type: z.literal('read'), conversation_id: Uuid, reader: z.enum(['contact', 'agent']), seq: z.number().int() }),
  z.object({ v: z.literal(PROTOCOL_VERSION), type: z.literal('error'), code: z.string(), detail: z.string(), client_id: z.string().optional() }),
  z.object({ v: z.literal(PROTOCOL_VERSION), type: z.literal('pong') }),
  // Agents only: internal notes and an agent's own notifications never reach a Messenger socket.
  z.object({ v: z.literal(PROTOCOL_VERSION), type: z.literal('note'), note: Note }),
  z.object({ v: z.literal(PROTOCOL_VERSION), type: z.literal('notification'), notification: AgentNotification }),
  z.object({ v: z.literal(PROTOCOL_VERSION), type: z.literal('presence'), agent_id: Uuid, status: z.enum(['online', 'away', 'offline']) }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;
