import { sql, type SQL } from 'drizzle-orm';

/**
 * Who a campaign was handed to. A decision records only its `campaign_sends` row (the ids it
 * handed out); a delivery row appears when the widget reports a receipt (or came from older
 * decisions and the demo), so "sent" is the union of both. Readers of the funnel and exposure use
 * these rather than the delivery rows alone.
 */

/** The contacts a campaign was sent to, one row each (`contact_id`). */
export function sentContactsSql(ws: string, campaignId: string): SQL {
  return sql`(select d.contact_id from campaign_deliveries d where d.workspace_id = ${ws} and d.campaign_id = ${campaignId}
     union
     select s.contact_id from campaign_sends s where s.workspace_id = ${ws} and s.campaign_ids @> array[${campaignId}::uuid])`;
}

/** Whether the campaign was sent to the contact `contactColumn` names: two reads by primary-key prefix. */
export function wasSentSql(ws: string, campaignId: string, contactColumn: SQL): SQL {
  return sql`(exists (select 1 from campaign_deliveries d where d.workspace_id = ${ws} and d.campaign_id = ${campaignId} and d.contact_id = ${contactColumn})
     or exists (select 1 from campaign_sends s where s.workspace_id = ${ws} and s.contact_id = ${contactColumn} and s.campaign_ids @> array[${campaignId}::uuid]))`;
}
