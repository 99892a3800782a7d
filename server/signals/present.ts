import type { Attributes } from '../../contracts/contacts.ts';
import type { SignalKind, WidgetSignalBody } from '../../contracts/signals.ts';

/** A signal's event properties: what the widget sent, with the pages of a quick back as one line. */
export function signalProperties(body: WidgetSignalBody): Attributes {
  const { kind: _kind, ...rest } = body;
  if ('pages' in rest) return { ...rest, pages: rest.pages.join(' → ') };
  return rest;
}

/** One line saying what happened, for the Inbox's side bar. */
export function signalDetail(kind: SignalKind, p: Attributes): string | null {
  const str = (k: string) => (typeof p[k] === 'string' && p[k] ? (p[k] as string) : null);
  if (kind === 'error') return str('message');
  if (kind === 'quick_back') return str('pages');
  return str('label') ?? str('selector');
}
