import type { Event } from '../../contracts/contacts.ts';
import type { Database } from '../platform/db.ts';
import { LAST_SEEN_RESOLUTION_MS, touchContacts } from './events.ts';
import { fastId } from './fast-ids.ts';
import type { Normalized } from './segment.ts';

type Track = Extract<Normalized, { type: 'track' }>;

/**
 * One statement for a whole batch: finds each call's contact (userId → user, else anonymousId →
 * lead), inserts the events whose messageId is new, and says per call whether its contact was
 * found, whether its event was stored and whether the contact's last_seen_at is stale.
 * Each lookup is a LATERAL … LIMIT 1 so that it stays one unique-index probe per call: as a
 * plain join the planner may hash every contact of the workspace instead (it did, twice per
 * batch, whenever the table's statistics were behind). The text never changes, so it is a named
 * statement, parsed and planned once per connection.
 */
const KNOWN_TRACKS = `
  with r as (
    select x.n, x.id, x.name, x.properties, x.occurred_at, x.message_id,
           coalesce(u.id, a.id) as contact_id, coalesce(u.last_seen_at, a.last_seen_at) as last_seen_at
    from jsonb_to_recordset($2::jsonb) as x(n int, id uuid, uid text, aid text, name text, properties jsonb,
                                            occurred_at timestamptz, message_id text)
    left join lateral (select id, last_seen_at from contacts
                       where workspace_id = $1 and external_id = x.uid limit 1) u on true
    left join lateral (select id, last_seen_at from contacts
                       where workspace_id = $1 and x.uid is null and anonymous_id = x.aid limit 1) a on true
  ), ins as (
    insert into events (workspace_id, id, contact_id, name, properties, occurred_at, received_at, message_id, source)
    select $1, id, contact_id, name, properties, occurred_at, $3::timestamptz, message_id, 'segment' from r where contact_id is not null
    on conflict (workspace_id, message_id) do nothing returning id
  )
  select r.n, r.contact_id, ins.id is not null as inserted,
         r.last_seen_at is null or least(r.occurred_at, $3::timestamptz) > r.last_seen_at + $4::interval as stale
  from r left join ins on ins.id = r.id`;

/**
 * The hot path of ingestion: track calls from contacts that already exist, in ONE statement
 * (KNOWN_TRACKS), skipping messageIds already stored. Calls whose contact is not found yet, and
 * every other kind of call, are handed back for the full path (ingest.ts), which creates and
 * merges contacts.
 */
export async function ingestKnownTracks(database: Database, workspaceId: string, messages: Normalized[], receivedAt: Date) {
  const tracks = messages.filter((m): m is Track => m.type === 'track');
  if (tracks.length === 0) return { events: [] as Event[], rest: messages };
  const receivedIso = receivedAt.toISOString();
  const input = tracks.map((m, n) => ({
    n,
    id: fastId(),
    uid: m.userId ?? null,
    aid: m.userId ? null : (m.anonymousId ?? null),
    name: m.event,
    properties: m.properties ?? {},
    occurred_at: new Date(m.at).toISOString(),
    message_id: m.messageId,
  }));
  const { rows } = await database.query<{ n: number; contact_id: string | null; inserted: boolean; stale: boolean }>(
    KNOWN_TRACKS,
    [workspaceId, JSON.stringify(input), receivedIso, `${LAST_SEEN_RESOLUTION_MS} milliseconds`],
    { name: 'ingest_known_tracks' },
  );
  // Rows come back in no particular order; events are published in the batch's.
  const byCall = new Array<(typeof rows)[number]>(tracks.length);
  for (const row of rows) byCall[row.n] = row;
  const events: Event[] = [];
  const activity = new Map<string, number[]>();
  const unresolved = new Set<Normalized>();
  for (const [n, row] of byCall.entries()) {
    const m = tracks[n]!;
    if (!row.contact_id) {
      unresolved.add(m);
      continue;
    }
    if (!row.inserted) continue;
    const e = input[n]!;
    events.push({ id: e.id, kind: 'track', contact_id: row.contact_id, name: e.name, properties: e.properties, occurred_at: e.occurred_at, received_at: receivedIso });
    // Seen within the last minute: nothing to write (see LAST_SEEN_RESOLUTION_MS).
    if (row.stale) {
      const times = activity.get(row.contact_id);
      const at = Math.min(m.at, receivedAt.getTime());
      if (times) times.push(at);
      else activity.set(row.contact_id, [at]);
    }
  }
  await touchContacts(database.db, workspaceId, activity);
  // Keep the batch's order for the rest: an identify before a track must still come first.
  return { events, rest: messages.filter((m) => m.type !== 'track' || unresolved.has(m)) };
}
