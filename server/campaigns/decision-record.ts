import { sql } from 'drizzle-orm';
import { fastId } from '../contacts/fast-ids.ts';
import { isUniqueViolation } from '../contacts/sql.ts';
import { insertExposures, type Exposure } from '../experiments/snapshot.ts';
import { queryNamed, type Database } from '../platform/db.ts';

/** Ids as one PostgreSQL array literal: one parameter for any number of them, so the text never changes. */
const uuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`;

export interface DecisionRecord {
  /** Campaigns handed out for the first time in this session: the decision's `sent` row. */
  sent: readonly string[];
  /** Of those, the ones the contact has no delivery row for yet. */
  delivered: readonly string[];
  /** The lab's first exposures not yet known to be stored. */
  exposures: readonly Exposure[];
}

/**
 * What one decision writes, as ONE named statement: a delivery row per campaign handed to the
 * contact for the first time, ONE `campaign_sends` row holding every campaign handed out for the
 * first time in the session, and the lab's first exposures. Every part is always in the statement
 * (an empty list inserts nothing), so its text never changes and it is parsed and planned once per
 * connection. A decision that hands nothing new out and exposes no one writes nothing.
 */
export async function recordDecision(database: Database, ws: string, contactId: string, sessionId: string, r: DecisionRecord): Promise<void> {
  if (r.sent.length === 0 && r.exposures.length === 0) return;
  const sendId = fastId();
  // The contact's state said these delivery rows do not exist, so a plain insert skips the
  // speculative insertion of `on conflict` (a quarter of the statement for 50 rows). Another tab
  // or a receipt may have written one since: then the whole statement runs again, tolerating it.
  try {
    await run(database, ws, contactId, sessionId, sendId, r, false);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    await run(database, ws, contactId, sessionId, sendId, r, true);
  }
}

function run(database: Database, ws: string, contactId: string, sessionId: string, sendId: string, r: DecisionRecord, tolerant: boolean) {
  const asyncCommit = database.driver === 'postgres';
  // On PostgreSQL the statement commits without waiting for the WAL flush (synchronous_commit off
  // for its own transaction only): on a crash the last moments' sends and first exposures may be
  // lost, and the next decision writes them again (sent per session, exposures on conflict),
  // whereas waiting for the disk was most of a decision under load. Nothing a rule reads is
  // written here: frequency and caps count `seen` receipts. PGlite has no WAL flush to skip.
  return queryNamed(
    database,
    `campaigns_decision${asyncCommit ? '_async' : ''}${tolerant ? '_tolerant' : ''}`,
    sql`with deliveries as (insert into campaign_deliveries (workspace_id, campaign_id, contact_id)
        select ${ws}::uuid, d, ${contactId}::uuid from unnest(${uuidArray(r.delivered)}::uuid[]) d ${sql.raw(tolerant ? 'on conflict do nothing' : '')}),
      sends as (insert into campaign_sends (workspace_id, contact_id, session_id, id, campaign_ids)
        select ${ws}::uuid, ${contactId}::uuid, ${sessionId}, ${sendId}::uuid, s.ids
        from (select ${uuidArray(r.sent)}::uuid[] as ids) s where cardinality(s.ids) > 0),
      exposures as (${insertExposures(ws, r.exposures)})
    select ${sql.raw(asyncCommit ? "set_config('synchronous_commit', 'off', true)" : '1')}`,
  );
}
