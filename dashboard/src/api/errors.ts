import type { TFunction } from 'i18next';
import { ApiError } from './client.ts';

/** A short, translated headline for an error plus the server's detail when it has one. */
export function describeError(err: unknown, t: TFunction): { title: string; message: string } {
  if (err instanceof ApiError) {
    if (err.code === 'network') return { title: t('errors.title'), message: t('errors.network') };
    const known = ['unauthorized', 'forbidden', 'not_found', 'conflict', 'rate_limited', 'validation_failed'];
    const title = known.includes(err.code) ? t(`errors.${err.code}`) : t('errors.title');
    return { title, message: err.message };
  }
  return { title: t('errors.title'), message: err instanceof Error ? err.message : String(err) };
}

/** Field errors keyed by the form field name (`body.email` → `email`). */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const e of err.errors) {
    const key = e.field.replace(/^(body|query|params)\./, '');
    out[key] ??= e.message;
  }
  return out;
}
