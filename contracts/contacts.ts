import { z } from 'zod';
import { Cursor, Limit, pageOf, Uuid } from './common.ts';

/**
 * REST v1 wire format for contacts, companies, events and attribute definitions. snake_case like
 * Intercom and Segment; the dashboard imports these types too.
 */

/** Custom attribute keys: safe to show, to index and to bind as a jsonb key. */
export const ATTRIBUTE_KEY_RE = /^[A-Za-z0-9_.-]{1,64}$/;
export const AttributeKey = z.string().regex(ATTRIBUTE_KEY_RE, 'Use 1–64 letters, digits, _ . or -');
export const Attributes = z.record(z.string().max(64), z.unknown());
export type Attributes = z.infer<typeof Attributes>;

/** Years 1–9999: what both JavaScript and PostgreSQL can hold. */
export const MIN_TIME = Date.parse('0001-01-01T00:00:00Z');
export const MAX_TIME = Date.parse('9999-12-31T23:59:59.999Z');
export const inTimeRange = (t: number) => t >= MIN_TIME && t <= MAX_TIME;
const Timestamp = z.iso
  .datetime({ offset: true })
  .refine((v) => inTimeRange(Date.parse(v)), 'must be between the years 1 and 9999');
const NullableText = (max: number) => z.string().max(max).nullable();

export const ContactRole = z.enum(['user', 'lead']);
export type ContactRole = z.infer<typeof ContactRole>;

export const CompanyRef = z.object({ id: Uuid, name: z.string().nullable(), plan: z.string().nullable() });

export const Contact = z.object({
  id: Uuid,
  role: ContactRole,
  external_id: z.string().nullable(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  avatar_url: z.string().nullable(),
  locale: z.string().nullable(),
  timezone: z.string().nullable(),
  attributes: Attributes,
  companies: z.array(CompanyRef),
  signed_up_at: z.string().nullable(),
  last_seen_at: z.string().nullable(),
  session_count: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Contact = z.infer<typeof Contact>;

const contactFields = {
  external_id: NullableText(255),
  email: z.email().max(320).nullable(),
  name: NullableText(255),
  phone: NullableText(64),
  avatar_url: z.url().max(2000).nullable(),
  locale: NullableText(35),
  timezone: NullableText(64),
  attributes: Attributes,
  signed_up_at: Timestamp.nullable(),
  last_seen_at: Timestamp.nullable(),
  company_ids: z.array(Uuid).max(100).describe('Companies the contact belongs to (replaces the list)'),
};

/** Strict: unknown fields (a `workspace_id`, say) are refused, never silently used. */
export const ContactCreate = z
  .strictObject({
    role: ContactRole.describe('Defaults to user when external_id or email is given, else lead'),
    ...contactFields,
  })
  .partial();
export type ContactCreate = z.infer<typeof ContactCreate>;

export const ContactUpdate = ContactCreate;
export type ContactUpdate = ContactCreate;

export const MergeBody = z.strictObject({ into_id: Uuid.describe('The user the lead is merged into') });

export const FILTER_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'starts_with', 'exists', 'not_exists'] as const;
export const FilterCondition = z.strictObject({
  field: z.string().max(80),
  op: z.enum(FILTER_OPS),
  value: z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]).optional(),
});
export type FilterCondition = z.infer<typeof FilterCondition>;

export const CONTACT_FILTER_FIELDS = [
  'email', 'name', 'role', 'external_id', 'phone', 'locale', 'timezone', 'created_at', 'last_seen_at', 'signed_up_at',
  'session_count',
] as const;
export const CONTACT_SORT_FIELDS = ['created_at', 'last_seen_at', 'name', 'email', 'signed_up_at'] as const;

/** Which rows a list shows; the same parameters count them. */
const filterCommon = {
  q: z.string().max(200).optional().describe('Search by e-mail or name'),
  filter: z
    .string()
    .max(8000)
    .optional()
    .describe('JSON array of {field, op, value}; field may be attributes.<key>'),
  segment_id: Uuid.optional().describe('Only members of this segment (its rule as it matches now)'),
};
/** How a list orders and pages them. */
const pageCommon = {
  sort: z.string().max(80).optional().describe('A sort field or attributes.<key>'),
  order: z.enum(['asc', 'desc']).default('desc'),
  cursor: Cursor,
  limit: Limit,
};

export const ContactFilterQuery = z.object({
  ...filterCommon,
  role: ContactRole.optional(),
  company_id: Uuid.optional(),
});
export type ContactFilterQuery = z.infer<typeof ContactFilterQuery>;
export const ContactListQuery = ContactFilterQuery.extend(pageCommon);
export type ContactListQuery = z.infer<typeof ContactListQuery>;
export const Count = z.object({ count: z.number().int() });
export const ContactPage = pageOf(Contact);
export type ContactPage = z.infer<typeof ContactPage>;

export const Company = z.object({
  id: Uuid,
  external_id: z.string().nullable(),
  name: z.string().nullable(),
  plan: z.string().nullable(),
  mrr: z.number().nullable(),
  arr: z.number().nullable().describe('Always 12 × mrr'),
  trial_ends_at: z.string().nullable(),
  website: z.string().nullable(),
  industry: z.string().nullable(),
  size: z.number().int().nullable(),
  attributes: Attributes,
  contact_count: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Company = z.infer<typeof Company>;

export const CompanyCreate = z.strictObject({
  external_id: NullableText(255).optional(),
  name: NullableText(255).optional(),
  plan: NullableText(64).optional(),
  mrr: z.number().min(0).max(1e11).nullable().optional(),
  trial_ends_at: Timestamp.nullable().optional(),
  website: NullableText(2000).optional(),
  industry: NullableText(255).optional(),
  size: z.number().int().min(0).max(10_000_000).nullable().optional(),
  attributes: Attributes.optional(),
});
export type CompanyCreate = z.infer<typeof CompanyCreate>;
export const CompanyUpdate = CompanyCreate;

export const COMPANY_FILTER_FIELDS = [
  'name', 'plan', 'mrr', 'external_id', 'industry', 'size', 'created_at', 'trial_ends_at',
] as const;
export const COMPANY_SORT_FIELDS = ['created_at', 'name', 'plan', 'mrr', 'trial_ends_at'] as const;

export const CompanyFilterQuery = z.object(filterCommon);
export type CompanyFilterQuery = z.infer<typeof CompanyFilterQuery>;
export const CompanyListQuery = CompanyFilterQuery.extend(pageCommon);
export type CompanyListQuery = z.infer<typeof CompanyListQuery>;
export const CompanyPage = pageOf(Company);
export const PageQuery = z.object({ cursor: Cursor, limit: Limit });

export const EventKind = z.enum(['track', 'page', 'screen']);
export const Event = z.object({
  id: Uuid,
  kind: EventKind,
  contact_id: Uuid,
  name: z.string().nullable(),
  properties: Attributes,
  url: z.string().nullable().optional(),
  title: z.string().nullable().optional(),
  occurred_at: z.string(),
  received_at: z.string(),
});
export type Event = z.infer<typeof Event>;
export const EventPage = pageOf(Event);
export type EventPage = z.infer<typeof EventPage>;

export const EventCreate = z
  .strictObject({
    contact_id: Uuid.optional(),
    external_id: z.string().min(1).max(255).optional(),
    email: z.email().max(320).optional(),
    name: z.string().min(1).max(255),
    properties: Attributes.optional(),
    occurred_at: Timestamp.optional(),
    message_id: z.string().min(1).max(255).optional().describe('Idempotency key: a repeat makes no second event'),
  })
  .refine((e) => e.contact_id ?? e.external_id ?? e.email, {
    message: 'Give contact_id, external_id or email',
    path: ['contact_id'],
  });
export type EventCreate = z.infer<typeof EventCreate>;
export const EventListQuery = z.object({ contact_id: Uuid.optional(), cursor: Cursor, limit: Limit });

export const AttributeTarget = z.enum(['contact', 'company']);
export const AttributeType = z.enum(['string', 'number', 'boolean', 'date']);
export type AttributeType = z.infer<typeof AttributeType>;
export const AttributeDefinition = z.object({
  id: Uuid,
  target: AttributeTarget,
  key: z.string(),
  label: z.string(),
  type: AttributeType,
  description: z.string().nullable(),
  created_at: z.string(),
});
export type AttributeDefinition = z.infer<typeof AttributeDefinition>;
export const AttributeCreate = z.strictObject({
  target: AttributeTarget,
  key: AttributeKey,
  label: z.string().min(1).max(255),
  type: AttributeType,
  description: z.string().max(1000).nullable().optional(),
});
export type AttributeCreate = z.infer<typeof AttributeCreate>;
export const AttributeListQuery = z.object({ target: AttributeTarget.optional() });
