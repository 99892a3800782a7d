import { sql, type SQL } from 'drizzle-orm';
import type { OfficeHours } from '../../contracts/routing.ts';
import { rows } from '../contacts/sql.ts';
import { openSecondsBetween } from '../inbox/routing/office-hours.ts';
import type { Ctx } from '../platform/context.ts';
import type { DbOrTx } from '../platform/db.ts';
import type { Gathered } from '../platform/jobs.ts';
import { refreshDays, utcDays } from './daily.ts';

/**
 * The per-conversation facts rollup (insights_conversation_facts), its daily pre-aggregate
 * (daily.ts, recomputed in the same transaction for the days the facts changed), the company rows
 * of the outcomes report by SLA policy (recomputed for the conversations written) and the durable
 * jobs that keep both: a job per workspace for the conversations a node heard change within a few
 * seconds (domain events, after the Inbox commits), and a sweep that recomputes whatever those
 * missed (a node stopping between commit and send) and once a
 * day rebuilds a workspace whole (what leaves no trace: a company's plan changing the contact's
 * tier, a tag removed). A row is always recomputed whole from its sources, never patched, so a job
 * that runs twice or late writes the same row.
 */

/** Jobs of `{ key: workspace id, items: conversation ids }` (a node's changes gathered, see SETTLE_SECONDS). */
export const FACTS_QUEUE = 'insights.conversation-facts.batch';
export const FACTS_SWEEP_QUEUE = 'insights.conversation-facts.sweep';
const SWEEP_CRON = '*/5 * * * *';
/** Events are heard after commit on the node that made them; the sweep looks back this far before its last run for changes whose job was lost. */
const MARGIN_MS = 2 * 60_000;
const REBUILD_MS = 24 * 3_600_000;
/**
 * A node gathers a workspace's changed conversations for this many seconds into one recompute:
 * a chat sends one event per message, and a busy workspace has hundreds of chats at once, whose
 * day would otherwise be re-aggregated once per conversation. Waiting also lets the routing
 * service, which routes on the same `conversation.created` event, put the SLA due time into the
 * first computation (the sweep would catch it anyway), and the sweep recomputes what a node
 * that stopped hard had gathered but not sent.
 */
const SETTLE_SECONDS = 5;
/** Conversations per recompute: one statement's `in` list. */
const GATHER_MAX = 500;

/** What changes a conversation's facts. */
export const FACTS_EVENTS = [
  'conversation.created',
  'message.created',
  'conversation.closed',
  'conversation.reopened',
  'conversation.snoozed',
  'conversation.assigned',
  'conversation.team_assigned',
  'conversation.tagged',
  'csat.submitted',
] as const;

/** A contact's tier is the plan of the first company it joined. */
const TIER = sql`(select co.plan from contact_companies cc
                  join companies co on co.workspace_id = cc.workspace_id and co.id = cc.company_id
                  where cc.workspace_id = c.workspace_id and cc.contact_id = c.contact_id
                  order by cc.created_at, cc.company_id limit 1)`;

/**
 * Upserts the facts of the workspace's conversations matching `scope` (a condition on `c`,
 * the conversations row), in calendar time; office time starts equal to it and officeTime() then
 * recounts the conversations of teams with office hours. Returns the conversations written and
 * the UTC days of their creation before and after, whose daily rows are then out of date.
 */
async function upsert(db: DbOrTx, ws: string, scope: SQL): Promise<Written> {
  const written = await rows<{ id: string; created_at: string | Date; was_created_at: string | Date | null }>(
    db,
    sql`with conv as (
          select c.* from conversations c where c.workspace_id = ${ws} and (${scope})
        ),
        was as (
          select f.conversation_id, f.created_at from insights_conversation_facts f
          where f.workspace_id = ${ws} and f.conversation_id in (select id from conv)
        ),
        msg as (
          select m.conversation_id, m.author_type, m.created_at,
                 lag(m.author_type) over (partition by m.conversation_id order by m.seq) as previous_author,
                 min(case when m.author_type = 'agent' then m.created_at end)
                   over (partition by m.conversation_id order by m.seq rows between 1 following and unbounded following) as next_agent_at
          from messages m
          where m.workspace_id = ${ws} and m.conversation_id in (select id from conv)
        ),
        replies as (
          select conversation_id, count(*) filter (where author_type = 'agent')::int as replies,
                 array_agg(extract(epoch from next_agent_at - created_at)::float8 order by created_at)
                   filter (where author_type = 'contact' and previous_author = 'agent' and next_agent_at is not null) as turns
          from msg group by conversation_id
        ),
        closes as (
          select conversation_id, count(*)::int as closes from conversation_closes
          where workspace_id = ${ws} and conversation_id in (select id from conv) group by conversation_id
        ),
        tags as (
          select conversation_id, array_agg(tag_id order by tag_id) as tag_ids from conversation_tags
          where workspace_id = ${ws} and conversation_id in (select id from conv) group by conversation_id
        ),
        facts as (
          select c.id, c.created_at, c.contact_id, c.channel, c.team_id, c.assignee_id, ${TIER} as tier,
                 r.sla_policy_id, tg.tag_ids, c.state = 'closed' as closed, c.first_response_at, r.first_response_due_at,
                 extract(epoch from c.first_response_at - c.created_at)::float8 as frt,
                 case when c.state = 'closed' then extract(epoch from c.closed_at - c.created_at)::float8 end as res,
                 coalesce(rp.replies, 0) as replies, coalesce(cl.closes, 0) as closes, rp.turns, c.csat_rating
          from conv c
          left join conversation_routing r on r.workspace_id = c.workspace_id and r.conversation_id = c.id
          left join replies rp on rp.conversation_id = c.id
          left join closes cl on cl.conversation_id = c.id
          left join tags tg on tg.conversation_id = c.id
        ),
        written as (
        insert into insights_conversation_facts (workspace_id, conversation_id, created_at, contact_id, channel, team_id, assignee_id, tier,
          sla_policy_id, tag_ids, closed, first_response_at, first_response_due_at, frt_seconds, frt_office_seconds,
          resolution_seconds, resolution_office_seconds, replies, closes, next_response_seconds, csat_rating, refreshed_at)
        select ${ws}, id, created_at, contact_id, channel, team_id, assignee_id, tier, sla_policy_id, tag_ids, closed, first_response_at,
               first_response_due_at, frt, frt, res, res, replies, closes, turns, csat_rating, now()
        from facts order by created_at
        on conflict (workspace_id, conversation_id) do update set
          created_at = excluded.created_at, contact_id = excluded.contact_id, channel = excluded.channel, team_id = excluded.team_id,
          assignee_id = excluded.assignee_id, tier = excluded.tier, sla_policy_id = excluded.sla_policy_id, tag_ids = excluded.tag_ids,
          closed = excluded.closed, first_response_at = excluded.first_response_at, first_response_due_at = excluded.first_response_due_at,
          frt_seconds = excluded.frt_seconds, frt_office_seconds = excluded.frt_office_seconds,
          resolution_seconds = excluded.resolution_seconds, resolution_office_seconds = excluded.resolution_office_seconds,
          replies = excluded.replies, closes = excluded.closes, next_response_seconds = excluded.next_response_seconds,
          csat_rating = excluded.csat_rating, refreshed_at = excluded.refreshed_at
        returning conversation_id, created_at
        )
        select w.conversation_id as id, w.created_at, was.created_at as was_created_at
        from written w left join was on was.conversation_id = w.conversation_id`,
  );
  return { ids: written.map((r) => r.id), days: utcDays(written.flatMap((r) => [r.created_at, r.was_created_at])) };
}

interface Written {
  ids: string[];
  days: string[];
}

interface OfficeRow {
  conversation_id: string;
  created_at: string | Date;
  frt_seconds: number | null;
  resolution_seconds: number | null;
  time_zone: string;
  weekly: OfficeHours['weekly'];
  holidays: string[];
}

/**
 * Recounts first response and resolution in office time for the written conversations whose team
 * has office hours, in the team's time zone with its holidays (the SLA module's arithmetic).
 * `all` stands for every conversation of the workspace, so a rebuild does not pass a million ids.
 */
async function officeTime(db: DbOrTx, ws: string, ids: string[] | 'all'): Promise<void> {
  if (ids !== 'all' && ids.length === 0) return;
  const which = ids === 'all' ? sql`true` : sql`f.conversation_id = any(${uuidArray(ids)})`;
  const list = await rows<OfficeRow>(
    db,
    sql`select f.conversation_id, f.created_at, f.frt_seconds, f.resolution_seconds, h.time_zone, h.weekly, h.holidays
        from insights_conversation_facts f
        join team_office_hours h on h.workspace_id = f.workspace_id and h.team_id = f.team_id
        where f.workspace_id = ${ws} and ${which}`,
  );
  const office = (hours: OfficeHours, start: Date, seconds: number | null) =>
    seconds === null ? null : openSecondsBetween(hours, start, new Date(start.getTime() + seconds * 1000));
  const BATCH = 500;
  for (let i = 0; i < list.length; i += BATCH) {
    const values = list.slice(i, i + BATCH).map((r) => {
      const hours: OfficeHours = { time_zone: r.time_zone, weekly: r.weekly, holidays: r.holidays };
      const start = new Date(r.created_at);
      return sql`(${r.conversation_id}::uuid, ${office(hours, start, r.frt_seconds)}::float8, ${office(hours, start, r.resolution_seconds)}::float8)`;
    });
    await db.execute(
      sql`update insights_conversation_facts f set frt_office_seconds = v.frt, resolution_office_seconds = v.res
          from (values ${sql.join(values, sql`, `)}) as v(id, frt, res)
          where f.workspace_id = ${ws} and f.conversation_id = v.id`,
    );
  }
}

/** Ids as one array parameter: a sweep may bring more than the protocol's 65,535 parameters. */
const uuidArray = (ids: string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

/**
 * Recomputes the company rows (insights_company_conversations) of the given conversations from
 * their facts rows, as written just before in the same transaction, and the contact's companies
 * now; `all` rebuilds the workspace's. A conversation without facts or policy, or whose contact is
 * in no company, keeps none. Only the rows that differ are written: the daily rebuild of 1M
 * conversations then writes next to nothing (6 s of reading, where deleting and inserting all
 * 500k rows took 7–12 s) and leaves the pages all-visible, which keeps the report's probes index-only.
 */
async function companyConversations(db: DbOrTx, ws: string, ids: string[] | 'all'): Promise<void> {
  if (ids !== 'all' && ids.length === 0) return;
  const which = (col: SQL) => (ids === 'all' ? sql`true` : sql`${col} = any(${uuidArray(ids)})`);
  const sources = sql`insights_conversation_facts f
        join contact_companies cc on cc.workspace_id = f.workspace_id and cc.contact_id = f.contact_id`;
  // Correlated at the top of `not exists`, so it plans as one anti-join (a rebuild: 2 s), not a
  // probe per row (a minute).
  await db.execute(
    sql`delete from insights_company_conversations p where p.workspace_id = ${ws} and ${which(sql`p.conversation_id`)}
          and not exists (select 1 from ${sources} where f.workspace_id = p.workspace_id and f.conversation_id = p.conversation_id
                            and cc.company_id = p.company_id and f.sla_policy_id is not null)`,
  );
  await db.execute(
    sql`insert into insights_company_conversations as p (workspace_id, conversation_id, company_id, created_at, sla_policy_id)
        select f.workspace_id, f.conversation_id, cc.company_id, f.created_at, f.sla_policy_id from ${sources}
        where f.workspace_id = ${ws} and f.sla_policy_id is not null and ${which(sql`f.conversation_id`)}
        on conflict (workspace_id, conversation_id, company_id) do update set created_at = excluded.created_at, sla_policy_id = excluded.sla_policy_id
          where (p.created_at, p.sla_policy_id) is distinct from (excluded.created_at, excluded.sla_policy_id)`,
  );
}

/** Recomputes the given conversations' facts and their days; a conversation that is gone loses its row. */
export async function refreshConversations(db: DbOrTx, ws: string, conversationIds: string[]): Promise<void> {
  if (conversationIds.length === 0) return;
  const list = sql.join(conversationIds.map((id) => sql`${id}::uuid`), sql`, `);
  const written = await upsert(db, ws, sql`c.id in (${list})`);
  const kept = new Set(written.ids);
  const missing = conversationIds.filter((id) => !kept.has(id));
  const gone = missing.length
    ? await rows<{ created_at: string | Date }>(
        db,
        sql`delete from insights_conversation_facts where workspace_id = ${ws}
              and conversation_id in (${sql.join(missing.map((id) => sql`${id}::uuid`), sql`, `)}) returning created_at`,
      )
    : [];
  await officeTime(db, ws, written.ids);
  await companyConversations(db, ws, conversationIds);
  await refreshDays(db, ws, [...written.days, ...utcDays(gone.map((r) => r.created_at))]);
}

export interface SweepResult {
  full: boolean;
  conversations: number;
  asOf: Date;
}

/**
 * Brings one workspace's facts up to now: whole on the first run and once a day, else the
 * conversations changed since the last run (less the margin). Returns null when another sweep of
 * the workspace holds it.
 */
export async function sweepWorkspace(db: DbOrTx, ws: string, opts: { full?: boolean } = {}): Promise<SweepResult | null> {
  const [lock] = await rows<{ ok: boolean }>(db, sql`select pg_try_advisory_xact_lock(hashtext(${`insights.facts:${ws}`})) as ok`);
  if (!lock!.ok) return null;
  const [clock] = await rows<{ now: string }>(db, sql`select now()::text as now`);
  const now = new Date(clock!.now);
  const [state] = await rows<{ as_of: string; built_at: string }>(
    db,
    sql`select as_of::text, built_at::text from insights_conversation_facts_state where workspace_id = ${ws}`,
  );
  const full = opts.full || !state || now.getTime() - Date.parse(state.built_at) >= REBUILD_MS || (await dailyMissing(db, ws));
  let count: number;
  if (full) {
    const written = await upsert(db, ws, sql`true`);
    await db.execute(
      sql`delete from insights_conversation_facts f where f.workspace_id = ${ws}
            and not exists (select 1 from conversations c where c.workspace_id = f.workspace_id and c.id = f.conversation_id)`,
    );
    await officeTime(db, ws, 'all');
    await companyConversations(db, ws, 'all');
    await refreshDays(db, ws, 'all');
    count = written.ids.length;
  } else {
    const since = sql`${new Date(Date.parse(state.as_of) - MARGIN_MS).toISOString()}::timestamptz`;
    // A conversation's own changes move updated_at; routing, tags and closes are rows of their own.
    // Each is an index range scan; asked as one condition on the upsert, they made it scan every
    // conversation and misjudge the rows it would write (a full conversation_routing hash join).
    // A contact's company membership begun or ended (contact_company_leaves) brings all its
    // conversations: their tier and company rows depend on it.
    const changed = await rows<{ id: string }>(
      db,
      sql`select id from conversations where workspace_id = ${ws} and updated_at >= ${since}
          union select conversation_id from conversation_routing where workspace_id = ${ws} and routed_at >= ${since}
          union select conversation_id from conversation_tags where workspace_id = ${ws} and created_at >= ${since}
          union select conversation_id from conversation_closes where workspace_id = ${ws} and closed_at >= ${since}
          union select c.id from contact_companies cc join conversations c on c.workspace_id = cc.workspace_id and c.contact_id = cc.contact_id
                where cc.workspace_id = ${ws} and cc.created_at >= ${since}
          union select c.id from contact_company_leaves l join conversations c on c.workspace_id = l.workspace_id and c.contact_id = l.contact_id
                where l.workspace_id = ${ws} and l.left_at >= ${since}`,
    );

    const written = await upsert(db, ws, sql`c.id = any(${uuidArray(changed.map((r) => r.id))})`);
    await officeTime(db, ws, written.ids);
    await companyConversations(db, ws, written.ids);
    await refreshDays(db, ws, written.days);
    count = written.ids.length;
  }
  // A day covers every sweep since and the daily rebuild, which needs none.
  await db.execute(sql`delete from contact_company_leaves where workspace_id = ${ws} and left_at < ${now.toISOString()}::timestamptz - interval '1 day'`);
  await db.execute(
    sql`insert into insights_conversation_facts_state (workspace_id, as_of, built_at) values (${ws}, ${now.toISOString()}, ${now.toISOString()})
        on conflict (workspace_id) do update set as_of = excluded.as_of, built_at = ${full ? sql`excluded.built_at` : sql`insights_conversation_facts_state.built_at`}`,
  );
  return { full, conversations: count, asOf: now };
}

/** Facts without daily, weekly or quarter-hour rows: written before those pre-aggregates existed, built on the next sweep. */
async function dailyMissing(db: DbOrTx, ws: string): Promise<boolean> {
  const [r] = await rows<{ missing: boolean }>(
    db,
    sql`select exists (select 1 from insights_conversation_facts where workspace_id = ${ws})
           and (not exists (select 1 from insights_support_daily where workspace_id = ${ws})
                or not exists (select 1 from insights_support_weekly where workspace_id = ${ws})
                or not exists (select 1 from insights_conversation_quarters where workspace_id = ${ws})) as missing`,
  );
  return r!.missing;
}

/** When the facts were last swept; null before the first sweep. */
export async function factsAsOf(db: DbOrTx, ws: string): Promise<string | null> {
  const [state] = await rows<{ as_of: string | Date }>(db, sql`select as_of from insights_conversation_facts_state where workspace_id = ${ws}`);
  return state ? new Date(state.as_of).toISOString() : null;
}

/**
 * The jobs. `write` runs its function in one transaction (the advisory lock of a sweep holds
 * until it commits). Returns the sweep over every workspace, which the cron job runs.
 */
export function scheduleFacts(ctx: Ctx, write: <T>(fn: (db: DbOrTx) => Promise<T>) => Promise<T>) {
  ctx.jobs.define<Gathered>(FACTS_QUEUE, async (job) => write((db) => refreshConversations(db, job.key, job.items)), {
    retryLimit: 5,
    retryDelaySeconds: 2,
  });
  for (const type of FACTS_EVENTS) {
    ctx.bus.onLocal(type, (event) => {
      const conversation = (event.data as { conversation?: { id?: string } }).conversation;
      if (conversation?.id) ctx.jobs.gather(FACTS_QUEUE, event.workspaceId, conversation.id, { settleSeconds: SETTLE_SECONDS, max: GATHER_MAX });
    });
  }
  async function sweepAll(): Promise<number> {
    let n = 0;
    for (const { id } of await rows<{ id: string }>(ctx.db, sql`select id from workspaces order by id`)) {
      n += (await write((db) => sweepWorkspace(db, id)))?.conversations ?? 0;
    }
    return n;
  }
  ctx.jobs.define(FACTS_SWEEP_QUEUE, async () => void (await sweepAll()), { cron: SWEEP_CRON, retryLimit: 1 });
  return {
    sweepAll,
    /** Asks a worker for a sweep now (the bench and a fresh install use it instead of waiting for the cron). */
    requestSweep: () => ctx.jobs.send(FACTS_SWEEP_QUEUE, {}),
  };
}
