import type { SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db.ts';

/** Runs parameterised SQL on either driver (PGlite or node-postgres) and returns its rows. */
export async function rows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * A list of values as ONE bound jsonb parameter, usable as `x in ${jsonList(ids, 'uuid')}`.
 * One parameter keeps statements small and identical for any list length.
 */
export function jsonList(values: readonly (string | number)[], type: 'uuid' | 'text'): SQL {
  return type === 'uuid'
    ? sql`(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb)::uuid)`
    : sql`(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
}

/** A timestamp from either driver as ISO 8601, or null. */
export function iso(v: Date | string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  return (v instanceof Date ? v : new Date(v)).toISOString();
}

/** `%` and `_` are wildcards in LIKE; a search for them must match them literally. */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (m) => `\\${m}`);
}

export { isUniqueViolation } from '../platform/db-errors.ts';

const UNSTORABLE_ESCAPE = /(?:^|[^\\])(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

/**
 * Whether JSON text may decode to something PostgreSQL cannot store. JSON can only carry U+0000
 * or a surrogate as a \u escape (raw control characters are invalid JSON, and UTF-8 cannot
 * encode a surrogate), so text without such an escape cannot hold one.
 */
export function mayHoldUnstorable(json: string): boolean {
  return UNSTORABLE_ESCAPE.test(json);
}
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * PostgreSQL text and jsonb cannot hold U+0000 or half of a surrogate pair; such a value would
 * fail inside the database. Returns the dotted path of the first one found in a JSON value.
 */
export function unstorableText(value: unknown, path = ''): string | undefined {
  // Fast path for whole request bodies: JSON.stringify escapes exactly these characters, so
  // one scan of its output (an escape not preceded by an escaped backslash) finds any of them.
  if (path === '' && typeof value === 'object' && value !== null && !mayHoldUnstorable(JSON.stringify(value))) {
    return undefined;
  }
  if (typeof value === 'string') return value.includes('\u0000') || LONE_SURROGATE.test(value) ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value)) {
    const sub = path ? `${path}.${k}` : k;
    const bad = unstorableText(k, sub) ?? unstorableText(v, sub);
    if (bad !== undefined) return bad;
  }
  return undefined;
}
