import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db.ts';

/**
 * Deletes the workspace's company memberships matching `where` (a condition on contact_companies)
 * and records each as left: a deleted row leaves nothing behind for the insights sweep, which
 * recomputes the conversations of contacts whose memberships changed since its last run. A merge
 * records them under the contact its conversations moved to (`recordAs`).
 */
export async function endMemberships(db: DbOrTx, workspaceId: string, where: SQL, recordAs?: string): Promise<void> {
  const contact = recordAs === undefined ? sql`contact_id` : sql`${recordAs}::uuid`;
  await db.execute(
    sql`with gone as (delete from contact_companies where workspace_id = ${workspaceId} and ${where} returning contact_id, company_id)
        insert into contact_company_leaves (workspace_id, contact_id, company_id) select ${workspaceId}, ${contact}, company_id from gone`,
  );
}
