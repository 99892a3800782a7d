import { expect } from 'vitest';
import type { Conversation } from '../contracts/messenger.ts';
import type { SlaPolicy } from '../contracts/routing.ts';
import type { TestBaton } from './harness.ts';
import type { TestWorkspace } from './factories.ts';

/**
 * A support history with planted effects, fed through the real paths: Segment identify/group for
 * people and their company plans, the REST API for conversations, agent replies and closes (as a
 * signed-in agent), the Inbox service as the verified customer for follow-ups and CSAT, routing
 * rules for teams and SLA policies. Only the clock is planted: after each conversation is played,
 * its timestamps are moved to the planned ones (the real path stamps `now`).
 *
 * Planted: premium customers (1-hour SLA) get first replies in 2–50 minutes except every tenth,
 * answered in 70–90; standard customers (8-hour SLA) in 30–600 minutes; a share of conversations
 * has a follow-up, a reopen, a rating; some stay unanswered. Every third customer answers an NPS
 * survey (through the guides service, as the Messenger does), premium ones more warmly.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type Tier = 'premium' | 'standard';
export interface PlannedMessage {
  author: 'contact' | 'agent';
  at: number;
}
export interface PlannedConversation {
  tier: Tier;
  createdAt: number;
  messages: PlannedMessage[];
  /** Times of each close, in order. */
  closes: number[];
  state: 'open' | 'closed';
  csat: number | null;
  /** The customer's answer to the NPS survey, given after the conversation's last message. */
  nps: { score: number; at: number } | null;
}

/** mulberry32: a tiny seeded PRNG so the plan is the same on every run. */
export function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SLA_MINUTES: Record<Tier, number> = { premium: 60, standard: 480 };

/** Whole minutes keep every planned duration exact in SQL and in JS. */
export function planSupport(seed: number, count: number, start: number, end: number): PlannedConversation[] {
  const rand = seeded(seed);
  const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const out: PlannedConversation[] = [];
  for (let i = 0; i < count; i++) {
    const tier: Tier = i % 2 === 0 ? 'premium' : 'standard';
    const createdAt = start + between(0, Math.floor((end - start) / MINUTE) - 2 * 24 * 60) * MINUTE;
    const messages: PlannedMessage[] = [{ author: 'contact', at: createdAt }];
    const closes: number[] = [];
    const unanswered = i % 9 === 4;
    let t = createdAt;
    if (!unanswered) {
      const frt = tier === 'premium' ? (i % 10 === 0 ? between(70, 90) : between(2, 50)) : between(30, 600);
      t += frt * MINUTE;
      messages.push({ author: 'agent', at: t });
      if (rand() < 0.35) {
        t += between(1, 30) * MINUTE;
        messages.push({ author: 'contact', at: t });
        t += between(5, 120) * MINUTE;
        messages.push({ author: 'agent', at: t });
      }
    }
    let state: 'open' | 'closed' = 'open';
    if (!unanswered && rand() < 0.8) {
      t += between(5, 240) * MINUTE;
      closes.push(t);
      state = 'closed';
      if (rand() < 0.2) {
        // The customer writes again (which reopens it); the agent answers and closes again, or not yet.
        t += between(60, 600) * MINUTE;
        messages.push({ author: 'contact', at: t });
        t += between(5, 60) * MINUTE;
        messages.push({ author: 'agent', at: t });
        state = 'open';
        if (rand() < 0.6) {
          t += between(5, 60) * MINUTE;
          closes.push(t);
          state = 'closed';
        }
      }
    }
    const csat = state === 'closed' && rand() < 0.6 ? (tier === 'premium' ? between(4, 5) : between(1, 5)) : null;
    // Every third customer answers the NPS survey; premium ones are promoters or passives.
    const score = tier === 'premium' ? [10, 9, 8, 10][i % 4]! : [3, 9, 6, 7, 10][i % 5]!;
    const nps = i % 3 === 0 ? { score, at: messages.at(-1)!.at + 30 * MINUTE } : null;
    out.push({ tier, createdAt, messages, closes, state, csat, nps });
  }
  return out;
}

export interface Generated {
  teams: Record<Tier, string>;
  policies: Record<Tier, SlaPolicy>;
  conversations: { id: string; plan: PlannedConversation }[];
}

/** Waits (up to 10 s) until `count` returns `want`: listeners run after the commit that triggers them. */
async function until(count: () => Promise<number>, want: number, what: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if ((await count()) === want) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const rowCount = (baton: TestBaton, table: string, id: string) => async () =>
  (await baton.ctx.database.query(`select 1 from ${table} where conversation_id = $1`, [id])).rows.length;

async function inject<T>(baton: TestBaton, method: string, url: string, headers: Record<string, string>, payload?: unknown) {
  const r = await baton.app.inject({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  expect(r.statusCode, `${method} ${url}: ${r.body}`).toBeLessThan(300);
  return (r.body ? r.json() : null) as T;
}

/** Teams, SLA policies and routing rules by company plan, then every planned conversation played and back-dated. */
export async function generateSupport(baton: TestBaton, ws: TestWorkspace, plans: PlannedConversation[]): Promise<Generated> {
  const bearer = { authorization: `Bearer ${ws.apiKey}` };
  const segment = { authorization: `Basic ${Buffer.from(`${ws.writeKey}:`).toString('base64')}` };
  const agent = ws.agentHeaders;
  const teams = {
    premium: (await baton.services.workspaces.teams.create(ws.workspaceId, { name: 'Premium desk' })).id,
    standard: (await baton.services.workspaces.teams.create(ws.workspaceId, { name: 'Standard desk' })).id,
  };
  const policy = (name: string, minutes: number) =>
    inject<SlaPolicy>(baton, 'POST', '/api/v1/sla-policies', bearer, { name, first_response_minutes: minutes });
  const policies = { premium: await policy('Premium: 1 hour', SLA_MINUTES.premium), standard: await policy('Standard: 8 hours', SLA_MINUTES.standard) };
  const onPlan = (plan: Tier) => ({ type: 'group', match: 'all', conditions: [{ type: 'field', field: 'company.plan', op: 'eq', value: plan }] });
  for (const tier of ['premium', 'standard'] as const) {
    await inject(baton, 'POST', '/api/v1/routing-rules', bearer, { name: tier, rule: onPlan(tier), team_id: teams[tier], sla_policy_id: policies[tier].id });
  }
  for (const tier of ['premium', 'standard'] as const) {
    await inject(baton, 'POST', '/v1/group', segment, { userId: `seed-${tier}`, groupId: `co-${tier}`, traits: { name: `${tier} Co`, plan: tier, mrr: tier === 'premium' ? 900 : 90 } });
  }

  const survey = await inject<{ id: string }>(baton, 'POST', '/api/v1/campaigns', bearer, {
    type: 'survey', name: 'Relationship NPS', trigger: { type: 'manual' },
    content: { en: { questions: [{ kind: 'nps', id: 'recommend', prompt: 'How likely are you to recommend us?' }, { kind: 'rating', id: 'docs', prompt: 'Rate the docs' }], thank_you: { title: 'Thanks' } } },
  });
  await inject(baton, 'POST', `/api/v1/campaigns/${survey.id}/start`, bearer);

  const out: Generated['conversations'] = [];
  for (const [i, plan] of plans.entries()) {
    const userId = `gen-${ws.workspaceId.slice(-6)}-${i}`;
    await inject(baton, 'POST', '/v1/identify', segment, { userId, traits: { email: `${userId}@example.test` } });
    await inject(baton, 'POST', '/v1/group', segment, { userId, groupId: `co-${plan.tier}` });
    const contact = await baton.ctx.database.query<{ id: string }>('select id from contacts where workspace_id = $1 and external_id = $2', [ws.workspaceId, userId]);
    const contactId = contact.rows[0]!.id;
    const viewer = { workspaceId: ws.workspaceId, visitorId: crypto.randomUUID(), contactId, verified: true, canChat: true };
    const customer = { kind: 'visitor' as const, viewer };
    const conv = await inject<Conversation>(baton, 'POST', '/api/v1/conversations', bearer, { contact_id: contactId, body: 'I need help' });
    // Routing runs after the conversation is created; the back-dating below must come after it.
    await until(rowCount(baton, 'conversation_routing', conv.id), 1, 'routing');

    let closes = 0;
    let closed = false;
    for (const m of plan.messages.slice(1)) {
      if (m.author === 'agent') {
        await inject(baton, 'POST', `/api/v1/conversations/${conv.id}/messages`, agent, { body: 'Here is how' });
        if (closes < plan.closes.length && plan.closes[closes]! < (plan.messages.find((n) => n.at > m.at)?.at ?? Infinity)) {
          await inject(baton, 'PATCH', `/api/v1/conversations/${conv.id}`, agent, { state: 'closed' });
          closes++;
          closed = true;
        }
      } else {
        await baton.services.inbox.send(ws.workspaceId, customer, conv.id, { body: closed ? 'It broke again' : 'One more thing' });
        closed = false;
      }
    }
    if (plan.csat !== null) await baton.services.inbox.rate(ws.workspaceId, conv.id, customer, { rating: plan.csat });
    if (plan.nps) {
      await baton.services.guides.answer(viewer, survey.id, { question_id: 'recommend', answer: plan.nps.score });
      // A scored answer to another question of the survey is not NPS.
      await baton.services.guides.answer(viewer, survey.id, { question_id: 'docs', answer: 1 });
      await baton.ctx.database.query('update survey_answers set answered_at = $3 where workspace_id = $1 and contact_id = $2', [ws.workspaceId, contactId, new Date(plan.nps.at).toISOString()]);
    }
    await until(rowCount(baton, 'conversation_closes', conv.id), closes, 'closes');
    expect(closes).toBe(plan.closes.length);
    await backdate(baton, ws.workspaceId, conv.id, plan);
    out.push({ id: conv.id, plan });
  }
  // The back-dating went behind the application's back (no domain event says so): the support
  // reports' facts rollup is rebuilt whole, as its daily sweep would.
  await baton.services.insights.facts.sweep(ws.workspaceId, { full: true });
  return { teams, policies, conversations: out };
}

async function backdate(baton: TestBaton, ws: string, id: string, plan: PlannedConversation) {
  const q = (text: string, values: unknown[]) => baton.ctx.database.query(text, values);
  const at = (t: number | undefined) => (t === undefined ? null : new Date(t).toISOString());
  for (const [i, m] of plan.messages.entries()) {
    await q('update messages set created_at = $4 where workspace_id = $1 and conversation_id = $2 and seq = $3', [ws, id, i + 1, at(m.at)]);
  }
  const firstAgent = plan.messages.find((m) => m.author === 'agent')?.at;
  const last = plan.messages.at(-1)!.at;
  await q(
    `update conversations set created_at = $3, first_response_at = $4, closed_at = $5, last_message_at = $6, updated_at = $6
     where workspace_id = $1 and id = $2`,
    [ws, id, at(plan.createdAt), at(firstAgent), plan.state === 'closed' ? at(plan.closes.at(-1)) : null, at(last)],
  );
  await q('delete from conversation_closes where workspace_id = $1 and conversation_id = $2', [ws, id]);
  for (const c of plan.closes) await q('insert into conversation_closes values ($1, $2, $3)', [ws, id, at(c)]);
  await q(
    `update conversation_routing set routed_at = $3, first_response_due_at = $3::timestamptz + (select first_response_minutes from sla_policies p
       where p.workspace_id = $1 and p.id = conversation_routing.sla_policy_id) * interval '1 minute'
     where workspace_id = $1 and conversation_id = $2`,
    [ws, id, at(plan.createdAt)],
  );
}

export { DAY, HOUR, MINUTE };

export interface OutcomePlan {
  perTier: number;
  mrr: Record<Tier, number>;
  /** How many of each tier cancel (MRR to 0 through the REST API) during the period. */
  churned: Record<Tier, number>;
  /** How many premium companies grow to `expandTo`, and standard ones shrink to `contractTo` (Segment traits). */
  expanded: number;
  expandTo: number;
  contracted: number;
  contractTo: number;
  signedUp: Date;
}

/**
 * Paying companies per tier through Segment `group` calls, signed up (company and first history
 * row moved back) at `signedUp`; then cancellations through REST and MRR changes through Segment,
 * which the history trigger records at their real time inside the period.
 */
export async function plantOutcomes(baton: TestBaton, ws: TestWorkspace, plan: OutcomePlan): Promise<void> {
  const segment = { authorization: `Basic ${Buffer.from(`${ws.writeKey}:`).toString('base64')}` };
  const bearer = { authorization: `Bearer ${ws.apiKey}` };
  for (const tier of ['premium', 'standard'] as const) {
    const batch = Array.from({ length: plan.perTier }, (_, i) => ({
      type: 'group', userId: `${tier}-user-${i}`, groupId: `${tier}-${i}`, traits: { name: `${tier} ${i}`, plan: tier, mrr: plan.mrr[tier] },
    }));
    await inject(baton, 'POST', '/v1/batch', segment, { batch });
  }
  const at = plan.signedUp.toISOString();
  await baton.ctx.database.query('update companies set created_at = $2 where workspace_id = $1', [ws.workspaceId, at]);
  await baton.ctx.database.query('update company_mrr_history set at = $2 where workspace_id = $1', [ws.workspaceId, at]);
  const idOf = async (externalId: string) =>
    (await baton.ctx.database.query<{ id: string }>('select id from companies where workspace_id = $1 and external_id = $2', [ws.workspaceId, externalId])).rows[0]!.id;
  for (const tier of ['premium', 'standard'] as const) {
    for (let i = 0; i < plan.churned[tier]; i++) {
      await inject(baton, 'PATCH', `/api/v1/companies/${await idOf(`${tier}-${i}`)}`, bearer, { mrr: 0, plan: 'cancelled' });
    }
  }
  const half = Math.floor(plan.perTier / 2);
  const changes = [
    ...Array.from({ length: plan.expanded }, (_, i) => ({ type: 'group', userId: `premium-user-${half + i}`, groupId: `premium-${half + i}`, traits: { mrr: plan.expandTo } })),
    ...Array.from({ length: plan.contracted }, (_, i) => ({ type: 'group', userId: `standard-user-${half + i}`, groupId: `standard-${half + i}`, traits: { mrr: plan.contractTo } })),
  ];
  if (changes.length) await inject(baton, 'POST', '/v1/batch', segment, { batch: changes });
}

export interface TicketVolumePlan {
  /** Monday 00:00 UTC of each planned week. */
  weeks: number[];
  /** When the onboarding campaign (with a control group) starts: 09:00 on the Monday of `startWeek`. */
  campaignStart: number;
  /** A second campaign, without a control group, live for a while before it. */
  webinar: { start: number; stop: number };
  /** `company` null: a contact of no company. */
  contacts: { userId: string; company: string | null }[];
  events: { contact: number; at: number; name: string }[];
  conversations: { contact: number; at: number }[];
}

/**
 * Weekly activity with a planted ticket drop: each week about three quarters of the contacts do
 * something (1–2 events), and active contacts open `before` conversations per head each week
 * until the onboarding campaign starts, `after` from its week on. Help deflections grow after
 * the start. Every time falls between Monday 12:00 and Sunday 23:00 UTC, after the campaign start.
 */
export function planTicketVolume(
  seed: number,
  o: { firstWeek: number; weeks: number; startWeek: number; contacts: number; before: number; after: number },
): TicketVolumePlan {
  const rand = seeded(seed);
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)]!;
  const inWeek = (w: number) => w + 12 * HOUR + Math.floor(rand() * (6 * 24 + 11)) * HOUR + Math.floor(rand() * 60) * MINUTE;
  const weeks = Array.from({ length: o.weeks }, (_, i) => o.firstWeek + i * 7 * DAY);
  const contacts = Array.from({ length: o.contacts }, (_, i) => ({ userId: `tv-${seed}-${i}`, company: i % 10 === 9 ? null : `tv-${seed}-co-${i % 8}` }));
  const events: TicketVolumePlan['events'] = [];
  const conversations: TicketVolumePlan['conversations'] = [];
  weeks.forEach((w, k) => {
    const active = contacts.map((_, i) => i).filter(() => rand() < 0.75);
    for (const i of active) for (let n = 1 + Math.floor(rand() * 2); n > 0; n--) events.push({ contact: i, at: inWeek(w), name: 'project_updated' });
    const rate = k < o.startWeek ? o.before : o.after;
    for (let n = Math.round(rate * active.length); n > 0; n--) conversations.push({ contact: pick(active), at: inWeek(w) });
    for (let n = 2 + (k >= o.startWeek ? 6 : 0) + Math.floor(rand() * 3); n > 0; n--) events.push({ contact: pick(active), at: inWeek(w), name: 'help_deflection' });
  });
  return {
    weeks,
    campaignStart: weeks[o.startWeek]! + 9 * HOUR,
    webinar: { start: weeks[1]! + 9 * HOUR, stop: weeks[2]! + 9 * HOUR },
    contacts,
    events,
    conversations,
  };
}

export interface PlantedTicketVolume {
  onboarding: { id: string; experimentId: string };
  webinar: { id: string };
}

/**
 * Feeds a ticket-volume plan through the real paths: Segment batches (identify, group, track with
 * the planned timestamps) for contacts, companies, activity and deflections; the REST API for
 * conversations and for creating, starting and pausing the campaigns (plus a survey, which is not
 * onboarding). Only the clock is planted: conversations and campaign runs are back-dated.
 */
export async function plantTicketVolume(baton: TestBaton, ws: TestWorkspace, plan: TicketVolumePlan): Promise<PlantedTicketVolume> {
  const segment = { authorization: `Basic ${Buffer.from(`${ws.writeKey}:`).toString('base64')}` };
  const bearer = { authorization: `Bearer ${ws.apiKey}` };
  const q = (text: string, values: unknown[]) => baton.ctx.database.query(text, values);
  const people = plan.contacts.flatMap((c) => [
    { type: 'identify', userId: c.userId, traits: { email: `${c.userId}@example.test` } },
    ...(c.company ? [{ type: 'group', userId: c.userId, groupId: c.company, traits: { name: c.company } }] : []),
  ]);
  const tracks = plan.events.map((e) => ({ type: 'track', userId: plan.contacts[e.contact]!.userId, event: e.name, timestamp: new Date(e.at).toISOString(), properties: {} }));
  for (const batch of [people, ...Array.from({ length: Math.ceil(tracks.length / 500) }, (_, i) => tracks.slice(i * 500, i * 500 + 500))]) {
    await inject(baton, 'POST', '/v1/batch', segment, { batch });
  }
  const ids = await q('select id, external_id from contacts where workspace_id = $1', [ws.workspaceId]);
  const idOf = new Map((ids.rows as { id: string; external_id: string }[]).map((r) => [r.external_id, r.id]));
  for (const c of plan.conversations) {
    const conv = await inject<Conversation>(baton, 'POST', '/api/v1/conversations', bearer, { contact_id: idOf.get(plan.contacts[c.contact]!.userId), body: 'How do I set this up?' });
    const at = new Date(c.at).toISOString();
    await q('update conversations set created_at = $3, last_message_at = $3, updated_at = $3 where workspace_id = $1 and id = $2', [ws.workspaceId, conv.id, at]);
    await q('update messages set created_at = $3 where workspace_id = $1 and conversation_id = $2', [ws.workspaceId, conv.id, at]);
  }
  const campaign = (name: string, extra: Record<string, unknown>) =>
    inject<{ id: string }>(baton, 'POST', '/api/v1/campaigns', bearer, {
      type: 'banner', name, trigger: { type: 'page_view', delay_seconds: 0 }, content: { en: { body: `${name}!` } }, ...extra,
    });
  const onboarding = await campaign('Getting started', { control_pct: 20, goal: { event: 'project_created', within_days: 14 } });
  const webinar = await campaign('Webinar invite', {});
  const survey = await inject<{ id: string }>(baton, 'POST', '/api/v1/campaigns', bearer, {
    type: 'survey', name: 'How likely', trigger: { type: 'page_view', delay_seconds: 0 },
    content: { en: { questions: [{ kind: 'nps', id: 'nps', prompt: 'Recommend us?' }], thank_you: { title: 'Thanks' } } },
  });
  for (const id of [webinar.id, onboarding.id, survey.id]) await inject(baton, 'POST', `/api/v1/campaigns/${id}/start`, bearer);
  await inject(baton, 'POST', `/api/v1/campaigns/${webinar.id}/pause`, bearer);
  const backdate = (id: string, start: number, stop: number | null) =>
    Promise.all([
      q('update campaigns set started_at = $3 where workspace_id = $1 and id = $2', [ws.workspaceId, id, new Date(start).toISOString()]),
      q('update campaign_runs set started_at = $3, stopped_at = $4 where workspace_id = $1 and campaign_id = $2', [
        ws.workspaceId, id, new Date(start).toISOString(), stop === null ? null : new Date(stop).toISOString(),
      ]),
    ]);
  await backdate(onboarding.id, plan.campaignStart, null);
  await backdate(webinar.id, plan.webinar.start, plan.webinar.stop);
  await backdate(survey.id, plan.webinar.start, null);
  const [row] = (await q('select experiment_id from campaigns where workspace_id = $1 and id = $2', [ws.workspaceId, onboarding.id])).rows as { experiment_id: string }[];
  return { onboarding: { id: onboarding.id, experimentId: row!.experiment_id }, webinar: { id: webinar.id } };
}
