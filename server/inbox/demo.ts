import { sql } from 'drizzle-orm';
import { rows } from '../contacts/sql.ts';
import type { Ctx } from '../platform/context.ts';
import type { DbOrTx } from '../platform/db.ts';
import { newId, randomToken } from '../platform/ids.ts';
import type { Services } from '../services.ts';
import { renderMessage } from './markdown.ts';
import { addBusinessMinutes } from './routing/office-hours.ts';
import { planDemoSupport, type DemoContact, type PlannedConversation } from './demo-plan.ts';
import type { DemoTeam } from './demo-team.ts';
import { documentTerms } from './tools/search-terms.ts';

/**
 * Writes the planned support history of the demo (demo-plan.ts) in a few batched statements: the
 * rows the Inbox, routing, SLA timers, insights closes, tags, search index and e-mail channel
 * would have written had each message gone through them at its time (playing hundreds of
 * conversations through the services took far longer than the rest of the first start). Then
 * the snoozes go through the Inbox (their wake-up job is queued like any other) and the facts
 * rollup is rebuilt, as its daily sweep would.
 */

export interface SeededConversation {
  id: string;
  plan: PlannedConversation;
  /** Message ids by sequence number (1-based index - 1). */
  messageIds: string[];
}

type Row = Record<string, unknown>;
const MINUTE = 60_000;
const CHUNK = 500;
const iso = (t: number | null | undefined) => (t === null || t === undefined ? null : new Date(t).toISOString());

async function demoContacts(db: DbOrTx, ws: string): Promise<DemoContact[]> {
  // The people of the contacts demo (contacts/demo.ts), not the experiments' sign-ups.
  const list = await rows<{ id: string; locale: string | null; email: string | null; plan: string | null; created_at: string | Date }>(
    db,
    sql`select c.id, c.locale, c.email, c.created_at,
               (select co.plan from contact_companies cc join companies co on co.workspace_id = cc.workspace_id and co.id = cc.company_id
                 where cc.workspace_id = c.workspace_id and cc.contact_id = c.id order by cc.created_at, cc.company_id limit 1) as plan
          from contacts c
         where c.workspace_id = ${ws} and (c.external_id like 'demo-user-%' or c.anonymous_id like 'demo-visitor-%')
         order by c.created_at, c.id`,
  );
  return list.map((c) => ({ id: c.id, locale: c.locale, email: c.email, plan: c.plan, createdAt: new Date(c.created_at).getTime() }));
}

/** The demo says the same few things many times: each text is analysed and rendered once. */
function memo<T>(fn: (text: string) => T): (text: string) => T {
  const seen = new Map<string, T>();
  return (text) => {
    if (!seen.has(text)) seen.set(text, fn(text));
    return seen.get(text)!;
  };
}

async function insertJson(db: DbOrTx, list: unknown[], statement: (json: string) => ReturnType<typeof sql>) {
  for (let i = 0; i < list.length; i += CHUNK) await db.execute(statement(JSON.stringify(list.slice(i, i + CHUNK))));
}

export async function seedDemoConversations(ctx: Ctx, services: Services, ws: string, team: DemoTeam, now = Date.now()): Promise<SeededConversation[]> {
  const plans = planDemoSupport(team, await demoContacts(ctx.db, ws), now);
  const termsOf = memo(documentTerms);
  const html = memo(renderMessage);
  const seeded = plans.map((plan) => ({ id: newId(), plan, messageIds: plan.messages.map(() => newId()) }));
  const conversations: Row[] = [];
  const messages: Row[] = [];
  const terms: Row[] = [];
  const routing: Row[] = [];
  const closes: Row[] = [];
  const tags: Row[] = [];
  const breaches: Row[] = [];
  const mails: Row[] = [];
  for (const { id, plan, messageIds } of seeded) {
    const desk = team.desks[plan.desk];
    const seqOf = (author: 'contact' | 'agent') => plan.messages.reduce((n, m, i) => (m.author === author ? i + 1 : n), 0);
    const lastAt = (author: 'contact' | 'agent') => [...plan.messages].reverse().find((m) => m.author === author)?.at ?? null;
    const firstResponse = plan.messages.find((m) => m.author === 'agent')?.at ?? null;
    const closedAt = plan.state === 'closed' ? plan.closes.at(-1)! : null;
    const last = plan.messages.at(-1)!.at;
    conversations.push({
      id, contact_id: plan.contact.id, channel: plan.channel, state: plan.state, assignee_id: plan.assignee?.id ?? null, assigned_at: iso(plan.assignedAt),
      team_id: desk.teamId, last_seq: plan.messages.length, contact_last_read_seq: plan.state === 'closed' ? plan.messages.length : seqOf('contact'),
      agent_last_read_seq: seqOf('agent'), last_message_at: iso(last), last_contact_message_at: iso(lastAt('contact')),
      last_agent_message_at: iso(lastAt('agent')), first_response_at: iso(firstResponse), closed_at: iso(closedAt),
      csat_rating: plan.csat?.rating ?? null, csat_comment: plan.csat?.comment ?? null, csat_at: iso(plan.csat?.at),
      created_at: iso(plan.createdAt), updated_at: iso(Math.max(last, closedAt ?? 0, plan.csat?.at ?? 0)),
    });
    const wordsOf = new Set<string>();
    plan.messages.forEach((m, i) => {
      const agent = m.author === 'agent' ? (plan.assignee ?? desk.members[0]!) : null;
      messages.push({
        conversation_id: id, seq: i + 1, id: messageIds[i], client_id: randomToken('srv_', 12), author_type: m.author,
        author_id: agent?.id ?? plan.contact.id, author_name: agent?.name ?? null, body: m.body, body_html: html(m.body), created_at: iso(m.at),
      });
      for (const term of termsOf(m.body)) wordsOf.add(term);
      if (plan.channel === 'email') {
        mails.push({
          message_id: `${messageIds[i]}@demo.baton.local`, conversation_id: id, seq: i + 1, direction: m.author === 'contact' ? 'in' : 'out',
          subject: i === 0 ? plan.script.subject : `Re: ${plan.script.subject}`, created_at: iso(m.at),
        });
      }
    });
    terms.push({ conversation_id: id, terms: [...wordsOf] });

    const due = (start: number, minutes: number) =>
      (desk.businessHours ? addBusinessMinutes(team.apacHours, new Date(start), minutes)?.getTime() : undefined) ?? start + minutes * MINUTE;
    const firstDue = due(plan.createdAt, desk.firstResponseMinutes);
    // The resolution clock runs from the start and each reopen until the next close.
    const periods = plan.clockStarts.map((s) => ({ due: due(s, desk.resolutionMinutes), end: plan.closes.find((c) => c > s) ?? null }));
    const running = periods.at(-1)!;
    routing.push({
      conversation_id: id, rule_id: desk.ruleId, sla_policy_id: desk.policyId, first_response_due_at: iso(firstDue),
      resolution_due_at: plan.state === 'open' && running.end === null ? iso(running.due) : null, routed_at: iso(plan.createdAt),
    });
    // What the SLA timers mark at a target's due time when it is still unmet then.
    if (firstDue < now && (firstResponse === null || firstResponse > firstDue)) breaches.push({ conversation_id: id, kind: 'first_response', due_at: iso(firstDue) });
    for (const p of periods) {
      if (p.due < now && (p.end === null || p.end > p.due)) breaches.push({ conversation_id: id, kind: 'resolution', due_at: iso(p.due) });
    }
    for (const c of plan.closes) closes.push({ conversation_id: id, closed_at: iso(c) });
    if (plan.desk === 'priority') tags.push({ conversation_id: id, tag_id: team.tags.vip, created_at: iso(plan.createdAt) });
    // The agent tags the topic with the first answer.
    if (firstResponse !== null) tags.push({ conversation_id: id, tag_id: team.tags[plan.topic], created_at: iso(firstResponse) });
  }

  await ctx.db.transaction(async (tx) => {
    await insertJson(tx, conversations, (j) => sql`insert into conversations (workspace_id, id, contact_id, channel, state, assignee_id, assigned_at, team_id,
        last_seq, contact_last_read_seq, agent_last_read_seq, last_message_at, last_contact_message_at, last_agent_message_at, first_response_at,
        closed_at, csat_rating, csat_comment, csat_at, created_at, updated_at)
      select ${ws}, x.id, x.contact_id, x.channel, x.state, x.assignee_id, x.assigned_at, x.team_id, x.last_seq, x.contact_last_read_seq,
        x.agent_last_read_seq, x.last_message_at, x.last_contact_message_at, x.last_agent_message_at, x.first_response_at, x.closed_at,
        x.csat_rating, x.csat_comment, x.csat_at, x.created_at, x.updated_at
      from jsonb_to_recordset(${j}::jsonb) as x(id uuid, contact_id uuid, channel text, state text, assignee_id uuid, assigned_at timestamptz,
        team_id uuid, last_seq int, contact_last_read_seq int, agent_last_read_seq int, last_message_at timestamptz,
        last_contact_message_at timestamptz, last_agent_message_at timestamptz, first_response_at timestamptz, closed_at timestamptz,
        csat_rating int, csat_comment text, csat_at timestamptz, created_at timestamptz, updated_at timestamptz)`);
    await insertJson(tx, messages, (j) => sql`insert into messages (workspace_id, conversation_id, seq, id, client_id, author_type, author_id,
        author_name, body, body_html, created_at)
      select ${ws}, x.conversation_id, x.seq, x.id, x.client_id, x.author_type, x.author_id, x.author_name, x.body, x.body_html, x.created_at
      from jsonb_to_recordset(${j}::jsonb) as x(conversation_id uuid, seq int, id uuid, client_id text, author_type text, author_id uuid,
        author_name text, body text, body_html text, created_at timestamptz)`);
    await insertJson(tx, terms, (j) => sql`insert into conversation_terms (workspace_id, term, conversation_id)
      select ${ws}, t.term, x.conversation_id from jsonb_to_recordset(${j}::jsonb) as x(conversation_id uuid, terms jsonb)
      cross join jsonb_array_elements_text(x.terms) as t(term)`);
    await insertJson(tx, routing, (j) => sql`insert into conversation_routing (workspace_id, conversation_id, rule_id, sla_policy_id,
        first_response_due_at, resolution_due_at, routed_at)
      select ${ws}, x.conversation_id, x.rule_id, x.sla_policy_id, x.first_response_due_at, x.resolution_due_at, x.routed_at
      from jsonb_to_recordset(${j}::jsonb) as x(conversation_id uuid, rule_id uuid, sla_policy_id uuid, first_response_due_at timestamptz,
        resolution_due_at timestamptz, routed_at timestamptz)`);
    await insertJson(tx, breaches, (j) => sql`insert into sla_breaches (workspace_id, conversation_id, kind, due_at, breached_at)
      select ${ws}, x.conversation_id, x.kind, x.due_at, x.due_at from jsonb_to_recordset(${j}::jsonb) as x(conversation_id uuid, kind text, due_at timestamptz)`);
    await insertJson(tx, closes, (j) => sql`insert into conversation_closes (workspace_id, conversation_id, closed_at)
      select ${ws}, x.conversation_id, x.closed_at from jsonb_to_recordset(${j}::jsonb) as x(conversation_id uuid, closed_at timestamptz)`);
    await insertJson(tx, tags, (j) => sql`insert into conversation_tags (workspace_id, conversation_id, tag_id, created_at)
      select ${ws}, x.conversation_id, x.tag_id, x.created_at from jsonb_to_recordset(${j}::jsonb) as x(conversation_id uuid, tag_id uuid, created_at timestamptz)`);
    await insertJson(tx, mails, (j) => sql`insert into email_messages (workspace_id, message_id, conversation_id, seq, direction, subject, created_at)
      select ${ws}, x.message_id, x.conversation_id, x.seq, x.direction, x.subject, x.created_at
      from jsonb_to_recordset(${j}::jsonb) as x(message_id text, conversation_id uuid, seq int, direction text, subject text, created_at timestamptz)`);
  });

  for (const s of seeded.filter((s) => s.plan.snoozedUntil !== null)) {
    await services.inbox.update(ws, s.id, { state: 'snoozed', snoozed_until: new Date(s.plan.snoozedUntil!).toISOString() });
  }
  await services.insights.facts.sweep(ws, { full: true });
  ctx.log.info({ workspaceId: ws, conversations: seeded.length, messages: messages.length }, 'demo conversations seeded');
  return seeded;
}
