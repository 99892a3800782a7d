import { sql } from 'drizzle-orm';
import type { Event } from '../../contracts/contacts.ts';
import type { DbOrTx } from '../platform/db.ts';
import { LAST_SEEN_RESOLUTION_MS, touchContacts } from './events.ts';
import { fastId } from './fast-ids.ts';
import type { Normalized } from './segment.ts';
import { rows } from './sql.ts';

type Track = Extract<Normalized, { type: 'track' }>;

/**
 * The hot path of ingestion: track calls from contacts that already exist, in ONE statement that
 * finds each contact (userId → user, else anonymousId → lead) and inserts the events, skipping
 * messageIds already stored. Calls whose contact is not found yet, and every other kind of
 * call, are handed back for the full path (ingest.ts), which creates and merges contacts.
 */
export async function ingestKnownTracks(db: DbOrTx, workspaceId: string, messages: Normalized[], receivedAt: Date) {
  const tracks = messages.filter((m): m is Track => m.type === 'track');
  const rest = messages.filter((m) => m.type !== 'track');
  if (tracks.length === 0) return { events: [] as Event[], rest };
  const receivedIso = receivedAt.toISOString();
  const input = tracks.map((m) => ({
    id: fastId(),
    uid: m.userId ?? null,
    aid: m.userId ? null : (m.anonymousId ?? null),
    name: m.event,
    properties: m.properties ?? {},
    occurred_at: new Date(m.at).toISOString(),
    message_id: m.messageId,
  }));
  const out = await rows<{ id: string; contact_id: string | null; inserted: boolean; last_seen_at: Date | string | null }>(
    db,
    sql`with x as (
          select * from jsonb_to_recordset(${JSON.stringify(input)}::jsonb) as x(id uuid, uid text, aid text, name text,
            properties jsonb, occurred_at timestamptz, message_id text)
        ), r as (
          -- Two joins rather than one with OR, so each is a unique-index lookup.
          select x.*, coalesce(u.id, a.id) as contact_id, coalesce(u.last_seen_at, a.last_seen_at) as last_seen_at from x
          left join contacts u on u.workspace_id = ${workspaceId} and u.external_id = x.uid
          left join contacts a on a.workspace_id = ${workspaceId} and x.uid is null and a.anonymous_id = x.aid
        ), ins as (
          insert into events (workspace_id, id, contact_id, name, properties, occurred_at, received_at, message_id, source)
          select ${workspaceId}, id, contact_id, name, properties, occurred_at, ${receivedIso}::timestamptz, message_id, 'segment'
          from r where contact_id is not null
          on conflict (workspace_id, message_id) do nothing returning id
        )
        select r.id, r.contact_id, ins.id is not null as inserted, r.last_seen_at from r left join ins on ins.id = r.id`,
  );
  const byId = new Map(out.map((r) => [r.id, r]));
  const events: Event[] = [];
  const activity = new Map<string, number[]>();
  const unresolved: Normalized[] = [];
  tracks.forEach((m, i) => {
    const row = byId.get(input[i]!.id)!;
    if (!row.contact_id) return void unresolved.push(m);
    if (!row.inserted) return;
    const e = input[i]!;
    events.push({ id: e.id, kind: 'track', contact_id: row.contact_id, name: e.name, properties: e.properties, occurred_at: e.occurred_at, received_at: receivedIso });
    const at = Math.min(m.at, receivedAt.getTime());
    const seen = row.last_seen_at === null ? null : new Date(row.last_seen_at).getTime();
    // Seen within the last minute: nothing to write (see LAST_SEEN_RESOLUTION_MS).
    if (seen === null || at > seen + LAST_SEEN_RESOLUTION_MS) activity.set(row.contact_id, [...(activity.get(row.contact_id) ?? []), at]);
  });
  await touchContacts(db, workspaceId, activity);
  // Keep the batch's order for the rest: an identify before a track must still come first.
  const left = new Set<Normalized>([...rest, ...unresolved]);
  return { events, rest: messages.filter((m) => left.has(m)) };
}
