import { z } from 'zod';
import { inTimeRange, MAX_TIME, MIN_TIME } from '../../contracts/contacts.ts';
import { AppError, type FieldProblem } from '../platform/errors.ts';

/**
 * Segment's HTTP tracking API payloads (https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/).
 * Lenient where Segment is (extra fields pass, ids may be numbers), strict where a wrong value
 * would corrupt data (dates, ids, sizes).
 */

/** Segment refuses a single call above 32 KB and a batch above 500 KB. */
export const MAX_MESSAGE_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 500 * 1024;

const Id = z.union([z.string().min(1).max(255), z.number().finite()]).transform(String);
const DateLike = z
  .union([z.string().max(64), z.number().finite()])
  .refine((v) => inTimeRange(new Date(v).getTime()), 'not a valid date (years 1–9999)')
  .transform((v) => new Date(v).getTime());
const Obj = z.record(z.string(), z.unknown());

const common = {
  messageId: z.string().min(1).max(255).optional(),
  userId: Id.nullish(),
  anonymousId: Id.nullish(),
  timestamp: DateLike.optional(),
  originalTimestamp: DateLike.optional(),
  sentAt: DateLike.optional(),
  context: Obj.optional(),
};

const Track = z.looseObject({ ...common, type: z.literal('track'), event: z.string().min(1).max(255), properties: Obj.optional() });
const Identify = z.looseObject({ ...common, type: z.literal('identify'), traits: Obj.optional() });
const Page = z.looseObject({
  ...common,
  type: z.literal('page'),
  name: z.string().max(255).nullish(),
  category: z.string().max(255).nullish(),
  properties: Obj.optional(),
});
const Screen = z.looseObject({ ...common, type: z.literal('screen'), name: z.string().max(255).nullish(), properties: Obj.optional() });
const Group = z.looseObject({ ...common, type: z.literal('group'), groupId: Id, traits: Obj.optional() });
const Alias = z.looseObject({ ...common, type: z.literal('alias'), previousId: Id, userId: Id });

const Message = z.discriminatedUnion('type', [Track, Identify, Page, Screen, Group, Alias]);
export type SegmentMessage = z.infer<typeof Message>;
export type MessageType = SegmentMessage['type'];
export const MESSAGE_TYPES = ['identify', 'track', 'page', 'screen', 'group', 'alias'] as const;

const Batch = z.looseObject({
  batch: z.array(z.unknown()).min(1).max(5000),
  sentAt: DateLike.optional(),
  context: Obj.optional(),
});

/** A validated message with its id and its clock-corrected time, ready to store. */
export type Normalized = SegmentMessage & { messageId: string; at: number };

function fail(problems: FieldProblem[], status: 'validation_failed' | 'payload_too_large' = 'validation_failed'): never {
  throw new AppError(status, problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
}

/**
 * Segment's clock-skew correction: a device's clock may be off, so its timestamp is shifted by
 * the difference between when we received the call and when the device says it sent it.
 */
function correctedTime(m: SegmentMessage, receivedAt: number): number {
  const ts = m.timestamp ?? m.originalTimestamp;
  if (ts === undefined) return receivedAt;
  if (m.sentAt === undefined) return ts;
  // A wildly wrong sentAt must not push the time outside what the database can hold.
  return Math.min(Math.max(ts + (receivedAt - m.sentAt), MIN_TIME), MAX_TIME);
}

function parseOne(raw: unknown, field: string, receivedAt: number, newId: () => string, defaults: Record<string, unknown>) {
  if (Buffer.byteLength(JSON.stringify(raw) ?? '') > MAX_MESSAGE_BYTES) {
    fail([{ field, message: 'a message may be at most 32 KB' }], field ? 'validation_failed' : 'payload_too_large');
  }
  const merged = raw && typeof raw === 'object' && !Array.isArray(raw) ? { ...defaults, ...raw } : raw;
  const parsed = Message.safeParse(merged);
  if (!parsed.success) {
    fail(parsed.error.issues.map((i) => ({ field: [field, ...i.path.map(String)].filter(Boolean).join('.') || 'body', message: i.message })));
  }
  const m = parsed.data;
  if (m.type !== 'alias' && !m.userId && !m.anonymousId) {
    fail([{ field: [field, 'userId'].filter(Boolean).join('.'), message: 'userId or anonymousId is required' }]);
  }
  return { ...m, messageId: m.messageId ?? newId(), at: correctedTime(m, receivedAt) } as Normalized;
}

/** One call to /v1/<type>; `type` comes from the path. */
export function parseSingle(type: MessageType, body: unknown, receivedAt: number, newId: () => string): Normalized {
  if (!body || typeof body !== 'object' || Array.isArray(body)) fail([{ field: 'body', message: 'expected a JSON object' }]);
  return parseOne({ ...body, type }, '', receivedAt, newId, {});
}

/** A /v1/batch call: every message is checked before anything is stored. */
export function parseBatch(body: unknown, receivedAt: number, newId: () => string): Normalized[] {
  const parsed = Batch.safeParse(body);
  if (!parsed.success) {
    fail(parsed.error.issues.map((i) => ({ field: ['body', ...i.path.map(String)].join('.'), message: i.message })));
  }
  const { batch, sentAt, context } = parsed.data;
  const defaults: Record<string, unknown> = {};
  if (sentAt !== undefined) defaults.sentAt = new Date(sentAt).toISOString();
  if (context) defaults.context = context;
  return batch.map((raw, i) => parseOne(raw, `batch.${i}`, receivedAt, newId, defaults));
}
