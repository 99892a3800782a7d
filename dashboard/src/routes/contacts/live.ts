import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import { contactKey, eventsKey } from '../../api/contacts.ts';
import type { Contact, EventPage, TimelineEvent } from '../../api/types.ts';

/** Stream messages carry the domain event's data ({event} or {contact}); accept it wrapped or bare. */
export function unwrap<T>(payload: unknown, key: string): T | null {
  if (!payload || typeof payload !== 'object') return null;
  const p = payload as Record<string, unknown>;
  const inner = (p.data && typeof p.data === 'object' ? (p.data as Record<string, unknown>) : p)[key];
  return (inner ?? null) as T | null;
}

/** Puts a just-tracked event at the top of the cached timeline (once, even if it arrives twice). */
export function prependEvent(qc: QueryClient, contactId: string, event: TimelineEvent): void {
  qc.setQueryData<InfiniteData<EventPage, string | null>>(eventsKey(contactId), (old) => {
    if (!old || old.pages.length === 0) return old;
    if (old.pages.some((p) => p.data.some((e) => e.id === event.id))) return old;
    const [first, ...rest] = old.pages;
    const merged = [event, ...first!.data].sort((a, b) => b.occurred_at.localeCompare(a.occurred_at));
    return { ...old, pages: [{ ...first!, data: merged }, ...rest] };
  });
}

export function replaceContact(qc: QueryClient, contact: Contact): void {
  qc.setQueryData(contactKey(contact.id), contact);
}
