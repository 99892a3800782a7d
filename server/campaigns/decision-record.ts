import { sql } from 'drizzle-orm';
import { fastId } from '../contacts/fast-ids.ts';
import { insertExposures, type Exposure } from '../experiments/snapshot.ts';
import { queryNamed, type Database } from '../platform/db.ts';
import type { LiveCampaign } from './select.ts';

/**
 * What one decision writes, as ONE named statement: the delivery row and the `sent` receipt of
 * each campaign handed out for the first time in this session, and the lab's first exposures. The
 * statement always has all three parts (an empty list inserts nothing), so its text never changes
 * and it is parsed and planned once per connection. A decision that hands nothing new out and
 * exposes no one writes nothing.
 */
export async function recordDecision(
  database: Database,
  ws: string,
  contactId: string,
  sessionId: string,
  fresh: readonly LiveCampaign[],
  exposures: readonly Exposure[],
): Promise<void> {
  if (fresh.length === 0 && exposures.length === 0) return;
  // One jsonb parameter for any number of campaigns: a page view can hand out dozens of hotspots.
  // Receipt ids need no order among themselves (readers order receipts by time), so they come
  // from the pooled generator rather than one CSPRNG call per id.
  const list = JSON.stringify(fresh.map((c) => ({ campaign: c.id, receipt: fastId(), capped: c.frequency.capped })));
  const asyncCommit = database.driver === 'postgres';
  // On PostgreSQL the statement commits without waiting for the WAL flush (synchronous_commit off
  // for its own transaction only): on a crash the last moments' sent receipts and first exposures
  // may be lost, and the next decision writes them again (sent per session, exposures on
  // conflict), whereas waiting for the disk was most of a decision under load. Nothing a rule
  // reads is written here: frequency and caps count `seen` receipts. PGlite has no WAL flush to skip.
  await queryNamed(
    database,
    asyncCommit ? 'campaigns_decision_async' : 'campaigns_decision',
    sql`with x as (select * from jsonb_to_recordset(${list}::jsonb) as x(campaign uuid, receipt uuid, capped boolean)),
      deliveries as (insert into campaign_deliveries (workspace_id, campaign_id, contact_id)
        select ${ws}::uuid, x.campaign, ${contactId}::uuid from x on conflict do nothing),
      receipts as (insert into campaign_receipts (workspace_id, id, campaign_id, contact_id, session_id, kind, capped)
        select ${ws}::uuid, x.receipt, x.campaign, ${contactId}::uuid, ${sessionId}, 'sent', x.capped from x),
      exposures as (${insertExposures(ws, exposures)})
    select ${sql.raw(asyncCommit ? "set_config('synchronous_commit', 'off', true)" : '1')}`,
  );
}
