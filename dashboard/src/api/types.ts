/**
 * Wire types the dashboard consumes, taken from the server's zod contracts (type-only imports, so
 * no zod code reaches the bundle).
 */
export type { Me, Role, InvitePreview } from '../../../contracts/auth.ts';
export type {
  TeamMember,
  Invite,
  TeamOverview,
  Team,
  WorkspaceSettings,
  ApiKey,
  CreatedApiKey,
} from '../../../contracts/workspaces.ts';
export type {
  Contact,
  ContactPage,
  Company,
  Event as TimelineEvent,
  EventPage,
  AttributeDefinition,
  AttributeType,
  Attributes,
  FilterCondition as Filter,
} from '../../../contracts/contacts.ts';
export type {
  Webhook,
  WebhookList,
  WebhookDelivery,
  DeliveryPage,
  WebhookEventTypeInfo,
} from '../../../contracts/webhooks.ts';
export type { MailboxItem, MailboxMessage } from '../../../contracts/mail.ts';

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export type FilterOp = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains' | 'starts_with' | 'exists' | 'not_exists';
