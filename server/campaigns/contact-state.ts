import { sql } from 'drizzle-orm';
import { membershipsSql } from '../contacts/segments/service.ts';
import { contactTimeZoneSql } from '../contacts/service.ts';
import { unsubscribedSql } from '../engagement/service.ts';
import { openConversationSql } from '../inbox/service.ts';
import { queryNamed, type Database } from '../platform/db.ts';
import type { ContactState, DeliveryState } from './select.ts';

const WEEK_MS = 7 * 24 * 3600_000;

interface StateRow {
  time_zone: string | null;
  segments: [string, string][];
  deliveries: [string, number, string | null, string | null, boolean, string | null][];
  seen_week: number;
  seen_session: number;
  sent_session: string[];
  open_conversation: boolean;
  unsubscribed: boolean;
}

const date = (v: string | null) => (v === null ? null : new Date(v));

/**
 * Everything a decision needs to know about one contact in ONE round trip: its time zone, segment
 * memberships, per-campaign delivery rows, the capped campaigns it saw this session and week, the
 * campaigns already sent this session, and the stop conditions (an open conversation, an
 * unsubscribe). A page view cannot afford a round trip per module, so each module lends the
 * subquery over its own table and this composes them into one statement — a named one, whose
 * text is the same at every page view, so it is not parsed and planned again each time.
 */
export async function loadContactState(database: Database, ws: string, contactId: string, sessionId: string, browserZone: string | undefined, now: Date) {
  const since = new Date(now.getTime() - WEEK_MS);
  const {
    rows: [row],
  } = await queryNamed<StateRow>(
    database,
    'campaigns_contact_state',
    sql`select
      ${contactTimeZoneSql(ws, contactId)} as time_zone,
      ${membershipsSql(ws, contactId)} as segments,
      (select coalesce(json_agg(json_build_array(campaign_id, shows, last_seen_at, dismissed_at, dismissed_for_good, goal_at)), '[]'::json)
         from campaign_deliveries where workspace_id = ${ws} and contact_id = ${contactId}) as deliveries,
      r.seen_week, r.seen_session,
      (select coalesce(json_agg(distinct c), '[]'::json) from campaign_sends s cross join unnest(s.campaign_ids) c
         where s.workspace_id = ${ws} and s.contact_id = ${contactId} and s.session_id = ${sessionId} and s.at > ${since}) as sent_session,
      ${openConversationSql(ws, contactId)} as open_conversation,
      ${unsubscribedSql(ws, contactId)} as unsubscribed
    from (select
        (count(distinct campaign_id) filter (where capped))::int as seen_week,
        (count(distinct campaign_id) filter (where capped and session_id = ${sessionId}))::int as seen_session
      from campaign_receipts
      where workspace_id = ${ws} and contact_id = ${contactId} and at > ${since} and kind = 'seen') r`,
  );
  const deliveries = new Map<string, DeliveryState>();
  for (const [campaignId, shows, lastSeenAt, dismissedAt, dismissedForGood, goalAt] of row!.deliveries) {
    deliveries.set(campaignId, { shows, lastSeenAt: date(lastSeenAt), dismissedAt: date(dismissedAt), dismissedForGood, goalAt: date(goalAt) });
  }
  const state: ContactState = {
    segments: new Map(row!.segments.map(([id, at]) => [id, new Date(at)])),
    deliveries,
    cappedSeenSession: row!.seen_session,
    cappedSeenWeek: row!.seen_week,
    openConversation: row!.open_conversation,
    unsubscribed: row!.unsubscribed,
    // The contact's own zone (set by the product or the Messenger) wins over the browser's.
    timeZone: row!.time_zone ?? browserZone ?? null,
  };
  return { state, sentSession: new Set(row!.sent_session) };
}
