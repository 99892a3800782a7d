import { z } from 'zod';
import { Uuid } from './common.ts';

/** The agent's tools around a conversation: notes, tags, saved replies, notifications, presence. */

// -------------------------------------------------------------------------------- notes ---

export const Note = z.object({
  id: Uuid,
  conversation_id: Uuid,
  author_id: Uuid,
  author_name: z.string(),
  body: z.string(),
  body_html: z.string().describe('Rendered markdown, sanitized'),
  mention_ids: z.array(Uuid),
  created_at: z.string(),
});
export type Note = z.infer<typeof Note>;

export const NoteCreate = z.strictObject({
  body: z.string().trim().min(1).max(10_000),
  mention_ids: z.array(Uuid).max(50).default([]).describe('Teammates @mentioned; each gets a notification'),
});
export type NoteCreate = z.input<typeof NoteCreate>;
export const NoteList = z.object({ data: z.array(Note) });

// --------------------------------------------------------------------------------- tags ---

const TagName = z.string().trim().min(1).max(64);
const TagColor = z.enum(['gray', 'red', 'orange', 'yellow', 'green', 'teal', 'blue', 'indigo', 'grape', 'pink']);
export const TAG_COLORS = TagColor.options;

export const Tag = z.object({ id: Uuid, name: z.string(), color: TagColor, conversation_count: z.number().int(), created_at: z.string() });
export type Tag = z.infer<typeof Tag>;
export const TagCreate = z.strictObject({ name: TagName, color: TagColor.default('gray') });
export type TagCreate = z.input<typeof TagCreate>;
export const TagUpdate = z.strictObject({ name: TagName.optional(), color: TagColor.optional() });
export const TagList = z.object({ data: z.array(Tag) });
export const ConversationTagParams = z.object({ id: Uuid, tagId: Uuid });
export const ConversationTags = z.object({ tag_ids: z.array(Uuid) });

// ------------------------------------------------------------------------- saved replies ---

/** `{{contact.first_name}}`, optionally `{{contact.first_name | fallback: "there"}}`. */
export const TEMPLATE_VARIABLES = [
  'contact.name',
  'contact.first_name',
  'contact.last_name',
  'contact.email',
  'company.name',
  'company.plan',
  'agent.name',
  'agent.first_name',
  'workspace.name',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

export const REPLY_LOCALES = ['en', 'zh-Hans', 'zh-Hant', 'ru', 'kk'] as const;
const ReplyBody = z.string().trim().min(1).max(10_000);

export const SavedReply = z.object({
  id: Uuid,
  name: z.string(),
  body: z.string(),
  translations: z.partialRecord(z.enum(REPLY_LOCALES), z.string()),
  created_at: z.string(),
  updated_at: z.string(),
});
export type SavedReply = z.infer<typeof SavedReply>;
export const SavedReplyCreate = z.strictObject({
  name: z.string().trim().min(1).max(120),
  body: ReplyBody,
  translations: z.partialRecord(z.enum(REPLY_LOCALES), ReplyBody).default({}).describe('The body per contact locale; the default body otherwise'),
});
export type SavedReplyCreate = z.input<typeof SavedReplyCreate>;
export const SavedReplyUpdate = SavedReplyCreate.partial();
export const SavedReplyList = z.object({ data: z.array(SavedReply) });
export const SavedReplyRenderParams = z.object({ id: Uuid, replyId: Uuid });
export const RenderedReply = z.object({ body: z.string(), locale: z.string().describe('The version used: a locale or `default`') });
export type RenderedReply = z.infer<typeof RenderedReply>;

// ------------------------------------------------------------------------ notifications ---

export const AgentNotification = z.object({
  id: Uuid,
  kind: z.enum(['mention', 'qa_review']),
  conversation_id: Uuid,
  actor_name: z.string(),
  excerpt: z.string(),
  read_at: z.string().nullable(),
  created_at: z.string(),
});
export type AgentNotification = z.infer<typeof AgentNotification>;
export const NotificationList = z.object({ data: z.array(AgentNotification), unread: z.number().int() });
export type NotificationList = z.infer<typeof NotificationList>;
export const NotificationsRead = z.strictObject({ ids: z.array(Uuid).max(500).optional().describe('Omitted: all of them') });

// ----------------------------------------------------------------------------- presence ---

export const PresenceStatus = z.enum(['online', 'away']);
export const PresenceBody = z.strictObject({ status: PresenceStatus });
export const AgentPresence = z.object({ agent_id: Uuid, status: z.enum(['online', 'away', 'offline']) });
export const PresenceList = z.object({ data: z.array(AgentPresence) });
export type PresenceList = z.infer<typeof PresenceList>;

// ------------------------------------------------------------------------------- counts ---

export const ConversationCounts = z.object({
  unassigned: z.number().int(),
  mine: z.number().int(),
  all: z.number().int(),
  sla_at_risk: z.number().int(),
  snoozed: z.number().int(),
  closed: z.number().int(),
  teams: z.record(z.string(), z.number().int()),
});
export type ConversationCounts = z.infer<typeof ConversationCounts>;
