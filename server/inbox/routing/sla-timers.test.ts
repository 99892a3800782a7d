import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import type { Contact } from '../../../contracts/contacts.ts';
import type { Conversation, ConversationPage } from '../../../contracts/messenger.ts';
import type { ConversationRouting, OfficeHours, SlaPolicy } from '../../../contracts/routing.ts';
import type { Webhook } from '../../../contracts/webhooks.ts';
import { startBaton, type TestBaton } from '../../../test/harness.ts';
import { createWorkspace, restClient, type RestClient, type TestWorkspace } from '../../../test/factories.ts';
import { startReceiver, type Receiver } from '../../platform/webhooks/testing.ts';
import { DELIVERY_QUEUE } from '../../platform/webhooks/service.ts';
import { SLA_CHECK_QUEUE } from './sla-timers.ts';

/**
 * Next-response and resolution targets and their breaches. Time is moved by rewriting a due
 * time into the past and running the check job (or the sweep) explicitly, never by waiting.
 */
let baton: TestBaton;
let ws: TestWorkspace;
let api: RestClient;
let receiver: Receiver;
let hook: Webhook;
let policy: SlaPolicy;

beforeAll(async () => {
  receiver = await startReceiver();
  // The receiver listens on loopback, so private targets must be allowed (see ssrf.test.ts).
  baton = await startBaton({ env: { WEBHOOKS_ALLOW_PRIVATE: '1', WEBHOOKS_RETRY_DELAY_SECONDS: '0' } });
  ws = await createWorkspace(baton, 'SLA timers');
  api = restClient(baton, ws);
  hook = (await api<Webhook>('POST', '/api/v1/webhooks', { url: receiver.url, event_types: ['sla.breached'] })).body;
  policy = (await api<SlaPolicy>('POST', '/api/v1/sla-policies', {
    name: 'All targets', first_response_minutes: 60, next_response_minutes: 5, resolution_minutes: 120,
  })).body;
  await api('POST', '/api/v1/routing-rules', {
    name: 'Everyone', rule: { type: 'group', match: 'all', conditions: [] }, sla_policy_id: policy.id,
  });
});
afterAll(async () => {
  await baton?.stop();
  await receiver?.close();
});

async function newConversation(attributes: Record<string, unknown> = {}) {
  const contact = (await api<Contact>('POST', '/api/v1/contacts', { email: `${crypto.randomUUID()}@example.test`, attributes })).body;
  const conversation = (await api<Conversation>('POST', '/api/v1/conversations', { contact_id: contact.id, body: 'Hello' })).body;
  return { contact, conversation };
}
const routing = async (id: string) => (await api<ConversationRouting>('GET', `/api/v1/conversations/${id}/routing`)).body;
const atRiskIds = async () =>
  (await api<ConversationPage>('GET', '/api/v1/conversations?state=open&sla=at_risk&limit=100')).body.data.map((c) => c.id);
const agentReply = (id: string, body: string) =>
  baton.services.inbox.send(ws.workspaceId, { kind: 'agent', agentId: ws.owner.agentId }, id, { body });
const customerWrites = (contactId: string, id: string, body: string) =>
  baton.services.inbox.send(
    ws.workspaceId,
    { kind: 'visitor', viewer: { workspaceId: ws.workspaceId, visitorId: crypto.randomUUID(), contactId, verified: true, canChat: true } },
    id,
    { body },
  );

describe('SLA timers', () => {
  it('policies take next-response and resolution targets, and refuse bad ones naming the field', async () => {
    expect(policy).toMatchObject({ next_response_minutes: 5, resolution_minutes: 120 });
    const plain = (await api<SlaPolicy>('POST', '/api/v1/sla-policies', { name: 'First only', first_response_minutes: 10 })).body;
    expect(plain).toMatchObject({ next_response_minutes: null, resolution_minutes: null });
    const bad = async (body: unknown, field: string) => {
      const res = await api<{ errors: { field: string }[] }>('POST', '/api/v1/sla-policies', body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.errors[0]!.field).toBe(field);
    };
    await bad({ name: 'x', first_response_minutes: 5, next_response_minutes: 0 }, 'body.next_response_minutes');
    await bad({ name: 'x', first_response_minutes: 5, resolution_minutes: 1.5 }, 'body.resolution_minutes');
    const names = (await api<{ data: SlaPolicy[] }>('GET', '/api/v1/sla-policies')).body.data.map((p) => p.name);
    expect(names).not.toContain('x');
  });

  it('starts the resolution clock at creation and the next-response clock when the customer writes after a reply', async () => {
    const { contact, conversation } = await newConversation();
    await expect.poll(async () => (await routing(conversation.id)).resolution_due_at).toBe(
      new Date(Date.parse(conversation.created_at) + 120 * 60_000).toISOString(),
    );
    expect((await routing(conversation.id)).next_response_due_at).toBeNull();

    await agentReply(conversation.id, 'Hi, how can I help?');
    await expect.poll(async () => (await routing(conversation.id)).sla_status).toBe('met');
    const sent = await customerWrites(contact.id, conversation.id, 'It still fails');
    const expected = new Date(sent.message.createdAt.getTime() + 5 * 60_000).toISOString();
    await expect.poll(async () => (await routing(conversation.id)).next_response_due_at).toBe(expected);
    // Five minutes to the next reply is inside the at-risk window; the first response alone no longer counts.
    expect(await atRiskIds()).toContain(conversation.id);

    await agentReply(conversation.id, 'Fixed now');
    await expect.poll(async () => (await routing(conversation.id)).next_response_due_at).toBeNull();
    expect(await atRiskIds()).not.toContain(conversation.id);
  });

  it('marks a missed resolution once, however often it is checked, and delivers sla.breached signed', async () => {
    const { conversation } = await newConversation();
    await expect.poll(async () => (await routing(conversation.id)).resolution_due_at).not.toBeNull();
    const due = new Date(Date.now() - 60_000).toISOString();
    await baton.ctx.database.query('update conversation_routing set resolution_due_at = $1 where conversation_id = $2', [due, conversation.id]);

    const job = { ws: ws.workspaceId, conversationId: conversation.id, kind: 'resolution', dueAt: due };
    const ids = [await baton.ctx.jobs.send(SLA_CHECK_QUEUE, job), await baton.ctx.jobs.send(SLA_CHECK_QUEUE, job)];
    const stateOf = async (id: string | null) =>
      (await baton.ctx.database.query<{ state: string }>('select state from pgboss.job where id = $1', [id])).rows[0]?.state;
    for (const id of ids) await expect.poll(() => stateOf(id), { timeout: 20_000 }).toBe('completed');
    expect(await baton.services.routing.sla.sweep()).toBe(0);
    expect(await baton.services.routing.sla.check(ws.workspaceId, conversation.id, 'resolution', due)).toBe(false);

    const { breaches } = await routing(conversation.id);
    expect(breaches).toEqual([{ kind: 'resolution', due_at: due, breached_at: expect.any(String) }]);

    const delivered = () =>
      receiver.received.filter((r) => r.body.includes(conversation.id)).map((r) => new StandardWebhook(hook.secret!).verify(r.body, r.headers));
    await expect.poll(() => delivered().length, { timeout: 20_000 }).toBe(1);
    expect(delivered()[0]).toMatchObject({
      type: 'sla.breached',
      data: { conversation_id: conversation.id, kind: 'resolution', due_at: due, sla_policy_id: policy.id },
    });
  });

  it('writes the sla.breached delivery with the breach: a node stopping after the commit loses neither', async () => {
    const { conversation } = await newConversation();
    await expect.poll(async () => (await routing(conversation.id)).resolution_due_at).not.toBeNull();
    const due = new Date(Date.now() - 60_000).toISOString();
    await baton.ctx.database.query('update conversation_routing set resolution_due_at = $1 where conversation_id = $2', [due, conversation.id]);
    // The node "stops" right after the commit: creating the delivery job fails.
    const send = baton.ctx.jobs.send.bind(baton.ctx.jobs);
    baton.ctx.jobs.send = async (name, data, opts) => {
      if (name === DELIVERY_QUEUE) throw new Error('node stopped');
      return send(name, data, opts);
    };
    try {
      expect(await baton.services.routing.sla.check(ws.workspaceId, conversation.id, 'resolution', due)).toBe(true);
      // The jobs are created after the commit, off the check's path.
      await baton.ctx.bus.drain();
    } finally {
      baton.ctx.jobs.send = send;
    }
    const stored = await baton.ctx.database.query<{ undispatched: boolean; n: string }>(
      `select d.undispatched, (select count(*) from sla_breaches b where b.conversation_id = $1) as n
       from webhook_deliveries d where d.webhook_id = $2 and d.payload->'data'->>'conversation_id' = $1::text`,
      [conversation.id, hook.id],
    );
    expect(stored.rows.map((r) => [r.undispatched, Number(r.n)])).toEqual([[true, 1]]);

    expect(await baton.services.webhooks.sweep(0)).toBeGreaterThanOrEqual(1);
    const delivered = () => receiver.received.filter((r) => r.body.includes(conversation.id));
    await expect.poll(() => delivered().length, { timeout: 20_000 }).toBe(1);
    expect(await baton.services.webhooks.sweep(0)).toBe(0);
    expect(delivered()).toHaveLength(1);
  });

  it('the sweep marks a breach whose job was lost; closing stops the clocks', async () => {
    const { conversation } = await newConversation();
    await expect.poll(async () => (await routing(conversation.id)).resolution_due_at).not.toBeNull();
    const due = new Date(Date.now() - 60_000).toISOString();
    await baton.ctx.database.query('update conversation_routing set resolution_due_at = $1 where conversation_id = $2', [due, conversation.id]);
    // The minutely sweep job may get there first; either way the breach is marked once.
    await baton.services.routing.sla.sweep();
    expect((await routing(conversation.id)).breaches.map((b) => b.kind)).toEqual(['resolution']);
    expect(await baton.services.routing.sla.sweep()).toBe(0);

    const closed = await newConversation();
    await expect.poll(async () => (await routing(closed.conversation.id)).resolution_due_at).not.toBeNull();
    await api('PATCH', `/api/v1/conversations/${closed.conversation.id}`, { state: 'closed' });
    await expect.poll(async () => (await routing(closed.conversation.id)).resolution_due_at).toBeNull();
    await api('PATCH', `/api/v1/conversations/${closed.conversation.id}`, { state: 'open' });
    await expect.poll(async () => (await routing(closed.conversation.id)).resolution_due_at).not.toBeNull();
  });

  it('counts resolution in business hours when the team has office hours', async () => {
    // Closed for the next seven days, whatever time the test runs: Almaty is UTC+5 all year.
    const startedAt = Date.now();
    const almatyDay = (days: number) => new Date(startedAt + 5 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
    const team = await baton.services.workspaces.teams.create(ws.workspaceId, { name: 'Almaty' });
    const hours: OfficeHours = {
      time_zone: 'Asia/Almaty',
      weekly: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '09:00', end: '17:00' })),
      holidays: [0, 1, 2, 3, 4, 5, 6].map(almatyDay),
    };
    expect((await api('PUT', `/api/v1/teams/${team.id}/office-hours`, hours)).status).toBe(200);
    const business = (await api<SlaPolicy>('POST', '/api/v1/sla-policies', {
      name: 'Business', first_response_minutes: 60, resolution_minutes: 30, business_hours: true,
    })).body;
    const rule = (await api<{ id: string }>('POST', '/api/v1/routing-rules', {
      name: 'Almaty', rule: { type: 'group', match: 'all', conditions: [{ type: 'field', field: 'attributes.city', op: 'eq', value: 'almaty' }] },
      team_id: team.id, sla_policy_id: business.id,
    })).body;
    const order = (await api<{ data: { id: string }[] }>('GET', '/api/v1/routing-rules')).body.data.map((r) => r.id);
    await api('PUT', '/api/v1/routing-rules/order', { ids: [rule.id, ...order.filter((id) => id !== rule.id)] });

    const { conversation } = await newConversation({ city: 'almaty' });
    await expect.poll(async () => (await routing(conversation.id)).resolution_due_at).toBe(
      new Date(Date.parse(`${almatyDay(7)}T04:00:00Z`) + 30 * 60_000).toISOString(),
    );
  });
});
