import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '../../../contracts/contacts.ts';
import type { Conversation } from '../../../contracts/messenger.ts';
import type { RoutingRule, SlaPolicy, SlaStats } from '../../../contracts/routing.ts';
import { startBaton, type TestBaton } from '../../../test/harness.ts';
import { createWorkspace, restClient, type RestClient, type TestWorkspace } from '../../../test/factories.ts';
import { ROUTING_SWEEP_QUEUE } from './service.ts';

let baton: TestBaton;
let ws: TestWorkspace;
let api: RestClient;
let realtime: { id: string };
let twoMinutes: SlaPolicy;
let oneHour: SlaPolicy;

const everyone = { type: 'group', match: 'all', conditions: [] } as const;
const trials = { type: 'group', match: 'all', conditions: [{ type: 'field', field: 'attributes.plan', op: 'eq', value: 'trial' }] } as const;

async function conversationOf(attributes: Record<string, unknown>) {
  const contact = (await api<Contact>('POST', '/api/v1/contacts', { email: `${crypto.randomUUID()}@example.test`, attributes })).body;
  const conv = await api<Conversation>('POST', '/api/v1/conversations', { contact_id: contact.id, body: 'Hello, I need help' });
  expect(conv.status, JSON.stringify(conv.body)).toBe(201);
  return { contact, conversation: conv.body };
}
const routingOf = async (conversationId: string) =>
  (
    await baton.ctx.database.query<{ rule_id: string | null; sla_policy_id: string | null; first_response_due_at: Date | null }>(
      'select rule_id, sla_policy_id, first_response_due_at from conversation_routing where conversation_id = $1',
      [conversationId],
    )
  ).rows[0];
const teamOf = async (conversationId: string) => (await api<Conversation>('GET', `/api/v1/conversations/${conversationId}`)).body.team_id;

beforeAll(async () => {
  baton = await startBaton();
  ws = await createWorkspace(baton, 'Routed');
  api = restClient(baton, ws);
  realtime = await baton.services.workspaces.teams.create(ws.workspaceId, { name: 'Real-time' });
  twoMinutes = (await api<SlaPolicy>('POST', '/api/v1/sla-policies', { name: 'Real-time: 2 minutes', first_response_minutes: 2 })).body;
  oneHour = (await api<SlaPolicy>('POST', '/api/v1/sla-policies', { name: 'Standard: 1 hour', first_response_minutes: 60 })).body;
});
afterAll(() => baton?.stop());

describe('routing and SLA policies', () => {
  it('sends trial customers to the real-time team under the 2-minute policy, everyone else under 1 hour', async () => {
    const first = await api<RoutingRule>('POST', '/api/v1/routing-rules', {
      name: 'Trials → real-time', rule: trials, team_id: realtime.id, sla_policy_id: twoMinutes.id,
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    await api('POST', '/api/v1/routing-rules', { name: 'Everyone', rule: everyone, sla_policy_id: oneHour.id });

    const trial = await conversationOf({ plan: 'trial' });
    await expect.poll(() => teamOf(trial.conversation.id)).toBe(realtime.id);
    const routed = await routingOf(trial.conversation.id);
    expect(routed).toMatchObject({ rule_id: first.body.id, sla_policy_id: twoMinutes.id });
    expect(routed!.first_response_due_at!.getTime() - Date.parse(trial.conversation.created_at)).toBe(2 * 60_000);

    const pro = await conversationOf({ plan: 'pro' });
    await expect.poll(async () => (await routingOf(pro.conversation.id))?.sla_policy_id).toBe(oneHour.id);
    expect(await teamOf(pro.conversation.id)).toBeNull();
  });

  it('applies a rule behind a flag only to the experiment arm where it is on, recording exposure for them', async () => {
    const created = await api<{ id: string }>('POST', '/api/v1/experiments', {
      key: 'realtime-chat', name: 'Real-time chat for new sign-ups', flag_key: 'routing.realtime', unit: 'contact',
      variants: [{ key: 'control', weight: 1, value: false }, { key: 'realtime', weight: 1, value: true }],
      registration: {
        hypotheses: [{ text: 'Real-time answers raise trials', metric: 'trial', direction: 'increase' }],
        metrics: [{ key: 'trial', label: 'Started a trial', kind: 'conversion', event: 'trial_started' }],
        primary_metric: 'trial', mode: 'fixed', planned_units_per_arm: 100,
      },
    });
    expect((await api('POST', `/api/v1/experiments/${created.body.id}/start`)).status).toBe(200);
    const rules = (await api<{ data: RoutingRule[] }>('GET', '/api/v1/routing-rules')).body.data;
    await api('PATCH', `/api/v1/routing-rules/${rules[0]!.id}`, { flag_key: 'routing.realtime' });

    const arms = { realtime: 0, control: 0 };
    for (let i = 0; i < 12; i++) {
      const { contact, conversation } = await conversationOf({ plan: 'trial' });
      const flag = (await api<{ flags: Record<string, { value: unknown }> }>('POST', '/api/v1/flags/evaluate', { units: { contact: contact.id }, flags: ['routing.realtime'] })).body.flags['routing.realtime']!;
      await expect.poll(async () => (await routingOf(conversation.id))?.sla_policy_id).toBe(flag.value ? twoMinutes.id : oneHour.id);
      arms[flag.value ? 'realtime' : 'control']++;
    }
    expect(arms.realtime).toBeGreaterThan(0);
    expect(arms.control).toBeGreaterThan(0);
    const exposures = await baton.ctx.database.query<{ n: string }>('select count(*) as n from experiment_exposures where experiment_id = $1', [created.body.id]);
    expect(Number(exposures.rows[0]!.n)).toBe(12);
  });

  it('reports first-response results per policy', async () => {
    const { conversation } = await conversationOf({ plan: 'pro' });
    await expect.poll(async () => (await routingOf(conversation.id))?.sla_policy_id).toBe(oneHour.id);
    // An agent's reply (a bot's, from an API key, is not a first response).
    const reply = await baton.app.inject({
      method: 'POST', url: `/api/v1/conversations/${conversation.id}/messages`, headers: ws.agentHeaders, payload: { body: 'Here to help!' },
    });
    expect(reply.statusCode).toBe(201);
    expect((await api<{ sla_status: string; sla_policy_name: string }>('GET', `/api/v1/conversations/${conversation.id}/routing`)).body).toMatchObject({
      sla_status: 'met', sla_policy_name: 'Standard: 1 hour', rule_name: 'Everyone',
    });
    const stats = (await api<SlaStats>('GET', `/api/v1/sla-policies/${oneHour.id}/stats`)).body;
    expect(stats.conversations).toBeGreaterThanOrEqual(2);
    expect(stats.responded).toBe(1);
    expect(stats.within_target).toBe(1);
    expect(stats.breached_open).toBe(0);
    expect(stats.attainment).toBe(1);
    expect(stats.median_first_response_seconds).toBeGreaterThanOrEqual(0);
    expect(stats.median_first_response_seconds).toBeLessThan(60);
  });

  it('routes conversations a stopped node left unrouted from the sweep, once', async () => {
    const { conversation } = await conversationOf({ plan: 'pro' });
    await expect.poll(() => routingOf(conversation.id)).toBeDefined();
    await baton.ctx.database.query('delete from conversation_routing where conversation_id = $1', [conversation.id]);
    await baton.ctx.database.query(`update conversations set created_at = now() - interval '2 minutes' where id = $1`, [conversation.id]);
    await baton.ctx.jobs.send(ROUTING_SWEEP_QUEUE, {});
    await expect.poll(async () => (await routingOf(conversation.id))?.sla_policy_id, { timeout: 20_000 }).toBe(oneHour.id);
    expect(await baton.services.routing.route(ws.workspaceId, conversation.id)).toBeNull();
  });

  it('matches on channel, marks priority and tags the conversation', async () => {
    const tag = (await api<{ id: string }>('POST', '/api/v1/tags', { name: 'VIP e-mail' })).body;
    const rule = await api<RoutingRule>('POST', '/api/v1/routing-rules', {
      name: 'API enterprise', rule: { type: 'group', match: 'all', conditions: [{ type: 'field', field: 'attributes.plan', op: 'eq', value: 'enterprise' }] },
      channels: ['api'], priority: true, tag_ids: [tag.id],
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    expect(rule.body).toMatchObject({ channels: ['api'], priority: true, tag_ids: [tag.id] });
    const rules = (await api<{ data: RoutingRule[] }>('GET', '/api/v1/routing-rules')).body.data;
    await api('PUT', '/api/v1/routing-rules/order', { ids: [rule.body.id, ...rules.map((r) => r.id).filter((id) => id !== rule.body.id)] });

    const { conversation } = await conversationOf({ plan: 'enterprise' });
    await expect.poll(async () => (await routingOf(conversation.id))?.rule_id).toBe(rule.body.id);
    await expect.poll(async () => (await api<Conversation>('GET', `/api/v1/conversations/${conversation.id}`)).body).toMatchObject({
      priority: true, tag_ids: [tag.id],
    });

    // Only for the API channel: the same customer by e-mail falls through to the next rule.
    await api('PATCH', `/api/v1/routing-rules/${rule.body.id}`, { channels: ['email'] });
    const other = await conversationOf({ plan: 'enterprise' });
    await expect.poll(async () => (await routingOf(other.conversation.id))?.rule_id).not.toBeUndefined();
    expect((await routingOf(other.conversation.id))?.rule_id).not.toBe(rule.body.id);
    expect((await api<Conversation>('GET', `/api/v1/conversations/${other.conversation.id}`)).body.priority).toBe(false);

    // An agent can unmark it.
    expect((await api<Conversation>('PATCH', `/api/v1/conversations/${conversation.id}`, { priority: false })).body.priority).toBe(false);
    await api('DELETE', `/api/v1/routing-rules/${rule.body.id}`);
  });

  it('reorders rules, and refuses what cannot work, naming the field', async () => {
    const rules = (await api<{ data: RoutingRule[] }>('GET', '/api/v1/routing-rules')).body.data;
    const reordered = await api<{ data: RoutingRule[] }>('PUT', '/api/v1/routing-rules/order', { ids: rules.map((r) => r.id).reverse() });
    expect(reordered.body.data.map((r) => r.name)).toEqual(['Everyone', 'Trials → real-time']);
    const bad = async (method: string, url: string, body: unknown, field: string) => {
      const res = await api<{ errors: { field: string }[] }>(method, url, body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.errors[0]!.field).toBe(field);
    };
    await bad('PUT', '/api/v1/routing-rules/order', { ids: [rules[0]!.id] }, 'ids');
    expect((await api('GET', `/api/v1/conversations/${crypto.randomUUID()}/routing`)).status).toBe(404);
    await bad('POST', '/api/v1/routing-rules', { name: 'x', rule: everyone, team_id: crypto.randomUUID() }, 'team_id');
    await bad('POST', '/api/v1/routing-rules', { name: 'x', rule: everyone, sla_policy_id: crypto.randomUUID() }, 'sla_policy_id');
    await bad('POST', '/api/v1/routing-rules', { name: 'x', rule: { type: 'group', match: 'all', conditions: [{ type: 'field', field: 'nope', op: 'eq', value: 1 }] } }, 'rule.conditions.0.field');
    await bad('POST', '/api/v1/sla-policies', { name: 'x', first_response_minutes: 0 }, 'body.first_response_minutes');
    await bad('POST', '/api/v1/routing-rules', { name: 'x', rule: everyone, tag_ids: [crypto.randomUUID()] }, 'tag_ids.0');
    await bad('POST', '/api/v1/routing-rules', { name: 'x', rule: everyone, channels: ['fax'] }, 'body.channels.0');
    const other = await createWorkspace(baton, 'Other');
    const res = await baton.app.inject({ url: `/api/v1/sla-policies/${oneHour.id}/stats`, headers: { authorization: `Bearer ${other.apiKey}` } });
    expect(res.statusCode).toBe(404);
  });
});
