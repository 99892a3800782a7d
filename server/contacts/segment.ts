import { inTimeRange, MAX_TIME, MIN_TIME } from '../../contracts/contacts.ts';
import { AppError, type FieldProblem } from '../platform/errors.ts';

/**
 * Segment's HTTP tracking API payloads (https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/).
 * Lenient where Segment is (extra fields pass, ids may be numbers, null means absent), strict
 * where a wrong value would corrupt data (dates, ids, sizes). Checked by hand rather than with
 * zod: this runs for every message of every batch, and is several times faster this way.
 */

/** Segment refuses a single call above 32 KB and a batch above 500 KB. */
export const MAX_MESSAGE_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 500 * 1024;
const MAX_BATCH_MESSAGES = 5000;

export const MESSAGE_TYPES = ['identify', 'track', 'page', 'screen', 'group', 'alias'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

type Obj = Record<string, unknown>;
interface Common {
  messageId?: string;
  userId?: string | null;
  anonymousId?: string | null;
  timestamp?: number;
  originalTimestamp?: number;
  sentAt?: number;
  context?: Obj;
}
export type SegmentMessage = Common &
  (
    | { type: 'track'; event: string; properties?: Obj }
    | { type: 'identify'; traits?: Obj }
    | { type: 'page'; name?: string | null; category?: string | null; properties?: Obj }
    | { type: 'screen'; name?: string | null; properties?: Obj }
    | { type: 'group'; groupId: string; traits?: Obj }
    | { type: 'alias'; previousId: string; userId: string }
  );

/**
 * A validated message with its id, its clock-corrected time and where it was in the request
 * (`batch.3`, or '' for a single call) so later problems can name the field.
 */
export type Normalized = SegmentMessage & { messageId: string; at: number; field: string };

function fail(problems: FieldProblem[], status: 'validation_failed' | 'payload_too_large' = 'validation_failed'): never {
  throw new AppError(status, problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const TYPES = new Set<string>(MESSAGE_TYPES);

/** Field readers: each returns the clean value or records a problem under `at`. */
class Reader {
  problems: FieldProblem[] = [];
  constructor(
    private readonly prefix: string,
    private readonly m: Obj,
    private readonly defaults: Obj,
  ) {}
  /** The message's own value, else the batch's (sentAt, context), without copying the message. */
  private get(field: string): unknown {
    const v = this.m[field];
    return v === undefined ? this.defaults[field] : v;
  }
  private bad(field: string, message: string) {
    this.problems.push({ field: this.prefix ? `${this.prefix}.${field}` : field, message });
    return undefined;
  }
  id(field: string, required: boolean): string | null | undefined {
    const v = this.get(field);
    if (v === undefined || v === null) return required ? this.bad(field, 'is required') : (v as null | undefined);
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    if (typeof v === 'string' && v.length >= 1 && v.length <= 255) return v;
    return this.bad(field, 'must be a string of 1–255 characters or a number');
  }
  text(field: string, min: number, max: number, required = false): string | null | undefined {
    const v = this.get(field);
    if (v === undefined || v === null) return required ? this.bad(field, 'is required') : (v as null | undefined);
    if (typeof v === 'string' && v.length >= min && v.length <= max) return v;
    return this.bad(field, `must be a string of ${min}–${max} characters`);
  }
  time(field: string): number | undefined {
    const v = this.get(field);
    if (v === undefined || v === null) return undefined;
    const t = typeof v === 'number' || (typeof v === 'string' && v.length <= 64) ? new Date(v).getTime() : NaN;
    return inTimeRange(t) ? t : this.bad(field, 'not a valid date (years 1–9999)');
  }
  obj(field: string): Obj | undefined {
    const v = this.get(field);
    if (v === undefined || v === null) return undefined;
    return isObj(v) ? v : this.bad(field, 'must be an object');
  }
}

/**
 * Segment's clock-skew correction: a device's clock may be off, so its timestamp is shifted by
 * the difference between when we received the call and when the device says it sent it.
 */
function correctedTime(ts: number | undefined, sentAt: number | undefined, receivedAt: number): number {
  if (ts === undefined) return receivedAt;
  if (sentAt === undefined) return ts;
  // A wildly wrong sentAt must not push the time outside what the database can hold.
  return Math.min(Math.max(ts + (receivedAt - sentAt), MIN_TIME), MAX_TIME);
}

function parseOne(raw: unknown, field: string, receivedAt: number, newId: () => string, defaults: Obj, checkSize: boolean): Normalized {
  if (checkSize && Buffer.byteLength(JSON.stringify(raw) ?? '') > MAX_MESSAGE_BYTES) {
    fail([{ field: field || 'body', message: 'a message may be at most 32 KB' }], field ? 'validation_failed' : 'payload_too_large');
  }
  if (!isObj(raw)) fail([{ field: field || 'body', message: 'expected a JSON object' }]);
  const r = new Reader(field, raw, defaults);
  const type = raw.type;
  if (typeof type !== 'string' || !TYPES.has(type)) {
    fail([{ field: field ? `${field}.type` : 'type', message: `must be one of ${MESSAGE_TYPES.join(', ')}` }]);
  }
  const userId = r.id('userId', type === 'alias');
  const anonymousId = r.id('anonymousId', false);
  const timestamp = r.time('timestamp');
  const originalTimestamp = r.time('originalTimestamp');
  const sentAt = r.time('sentAt');
  const out = {
    type,
    messageId: r.text('messageId', 1, 255) ?? undefined,
    userId,
    anonymousId,
    timestamp,
    originalTimestamp,
    sentAt,
    context: r.obj('context'),
    at: correctedTime(timestamp ?? originalTimestamp, sentAt, receivedAt),
    field,
  } as Obj;
  switch (type as MessageType) {
    case 'track':
      out.event = r.text('event', 1, 255, true);
      out.properties = r.obj('properties');
      break;
    case 'identify':
    case 'group':
      out.traits = r.obj('traits');
      if (type === 'group') out.groupId = r.id('groupId', true);
      break;
    case 'page':
    case 'screen':
      out.name = r.text('name', 0, 255);
      out.properties = r.obj('properties');
      if (type === 'page') out.category = r.text('category', 0, 255);
      break;
    case 'alias':
      out.previousId = r.id('previousId', true);
      break;
  }
  if (type !== 'alias' && !userId && !anonymousId && r.problems.length === 0) {
    r.problems.push({ field: field ? `${field}.userId` : 'userId', message: 'userId or anonymousId is required' });
  }
  if (r.problems.length) fail(r.problems);
  out.messageId ??= newId();
  return out as unknown as Normalized;
}

/** One call to /v1/<type>; `type` comes from the path. */
export function parseSingle(type: MessageType, body: unknown, receivedAt: number, newId: () => string): Normalized {
  if (!isObj(body)) fail([{ field: 'body', message: 'expected a JSON object' }]);
  return parseOne({ ...body, type }, '', receivedAt, newId, {}, true);
}

/**
 * A /v1/batch call: every message is checked before anything is stored. `bodyBytes` (the
 * request's size) skips the per-message size check when the whole batch is under the limit.
 */
export function parseBatch(body: unknown, receivedAt: number, newId: () => string, bodyBytes = Infinity): Normalized[] {
  if (!isObj(body)) fail([{ field: 'body', message: 'expected a JSON object' }]);
  const { batch } = body;
  if (!Array.isArray(batch) || batch.length === 0 || batch.length > MAX_BATCH_MESSAGES) {
    fail([{ field: 'body.batch', message: `must be an array of 1–${MAX_BATCH_MESSAGES} messages` }]);
  }
  const top = new Reader('body', body, {});
  const sentAt = top.time('sentAt');
  const context = top.obj('context');
  if (top.problems.length) fail(top.problems);
  const defaults: Obj = {};
  if (sentAt !== undefined) defaults.sentAt = sentAt;
  if (context) defaults.context = context;
  const checkSize = bodyBytes > MAX_MESSAGE_BYTES;
  return batch.map((raw, i) => parseOne(raw, `batch.${i}`, receivedAt, newId, defaults, checkSize));
}
