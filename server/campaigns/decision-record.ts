import { sql } from 'drizzle-orm';
import { fastId } from '../contacts/fast-ids.ts';
import { insertExposures, type Exposure } from '../experiments/snapshot.ts';
import { queryNamed, type Database } from '../platform/db.ts';

/** Ids as one PostgreSQL array literal: one parameter for any number of them, so the text never changes. */
const uuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`;

export interface DecisionRecord {
  /** Campaigns handed out for the first time in this session: the decision's `sent` row. */
  sent: readonly string[];
  /** The lab's first exposures not yet known to be stored. */
  exposures: readonly Exposure[];
}

/**
 * What one decision writes, as ONE named statement: ONE `campaign_sends` row holding every
 * campaign handed out for the first time in the session, and the lab's first exposures. No
 * delivery row: a new contact can be handed dozens of uncapped hotspots, and a delivery row each
 * (a heap tuple and two index entries) was most of the decision's write, while a row that no
 * receipt touched says nothing a rule reads (no shows, no seen, no dismissal, no goal). The
 * widget's first receipt creates the row (receipts.ts), and "sent" is the send rows and the
 * delivery rows together (sent.ts). Every part is always in the statement (an empty list inserts
 * nothing), so its text never changes and it is parsed and planned once per connection. A
 * decision that hands nothing new out and exposes no one writes nothing.
 */
export async function recordDecision(database: Database, ws: string, contactId: string, sessionId: string, r: DecisionRecord): Promise<void> {
  if (r.sent.length === 0 && r.exposures.length === 0) return;
  const asyncCommit = database.driver === 'postgres';
  // On PostgreSQL the statement commits without waiting for the WAL flush (synchronous_commit off
  // for its own transaction only): on a crash the last moments' sends and first exposures may be
  // lost, and the next decision writes them again (sent per session, exposures on conflict),
  // whereas waiting for the disk was most of a decision under load. Nothing a rule reads is
  // written here: frequency and caps count `seen` receipts. PGlite has no WAL flush to skip.
  await queryNamed(
    database,
    `campaigns_decision_sends${asyncCommit ? '_async' : ''}`,
    sql`with sends as (insert into campaign_sends (workspace_id, contact_id, session_id, id, campaign_ids)
        select ${ws}::uuid, ${contactId}::uuid, ${sessionId}, ${fastId()}::uuid, s.ids
        from (select ${uuidArray(r.sent)}::uuid[] as ids) s where cardinality(s.ids) > 0),
      exposures as (${insertExposures(ws, r.exposures)})
    select ${sql.raw(asyncCommit ? "set_config('synchronous_commit', 'off', true)" : '1')}`,
  );
}
