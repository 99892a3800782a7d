import { sql, type SQL } from 'drizzle-orm';
import { inTimeRange, type Attributes, type EventPage } from '../../contracts/contacts.ts';
import type { DbOrTx } from '../platform/db.ts';
import { badField } from '../platform/errors.ts';
import { toEvent, type EventRecord } from './records.ts';
import { rows } from './sql.ts';
import { z } from 'zod';

/** A new session starts when activity comes more than this long after the last. */
export const SESSION_GAP_MS = 30 * 60 * 1000;
/**
 * last_seen_at has this resolution: activity within a minute of the stored value writes nothing,
 * so a busy contact costs no UPDATE (and no index churn) per event.
 */
export const LAST_SEEN_RESOLUTION_MS = 60 * 1000;

export interface NewEvent {
  id: string;
  contact_id: string;
  name: string;
  properties: Attributes;
  occurred_at: string;
  message_id: string | null;
  source: string;
}

export interface NewPageView {
  id: string;
  contact_id: string;
  kind: 'page' | 'screen';
  name: string | null;
  url: string | null;
  path: string | null;
  title: string | null;
  referrer: string | null;
  properties: Attributes;
  occurred_at: string;
  message_id: string | null;
}

/**
 * One multi-row INSERT for any number of events: the rows travel as one jsonb parameter, so the
 * statement text never changes. A message_id seen before inserts nothing. Returns the new ids.
 */
export async function insertEvents(db: DbOrTx, workspaceId: string, list: NewEvent[], receivedAt: Date) {
  if (list.length === 0) return new Set<string>();
  const inserted = await rows<{ id: string }>(
    db,
    sql`insert into events (workspace_id, id, contact_id, name, properties, occurred_at, received_at, message_id, source)
        select ${workspaceId}, x.id, x.contact_id, x.name, coalesce(x.properties, '{}'), x.occurred_at,
               ${receivedAt.toISOString()}::timestamptz, x.message_id, x.source
        from jsonb_to_recordset(${JSON.stringify(list)}::jsonb) as x(id uuid, contact_id uuid, name text,
             properties jsonb, occurred_at timestamptz, message_id text, source text)
        on conflict (workspace_id, message_id) do nothing returning id`,
  );
  return new Set(inserted.map((r) => r.id));
}

export async function insertPageViews(db: DbOrTx, workspaceId: string, list: NewPageView[]) {
  if (list.length === 0) return new Set<string>();
  const inserted = await rows<{ id: string }>(
    db,
    sql`insert into page_views (workspace_id, id, contact_id, kind, name, url, path, title, referrer, properties,
                                occurred_at, message_id)
        select ${workspaceId}, x.id, x.contact_id, x.kind, x.name, x.url, x.path, x.title, x.referrer,
               coalesce(x.properties, '{}'), x.occurred_at, x.message_id
        from jsonb_to_recordset(${JSON.stringify(list)}::jsonb) as x(id uuid, contact_id uuid, kind text, name text,
             url text, path text, title text, referrer text, properties jsonb, occurred_at timestamptz, message_id text)
        on conflict (workspace_id, message_id) do nothing returning id`,
  );
  return new Set(inserted.map((r) => r.id));
}

/**
 * Records activity: last_seen_at moves forward, and session_count grows by one for every gap of
 * more than 30 minutes (counting from the stored last_seen_at). One UPDATE for all contacts.
 */
export async function touchContacts(db: DbOrTx, workspaceId: string, activity: Map<string, number[]>) {
  if (activity.size === 0) return;
  const list = [...activity.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([id, times]) => {
      const sorted = [...times].sort((a, b) => a - b);
      let gaps = 0;
      for (let i = 1; i < sorted.length; i++) if (sorted[i]! - sorted[i - 1]! > SESSION_GAP_MS) gaps++;
      return { id, first_at: new Date(sorted[0]!).toISOString(), last_at: new Date(sorted.at(-1)!).toISOString(), gaps };
    });
  await db.execute(sql`update contacts c set
      session_count = c.session_count + x.gaps +
        case when c.last_seen_at is null or x.first_at > c.last_seen_at + interval '30 minutes' then 1 else 0 end,
      last_seen_at = greatest(c.last_seen_at, x.last_at)
    from jsonb_to_recordset(${JSON.stringify(list)}::jsonb) as x(id uuid, first_at timestamptz, last_at timestamptz, gaps int)
    where c.workspace_id = ${workspaceId} and c.id = x.id
      and (c.last_seen_at is null or x.last_at > c.last_seen_at + interval '1 minute' or x.gaps > 0)`);
}

const TimelineCursor = z.object({ t: z.iso.datetime().refine((v) => inTimeRange(Date.parse(v))), id: z.uuid() });

/** Events and page views, newest first, for one contact or the whole workspace. */
export async function listTimeline(
  db: DbOrTx,
  workspaceId: string,
  opts: { contactId?: string; cursor?: string; limit: number },
): Promise<EventPage> {
  let after: SQL = sql``;
  if (opts.cursor) {
    let c: z.infer<typeof TimelineCursor>;
    try {
      c = TimelineCursor.parse(JSON.parse(Buffer.from(opts.cursor, 'base64url').toString('utf8')));
    } catch {
      throw badField('cursor', 'not a cursor from this list');
    }
    after = sql`and (occurred_at, id) < (${c.t}::timestamptz, ${c.id}::uuid)`;
  }
  const contact = opts.contactId ? sql`and contact_id = ${opts.contactId}` : sql``;
  const n = opts.limit + 1;
  const list = await rows<EventRecord>(
    db,
    sql`select * from (
          (select id, 'track' as kind, contact_id, name, properties, null::text as url, null::text as title,
                  occurred_at, received_at
           from events where workspace_id = ${workspaceId} ${contact} ${after}
           order by occurred_at desc, id desc limit ${n})
          union all
          (select id, kind, contact_id, coalesce(name, title, path), properties, url, title, occurred_at,
                  occurred_at as received_at
           from page_views where workspace_id = ${workspaceId} ${contact} ${after}
           order by occurred_at desc, id desc limit ${n})
        ) t order by occurred_at desc, id desc limit ${n}`,
  );
  const page = list.slice(0, opts.limit).map(toEvent);
  const last = page.at(-1);
  return {
    data: page,
    next_cursor:
      list.length > opts.limit && last
        ? Buffer.from(JSON.stringify({ t: last.occurred_at, id: last.id })).toString('base64url')
        : null,
  };
}

/** A contact's latest events of the given names since a moment, newest first. */
export async function listNamedEvents(
  db: DbOrTx,
  workspaceId: string,
  opts: { contactId: string; names: readonly string[]; since: Date; limit: number },
): Promise<EventRecord[]> {
  return rows<EventRecord>(
    db,
    sql`select id, 'track' as kind, contact_id, name, properties, occurred_at, received_at from events
        where workspace_id = ${workspaceId} and contact_id = ${opts.contactId}
          and name in (select jsonb_array_elements_text(${JSON.stringify(opts.names)}::jsonb))
          and occurred_at >= ${opts.since.toISOString()}::timestamptz
        order by occurred_at desc, id desc limit ${opts.limit}`,
  );
}

/**
 * The workspace's distinct event names, for pickers. A loose index scan over events_name_idx
 * (one index probe per distinct name), so it stays fast with millions of events.
 */
export async function eventNames(db: DbOrTx, workspaceId: string, limit = 500): Promise<string[]> {
  const list = await rows<{ name: string }>(
    db,
    sql`with recursive t(name) as (
          (select name from events where workspace_id = ${workspaceId} order by name limit 1)
          union all
          select (select e.name from events e where e.workspace_id = ${workspaceId} and e.name > t.name order by e.name limit 1)
          from t where t.name is not null
        )
        select name from t where name is not null limit ${limit}`,
  );
  return list.map((r) => r.name);
}
