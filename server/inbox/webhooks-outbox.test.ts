import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import type { BootResponse, Conversation, Created, Message } from '../../contracts/messenger.ts';
import type { Tag } from '../../contracts/inbox-tools.ts';
import type { Webhook } from '../../contracts/webhooks.ts';
import type { DomainEvent } from '../platform/bus.ts';
import { startReceiver, type Receiver } from '../platform/webhooks/testing.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, restClient, type RestClient, type TestWorkspace } from '../../test/factories.ts';

/**
 * The Inbox's webhooks commit with the change that produces them (the webhooks outbox). A node
 * that dies right after a commit runs nothing after it: here the bus is silenced for a while,
 * which is all a crash takes away (the events, and with them the creation of delivery jobs).
 * The sweep must then deliver every event, signed, to a real HTTP receiver.
 */

const SIX = ['conversation.created', 'message.created', 'conversation.assigned', 'conversation.closed', 'sla.breached', 'csat.submitted'];

let baton: TestBaton;
let ws: TestWorkspace;
let quiet: TestWorkspace;
let receiver: Receiver;
let hook: Webhook;
let api: RestClient;

beforeAll(async () => {
  receiver = await startReceiver();
  // The receiver listens on loopback, so private targets must be allowed here (see ssrf.test.ts).
  baton = await startBaton({ env: { WEBHOOKS_ALLOW_PRIVATE: '1', WEBHOOKS_RETRY_DELAY_SECONDS: '0' } });
  ws = await createWorkspace(baton, 'Outbox Co');
  quiet = await createWorkspace(baton, 'No hooks Co');
  api = restClient(baton, ws);
  const created = await api<Webhook>('POST', '/api/v1/webhooks', { url: receiver.url, event_types: SIX });
  expect(created.status).toBe(201);
  hook = created.body;
});
afterAll(async () => {
  await baton?.stop();
  await receiver?.close();
});

let ipCounter = 0;
async function visitor(w: TestWorkspace) {
  const ip = `10.77.0.${++ipCounter}`;
  const res = await baton.app.inject({ method: 'POST', url: '/widget/boot', payload: { app_id: w.writeKey }, remoteAddress: ip });
  expect(res.statusCode, res.body).toBe(200);
  const boot = res.json<BootResponse>();
  const headers = { 'x-baton-app': w.writeKey, 'x-baton-visitor': boot.visitor_token };
  return (method: 'POST', url: string, payload: object) => baton.app.inject({ method, url, headers, remoteAddress: ip, payload });
}

/** Runs `work` as on a node that dies after each commit: nothing published, so no delivery job created. */
async function crashingAfterCommit(work: () => Promise<void>) {
  const bus = baton.ctx.bus;
  const { publish, publishAll } = bus;
  await bus.drain();
  bus.publish = async () => undefined;
  bus.publishAll = async () => undefined;
  try {
    await work();
  } finally {
    bus.publish = publish;
    bus.publishAll = publishAll;
  }
}

const verified = () =>
  receiver.received.map((r) => ({
    id: r.headers['webhook-id'],
    payload: new StandardWebhook(hook.secret!).verify(r.body, r.headers) as { type: string; data: Record<string, unknown> },
  }));

describe('Inbox webhooks through the outbox', () => {
  it('delivers all six events of a conversation whose node died after every commit, from the sweep, signed', async () => {
    const asVisitor = await visitor(ws);
    let conversationId = '';
    await crashingAfterCommit(async () => {
      const started = await asVisitor('POST', '/widget/conversations', { body: 'My invoice is wrong', client_id: 'outbox-start-1' });
      expect(started.statusCode, started.body).toBe(201);
      conversationId = started.json<Created>().conversation.id;
      // The chat hot path: one statement writes the message and its delivery.
      const reply = await api<Message>('POST', `/api/v1/conversations/${conversationId}/messages`, { body: 'Looking into it' });
      expect(reply.status).toBe(201);
      expect((await api('PATCH', `/api/v1/conversations/${conversationId}`, { assignee_id: ws.owner.agentId })).status).toBe(200);
      const due = new Date(Date.now() - 60_000).toISOString();
      await baton.ctx.database.query(
        'insert into conversation_routing (workspace_id, conversation_id, resolution_due_at) values ($1, $2, $3)',
        [ws.workspaceId, conversationId, due],
      );
      expect(await baton.services.routing.sla.check(ws.workspaceId, conversationId, 'resolution', due)).toBe(true);
      expect((await api('PATCH', `/api/v1/conversations/${conversationId}`, { state: 'closed' })).status).toBe(200);
      const rated = await asVisitor('POST', `/widget/conversations/${conversationId}/csat`, { rating: 4, comment: 'Quick' });
      expect(rated.statusCode, rated.body).toBe(200);
    });

    const stored = await baton.ctx.database.query<{ event_type: string; undispatched: boolean }>(
      `select event_type, undispatched from webhook_deliveries where workspace_id = $1 and webhook_id = $2 order by id`,
      [ws.workspaceId, hook.id],
    );
    expect(stored.rows.map((r) => r.event_type).sort()).toEqual([...SIX, 'message.created'].sort());
    expect(stored.rows.every((r) => r.undispatched)).toBe(true);
    expect(receiver.received).toHaveLength(0);

    expect(await baton.services.webhooks.sweep(0)).toBe(7);
    await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(7);
    const got = verified();
    expect(got.map((g) => g.payload.type).sort()).toEqual([...SIX, 'message.created'].sort());
    const byType = (type: string) => got.filter((g) => g.payload.type === type).map((g) => g.payload.data);
    const conversationOf = (d: Record<string, unknown>) => (d.conversation as Conversation | undefined)?.id ?? d.conversation_id;
    expect(got.every((g) => conversationOf(g.payload.data) === conversationId)).toBe(true);
    expect(byType('message.created').map((d) => (d.message as Message).body).sort()).toEqual(['Looking into it', 'My invoice is wrong']);
    expect((byType('conversation.assigned')[0]!.conversation as Conversation).assignee_id).toBe(ws.owner.agentId);
    expect((byType('conversation.closed')[0]!.conversation as Conversation).state).toBe('closed');
    expect(byType('csat.submitted')[0]).toMatchObject({ rating: 4, comment: 'Quick' });
    expect(byType('sla.breached')[0]).toMatchObject({ kind: 'resolution' });

    // Handed over once: the sweep finds nothing left, and nothing arrives twice.
    expect(await baton.services.webhooks.sweep(0)).toBe(0);
    expect(new Set(got.map((g) => g.id)).size).toBe(7);
  });

  it('writes the hot path\'s message.created payload exactly as the event the node publishes', async () => {
    const asVisitor = await visitor(ws);
    const started = await asVisitor('POST', '/widget/conversations', { body: 'Hello', client_id: 'outbox-start-2' });
    const conversationId = started.json<Created>().conversation.id;
    const tag = await api<Tag>('POST', '/api/v1/tags', { name: 'billing' });
    expect(tag.status).toBe(201);
    expect((await api('PUT', `/api/v1/conversations/${conversationId}/tags/${tag.body.id}`)).status).toBe(200);
    await baton.ctx.bus.drain();
    const heard: DomainEvent[] = [];
    const off = baton.ctx.bus.onLocal('message.created', (e) => void heard.push(e));
    try {
      // An agent's reply through the dashboard: the author's name comes from the statement.
      const res = await baton.app.inject({
        method: 'POST',
        url: `/api/v1/conversations/${conversationId}/messages`,
        headers: ws.agentHeaders,
        payload: { body: 'We **fixed** it' },
      });
      expect(res.statusCode, res.body).toBe(201);
      await baton.ctx.bus.drain();
    } finally {
      off();
    }
    const event = heard.find((e) => (e.data.message as Message).body === 'We **fixed** it')!;
    expect((event.data.conversation as Conversation).tag_ids).toEqual([tag.body.id]);
    const [row] = (
      await baton.ctx.database.query<{ payload: { type: string; timestamp: string; data: unknown } }>(
        `select payload from webhook_deliveries where workspace_id = $1 and event_type = 'message.created' and payload->'data'->'message'->>'body' = $2`,
        [ws.workspaceId, 'We **fixed** it'],
      )
    ).rows;
    expect(row!.payload.data).toEqual(event.data);
    expect(row!.payload).toMatchObject({ type: 'message.created', timestamp: (event.data.message as Message).created_at });
  });

  it('writes no delivery for a workspace without webhooks', async () => {
    const asVisitor = await visitor(quiet);
    const started = await asVisitor('POST', '/widget/conversations', { body: 'Anyone?', client_id: 'outbox-quiet-1' });
    expect(started.statusCode).toBe(201);
    const reply = await restClient(baton, quiet)('POST', `/api/v1/conversations/${started.json<Created>().conversation.id}/messages`, { body: 'Yes' });
    expect(reply.status).toBe(201);
    const n = await baton.ctx.database.query<{ n: number }>('select count(*)::int as n from webhook_deliveries where workspace_id = $1', [quiet.workspaceId]);
    expect(n.rows[0]!.n).toBe(0);
  });
});
