/**
 * PostgreSQL text holds neither U+0000 nor a lone UTF-16 surrogate; both arrive easily in JSON.
 * Requests are checked before validation, so such a value is a 400 naming the field rather than a
 * database error, and what readers type on public pages is cleaned instead.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const bad = (s: string) => s.includes('\u0000') || LONE_SURROGATE.test(s);

/** The dotted path of the first unstorable string (key or value) in `value`, or undefined. */
export function unstorablePath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return bad(value) ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value)) {
    const sub = `${path}.${k}`;
    if (bad(k)) return sub;
    const found = unstorablePath(v, sub);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Text a reader typed, made storable: NUL dropped, a lone surrogate replaced by U+FFFD. */
export function storable(s: string): string {
  return s.replaceAll('\u0000', '').replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD');
}
