import { z } from 'zod';
import { Cursor, Uuid } from './common.ts';

/**
 * Every event a webhook can subscribe to, with the sentence the dashboard shows for it. A new
 * domain event becomes subscribable by adding one line here (e.g. `'conversation.created': …`).
 */
export const WEBHOOK_EVENT_TYPES = {
  'contact.created': 'A contact (user or lead) was created',
  'contact.updated': 'A contact changed',
  'contact.deleted': 'A contact was deleted',
  'company.created': 'A company was created',
  'company.updated': 'A company changed',
  'event.tracked': 'A contact did something your product tracked',
  'conversation.created': 'A conversation started',
  'message.created': 'A message was written in a conversation',
  'conversation.assigned': 'A conversation was assigned to an agent (or unassigned)',
  'conversation.team_assigned': 'A conversation was assigned to a team (or none)',
  'conversation.closed': 'A conversation was closed',
  'conversation.snoozed': 'A conversation was snoozed',
  'conversation.reopened': 'A closed or snoozed conversation was reopened',
  'csat.submitted': 'A customer rated a closed conversation',
  'sla.breached': 'A conversation missed an SLA target (first response, next response or resolution)',
  'feedback_item.created': 'A feedback item (bug, UI/UX problem, feature request or known limitation) was created',
  'feedback_item.updated': 'A feedback item changed (title, kind or status)',
  'feedback_item.shipped': 'A feedback item was marked shipped',
  'feedback_item.conversation_linked': 'A conversation was linked to a feedback item',
} as const;

export type WebhookEventType = keyof typeof WEBHOOK_EVENT_TYPES;
export const webhookEventTypes = Object.keys(WEBHOOK_EVENT_TYPES) as [WebhookEventType, ...WebhookEventType[]];
export const isWebhookEventType = (type: string): type is WebhookEventType => Object.hasOwn(WEBHOOK_EVENT_TYPES, type);

/** The ping sent by "send test"; delivered to the webhook whatever it subscribes to. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

export const WebhookEventTypeInfo = z.object({ type: z.string(), description: z.string() });
export type WebhookEventTypeInfo = z.infer<typeof WebhookEventTypeInfo>;

const Url = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .max(2000)
  .describe('Where Baton POSTs the events');
const EventTypes = z
  .array(z.enum(webhookEventTypes))
  .min(1)
  .max(webhookEventTypes.length * 2)
  // Duplicates change nothing; keep one of each so the stored list reads cleanly.
  .transform((types) => [...new Set(types)]);
const Description = z.string().trim().max(500).nullable();

export const CreateWebhookBody = z.object({
  url: Url,
  description: Description.optional(),
  event_types: EventTypes,
});
export type CreateWebhookBody = z.input<typeof CreateWebhookBody>;

export const UpdateWebhookBody = z.object({
  url: Url.optional(),
  description: Description.optional(),
  event_types: EventTypes.optional(),
  active: z.boolean().optional().describe('A paused webhook receives nothing'),
});
export type UpdateWebhookBody = z.input<typeof UpdateWebhookBody>;

export const Webhook = z.object({
  id: Uuid,
  url: z.string(),
  description: z.string().nullable(),
  event_types: z.array(z.string()),
  active: z.boolean(),
  /** `whsec_…`; present only for API keys, owners and admins. Verify deliveries with it. */
  secret: z.string().optional(),
  created_at: z.string(),
});
export type Webhook = z.infer<typeof Webhook>;

export const WebhookList = z.object({ data: z.array(Webhook) });
export type WebhookList = z.infer<typeof WebhookList>;

export const WebhookDelivery = z.object({
  id: Uuid.describe('Also sent as the `webhook-id` header; stable across retries'),
  webhook_id: Uuid,
  event_type: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed']).describe('pending while attempts remain'),
  attempts: z.number().int(),
  last_status_code: z.number().int().nullable(),
  last_error: z.string().nullable(),
  last_duration_ms: z.number().int().nullable(),
  payload: z.record(z.string(), z.unknown()).describe('The JSON body: {type, timestamp, data}'),
  created_at: z.string(),
  updated_at: z.string(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const DeliveryPage = z.object({ data: z.array(WebhookDelivery), next_cursor: z.string().nullable() });
export type DeliveryPage = z.infer<typeof DeliveryPage>;

export const DeliveryQuery = z.object({
  cursor: Cursor,
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
