import { sql, type SQL } from 'drizzle-orm';
import type { FeedbackItem, FeedbackItemDetail, FeedbackListQuery, LinkedConversation, PlanShare, TrendWeek } from '../../contracts/feedback.ts';
import { iso, rows } from '../contacts/sql.ts';
import type { DbOrTx } from '../platform/db.ts';

/**
 * An item's numbers (docs/metrics.md, Voice of the customer), computed in the database from the
 * links, the conversations' contacts as they are now, and those contacts' companies.
 */

/** Weeks of the trend, the current one included. */
export const TREND_WEEKS = 12;
/** Linked conversations an item page lists, newest link first. */
const LINKED_LIMIT = 500;

interface ItemRow {
  id: string;
  kind: FeedbackItem['kind'];
  title: string;
  description: string;
  status: FeedbackItem['status'];
  shipped_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
  conversations: number;
  contacts: number;
  companies: number;
  arr: number;
}

/** Linked conversations with their contact, of the workspace's items (or one item). */
const linked = (ws: string, itemId?: string) => sql`
  select l.item_id, c.id as conversation_id, c.contact_id, c.created_at
  from feedback_links l
  join conversations c on c.workspace_id = l.workspace_id and c.id = l.conversation_id
  where l.workspace_id = ${ws} ${itemId ? sql`and l.item_id = ${itemId}` : sql``}`;

/** Each affected company once per item. */
const affectedCompanies = (ws: string) => sql`
  select distinct lc.item_id, cc.company_id
  from (select distinct item_id, contact_id from l) lc
  join contact_companies cc on cc.workspace_id = ${ws} and cc.contact_id = lc.contact_id`;

const ORDER: Record<NonNullable<FeedbackListQuery['sort']>, SQL> = {
  customers: sql`contacts desc, arr desc, i.created_at desc, i.id`,
  arr: sql`arr desc, contacts desc, i.created_at desc, i.id`,
  recent: sql`i.created_at desc, i.id`,
};

const toItem = (r: ItemRow): FeedbackItem => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  description: r.description,
  status: r.status,
  created_at: iso(r.created_at)!,
  updated_at: iso(r.updated_at)!,
  shipped_at: iso(r.shipped_at),
  conversations: r.conversations,
  contacts: r.contacts,
  companies: r.companies,
  arr: Number(r.arr),
});

export async function listItems(
  db: DbOrTx,
  ws: string,
  query: { sort: NonNullable<FeedbackListQuery['sort']>; status?: FeedbackItem['status']; kind?: FeedbackItem['kind']; id?: string },
): Promise<FeedbackItem[]> {
  const where = [sql`i.workspace_id = ${ws}`];
  if (query.id) where.push(sql`i.id = ${query.id}`);
  if (query.status) where.push(sql`i.status = ${query.status}`);
  if (query.kind) where.push(sql`i.kind = ${query.kind}`);
  const found = await rows<ItemRow>(db, sql`
    with l as (${linked(ws, query.id)}), co as (${affectedCompanies(ws)})
    select i.id, i.kind, i.title, i.description, i.status, i.shipped_at, i.created_at, i.updated_at,
           coalesce(a.conversations, 0) as conversations, coalesce(a.contacts, 0) as contacts,
           coalesce(b.companies, 0) as companies, coalesce(b.arr, 0) as arr
    from feedback_items i
    left join (select item_id, count(*)::int as conversations, count(distinct contact_id)::int as contacts from l group by item_id) a
      on a.item_id = i.id
    left join (select co.item_id, count(*)::int as companies, round(coalesce(sum(x.mrr), 0) * 12, 2)::float8 as arr
               from co join companies x on x.workspace_id = ${ws} and x.id = co.company_id group by co.item_id) b
      on b.item_id = i.id
    where ${sql.join(where, sql` and `)}
    order by ${ORDER[query.sort]}`);
  return found.map(toItem);
}

export async function itemDetail(db: DbOrTx, ws: string, item: FeedbackItem, now = new Date()): Promise<FeedbackItemDetail> {
  const [plans, [alone], weeks] = await Promise.all([
    rows<PlanShare>(db, sql`
      with l as (${linked(ws, item.id)}), co as (${affectedCompanies(ws)})
      select x.plan, count(*)::int as companies, round(coalesce(sum(x.mrr), 0) * 12, 2)::float8 as arr
      from co join companies x on x.workspace_id = ${ws} and x.id = co.company_id
      group by x.plan order by arr desc, companies desc, x.plan nulls last`),
    rows<{ n: number }>(db, sql`
      with l as (${linked(ws, item.id)})
      select count(distinct l.contact_id)::int as n from l
      where not exists (select 1 from contact_companies cc where cc.workspace_id = ${ws} and cc.contact_id = l.contact_id)`),
    rows<TrendWeek>(db, sql`
      with l as (${linked(ws, item.id)}),
      weeks as (
        select generate_series(
          date_trunc('week', ${now.toISOString()}::timestamptz at time zone 'UTC') - ${`${TREND_WEEKS - 1} weeks`}::interval,
          date_trunc('week', ${now.toISOString()}::timestamptz at time zone 'UTC'),
          interval '1 week') as w)
      select to_char(weeks.w, 'YYYY-MM-DD') as week,
             (select count(*)::int from l where date_trunc('week', l.created_at at time zone 'UTC') = weeks.w) as conversations
      from weeks order by weeks.w`),
  ]);
  return {
    ...item,
    contacts_without_company: alone?.n ?? 0,
    plan_mix: plans.map((p) => ({ ...p, arr: Number(p.arr) })),
    trend: weeks,
  };
}

interface LinkedRow extends Omit<LinkedConversation, 'created_at' | 'linked_at'> {
  created_at: Date | string;
  linked_at: Date | string;
}

export async function linkedConversations(db: DbOrTx, ws: string, itemId: string): Promise<LinkedConversation[]> {
  const found = await rows<LinkedRow>(db, sql`
    select c.id as conversation_id, c.contact_id, ct.name as contact_name, ct.email as contact_email, c.channel, c.state,
           c.created_at, l.created_at as linked_at, l.source
    from feedback_links l
    join conversations c on c.workspace_id = l.workspace_id and c.id = l.conversation_id
    left join contacts ct on ct.workspace_id = c.workspace_id and ct.id = c.contact_id
    where l.workspace_id = ${ws} and l.item_id = ${itemId}
    order by l.created_at desc, c.id
    limit ${LINKED_LIMIT}`);
  return found.map((r) => ({ ...r, created_at: iso(r.created_at)!, linked_at: iso(r.linked_at)! }));
}
