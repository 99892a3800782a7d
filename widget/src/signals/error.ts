import type { WidgetSignalBody } from '../../../contracts/signals.ts';

type Primitive = string | number | boolean | null;

/** `Baton('trackError', error, properties)` as a signal: an Error, a string or anything with a message. */
export function errorSignal(error: unknown, properties: unknown, path: string): Extract<WidgetSignalBody, { kind: 'error' }> {
  const e = error as { message?: unknown; name?: unknown } | null;
  const raw = typeof error === 'string' ? error : typeof e?.message === 'string' ? e.message : String(error);
  const message = raw.trim().slice(0, 500) || 'Error';
  const name = typeof e?.name === 'string' && e.name ? e.name.slice(0, 100) : undefined;
  const props: Record<string, Primitive> = {};
  if (properties && typeof properties === 'object') {
    for (const [k, v] of Object.entries(properties).slice(0, 20)) {
      if (k.length > 64) continue;
      if (typeof v === 'string') props[k] = v.slice(0, 200);
      else if (typeof v === 'number' || typeof v === 'boolean' || v === null) props[k] = v;
    }
  }
  return { kind: 'error', path, message, ...(name ? { error_name: name } : {}), ...(Object.keys(props).length ? { properties: props } : {}) };
}
