import { sql, type SQL } from 'drizzle-orm';
import { insertExposures, type Exposure } from '../experiments/snapshot.ts';
import type { DbOrTx } from '../platform/db.ts';
import { newId } from '../platform/ids.ts';
import type { LiveCampaign } from './select.ts';

/**
 * What one decision writes, as ONE statement: the delivery row and the `sent` receipt of each
 * campaign handed out for the first time in this session, and the lab's first exposures. A
 * decision that hands nothing new out and exposes no one writes nothing.
 */
export async function recordDecision(
  db: DbOrTx,
  ws: string,
  contactId: string,
  sessionId: string,
  fresh: readonly LiveCampaign[],
  exposures: readonly Exposure[],
  opts: { asyncCommit: boolean },
): Promise<void> {
  const parts: SQL[] = [];
  if (fresh.length) {
    // One jsonb parameter for any number of campaigns: a page view can hand out dozens of hotspots.
    const list = JSON.stringify(fresh.map((c) => ({ campaign: c.id, receipt: newId(), capped: c.frequency.capped })));
    const rows = sql`jsonb_to_recordset(${list}::jsonb) as x(campaign uuid, receipt uuid, capped boolean)`;
    parts.push(sql`insert into campaign_deliveries (workspace_id, campaign_id, contact_id)
      select ${ws}::uuid, x.campaign, ${contactId}::uuid from ${rows} on conflict do nothing`);
    parts.push(sql`insert into campaign_receipts (workspace_id, id, campaign_id, contact_id, session_id, kind, capped)
      select ${ws}::uuid, x.receipt, x.campaign, ${contactId}::uuid, ${sessionId}, 'sent', x.capped from ${rows}`);
  }
  if (exposures.length) parts.push(insertExposures(ws, exposures));
  if (parts.length === 0) return;
  if (parts.length === 1 && !opts.asyncCommit) {
    await db.execute(parts[0]!);
    return;
  }
  const ctes = sql.join(parts.map((p, i) => sql`${sql.raw(`w${i}`)} as (${p})`), sql`, `);
  // On PostgreSQL the statement commits without waiting for the WAL flush (synchronous_commit off
  // for its own transaction only): on a crash the last moments' sent receipts and first exposures
  // may be lost, and the next decision writes them again (sent per session, exposures on
  // conflict), whereas waiting for the disk was most of a decision under load. Nothing a rule
  // reads is written here: frequency and caps count `seen` receipts. PGlite has no WAL flush to skip.
  await db.execute(opts.asyncCommit ? sql`with ${ctes} select set_config('synchronous_commit', 'off', true)` : sql`with ${ctes} select 1`);
}
