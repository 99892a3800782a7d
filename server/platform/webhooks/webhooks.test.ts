import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Webhook as StandardWebhook, WebhookVerificationError } from 'standardwebhooks';
import type { DeliveryPage, Webhook, WebhookDelivery } from '../../../contracts/webhooks.ts';
import { startBaton, type TestBaton } from '../../../test/harness.ts';
import { createWorkspace, type TestWorkspace } from '../../../test/factories.ts';
import { createSession } from '../auth/sessions.ts';
import { domainEvent } from '../context.ts';
import { newId } from '../ids.ts';
import { agents, memberships } from '../../workspaces/schema.ts';
import { webhookDeliveries } from './schema.ts';
import { DELIVERY_LOG_DAYS } from './service.ts';
import { startReceiver, waitFor, type Receiver } from './testing.ts';

let baton: TestBaton;
let ws: TestWorkspace;
let other: TestWorkspace;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  // The receiver listens on loopback, so private targets must be allowed here (see ssrf.test.ts).
  baton = await startBaton({ env: { WEBHOOKS_ALLOW_PRIVATE: '1', WEBHOOKS_RETRY_DELAY_SECONDS: '0' } });
  ws = await createWorkspace(baton, 'Hooks');
  other = await createWorkspace(baton, 'Other');
});
afterAll(async () => {
  await baton?.stop();
  await receiver?.close();
});

const api = (key: string) => ({ authorization: `Bearer ${key}` });

async function createHook(eventTypes: string[], key = ws.apiKey): Promise<Webhook> {
  const r = await baton.app.inject({
    method: 'POST',
    url: '/api/v1/webhooks',
    headers: api(key),
    payload: { url: receiver.url, description: 'test receiver', event_types: eventTypes },
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}

async function deliveries(hookId: string, headers = api(ws.apiKey)): Promise<WebhookDelivery[]> {
  const r = await baton.app.inject({ url: `/api/v1/webhooks/${hookId}/deliveries`, headers });
  expect(r.statusCode, r.body).toBe(200);
  return (r.json() as DeliveryPage).data;
}

const publish = (type: string, workspaceId: string, data: Record<string, unknown>) =>
  baton.ctx.bus.publish(domainEvent(type, workspaceId, data));

const receivedFor = (deliveryId: string) => receiver.received.filter((r) => r.headers['webhook-id'] === deliveryId);

describe('webhooks', () => {
  it('lists the event types a webhook can subscribe to', async () => {
    const r = await baton.app.inject({ url: '/api/app/webhook-event-types', headers: ws.agentHeaders });
    expect(r.statusCode).toBe(200);
    expect(r.json().map((t: { type: string }) => t.type)).toEqual(
      expect.arrayContaining(['contact.created', 'contact.updated', 'contact.deleted', 'company.created', 'company.updated', 'event.tracked']),
    );
  });

  it('delivers a subscribed event signed per Standard Webhooks, and nothing else', async () => {
    const hook = await createHook(['contact.created']);
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);

    await publish('company.updated', ws.workspaceId, { company: { id: 'c1' } });
    await publish('contact.created', other.workspaceId, { contact: { id: 'elsewhere' } });
    await publish('contact.created', ws.workspaceId, { contact: { id: 'p1', email: 'ann@example.test' } });

    const [delivery] = await waitFor(async () => {
      const list = await deliveries(hook.id);
      return list.length && list[0]!.status === 'succeeded' ? list : null;
    }, 'the delivery to succeed');
    const all = await deliveries(hook.id);
    expect(all.map((d) => d.event_type)).toEqual(['contact.created']);
    expect(delivery).toMatchObject({ attempts: 1, last_status_code: 200, last_error: null });

    const [got] = receivedFor(delivery!.id);
    expect(got!.headers['content-type']).toBe('application/json');
    const verified = new StandardWebhook(hook.secret!).verify(got!.body, got!.headers);
    expect(verified).toMatchObject({ type: 'contact.created', data: { contact: { id: 'p1', email: 'ann@example.test' } } });
    expect(new Date((verified as { timestamp: string }).timestamp).toString()).not.toBe('Invalid Date');
    expect(() => new StandardWebhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(got!.body, got!.headers)).toThrow(
      WebhookVerificationError,
    );
  });

  it('retries after the receiver answers 500, with the same id and a valid signature', async () => {
    const hook = await createHook(['event.tracked']);
    let failures = 0;
    receiver.respond = (req) => (JSON.parse(req.body).type === 'event.tracked' && failures++ === 0 ? 500 : undefined);
    await publish('event.tracked', ws.workspaceId, { event: { id: 'e1', name: 'signed_up' } });

    const delivery = await waitFor(async () => {
      const [d] = await deliveries(hook.id);
      return d?.status === 'succeeded' ? d : null;
    }, 'the retried delivery to succeed');
    expect(delivery).toMatchObject({ attempts: 2, last_status_code: 200 });
    const attempts = receivedFor(delivery.id);
    expect(attempts).toHaveLength(2);
    for (const a of attempts) {
      expect(new StandardWebhook(hook.secret!).verify(a.body, a.headers)).toMatchObject({ type: 'event.tracked' });
    }
  });

  it('records the failure of an attempt in the delivery log', async () => {
    const hook = await createHook(['contact.deleted']);
    receiver.respond = (req) => (JSON.parse(req.body).type === 'contact.deleted' ? 503 : undefined);
    await publish('contact.deleted', ws.workspaceId, { contact: { id: 'gone' } });
    // Nine attempts through the job queue, each waiting for its poll: slow on a loaded machine.
    const failed = await waitFor(async () => {
      const [d] = await deliveries(hook.id);
      return d?.status === 'failed' ? d : null;
    }, 'the delivery to give up after its retries', 60_000);
    expect(failed).toMatchObject({ attempts: 9, last_status_code: 503 });
    expect(failed.last_error).toContain('HTTP 503');
    expect(failed.last_duration_ms).toBeGreaterThanOrEqual(0);
    expect(failed.last_error).not.toContain(hook.secret);
  }, 90_000);

  it('does not follow redirects: a 3xx is a failed attempt', async () => {
    const hook = await createHook(['company.created']);
    receiver.respond = (req) =>
      JSON.parse(req.body).type === 'company.created' ? { status: 302, headers: { location: `${receiver.url}/elsewhere` } } : undefined;
    await publish('company.created', ws.workspaceId, { company: { id: 'redirected' } });
    const attempt = await waitFor(async () => {
      const [d] = await deliveries(hook.id);
      return d && d.attempts > 0 ? d : null;
    }, 'the first attempt');
    expect(attempt).toMatchObject({ last_status_code: 302, last_error: expect.stringContaining('HTTP 302') });
    expect(receiver.received.some((r) => r.path.endsWith('/elsewhere'))).toBe(false);
    await baton.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${hook.id}`, headers: api(ws.apiKey) });
    receiver.respond = () => undefined;
  });

  it('sends a test ping on request, even to a paused webhook', async () => {
    const hook = await createHook(['company.created']);
    const paused = await baton.app.inject({
      method: 'PATCH',
      url: `/api/app/webhooks/${hook.id}`,
      headers: ws.agentHeaders,
      payload: { active: false },
    });
    expect(paused.json()).toMatchObject({ active: false });
    await publish('company.created', ws.workspaceId, { company: { id: 'ignored while paused' } });

    const r = await baton.app.inject({ method: 'POST', url: `/api/app/webhooks/${hook.id}/test`, headers: ws.agentHeaders });
    expect(r.statusCode, r.body).toBe(202);
    const ping = r.json() as WebhookDelivery;
    expect(ping).toMatchObject({ event_type: 'webhook.test', status: 'pending' });
    await waitFor(() => receivedFor(ping.id).length === 1, 'the test ping');
    const body = new StandardWebhook(hook.secret!).verify(receivedFor(ping.id)[0]!.body, receivedFor(ping.id)[0]!.headers);
    expect(body).toMatchObject({ type: 'webhook.test', data: { webhook_id: hook.id } });
    expect((await deliveries(hook.id)).map((d) => d.event_type)).toEqual(['webhook.test']);
  });

  it('pages the delivery log newest first', async () => {
    const hook = await createHook(['company.created']);
    const sent: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await baton.app.inject({ method: 'POST', url: `/api/v1/webhooks/${hook.id}/test`, headers: api(ws.apiKey) });
      sent.push((r.json() as WebhookDelivery).id);
    }
    const page = async (cursor?: string) =>
      (
        await baton.app.inject({
          url: `/api/v1/webhooks/${hook.id}/deliveries?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          headers: api(ws.apiKey),
        })
      ).json() as DeliveryPage;
    const first = await page();
    expect(first.data.map((d) => d.id)).toEqual([sent[2], sent[1]]);
    const second = await page(first.next_cursor!);
    expect(second).toMatchObject({ data: [{ id: sent[0] }], next_cursor: null });
  });

  it('rotates the secret: later deliveries verify with the new one only', async () => {
    const hook = await createHook(['company.updated']);
    const r = await baton.app.inject({ method: 'POST', url: `/api/v1/webhooks/${hook.id}/rotate-secret`, headers: api(ws.apiKey) });
    const rotated = r.json() as Webhook;
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(hook.secret);

    await publish('company.updated', ws.workspaceId, { company: { id: 'co' } });
    const [d] = await waitFor(async () => {
      const list = await deliveries(hook.id);
      return list[0]?.status === 'succeeded' ? list : null;
    }, 'the delivery after rotation');
    const [got] = receivedFor(d!.id);
    expect(() => new StandardWebhook(rotated.secret!).verify(got!.body, got!.headers)).not.toThrow();
    expect(() => new StandardWebhook(hook.secret!).verify(got!.body, got!.headers)).toThrow(WebhookVerificationError);
  });

  it('updates, lists and deletes a webhook; bad input changes nothing', async () => {
    const hook = await createHook(['contact.updated']);
    const bad = await baton.app.inject({
      method: 'PATCH',
      url: `/api/v1/webhooks/${hook.id}`,
      headers: api(ws.apiKey),
      payload: { event_types: ['contact.exploded'], url: 'ftp://example.com/x' },
    });
    expect(bad.statusCode).toBe(400);
    const fields = (bad.json().errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['body.url', 'body.event_types.0']));

    const ok = await baton.app.inject({
      method: 'PATCH',
      url: `/api/v1/webhooks/${hook.id}`,
      headers: api(ws.apiKey),
      payload: { event_types: ['contact.updated', 'contact.updated', 'contact.deleted'], description: null },
    });
    expect(ok.json()).toMatchObject({ event_types: ['contact.updated', 'contact.deleted'], description: null, url: receiver.url });

    const del = await baton.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${hook.id}`, headers: api(ws.apiKey) });
    expect(del.statusCode).toBe(204);
    const list = await baton.app.inject({ url: '/api/v1/webhooks', headers: api(ws.apiKey) });
    expect((list.json().data as Webhook[]).some((h) => h.id === hook.id)).toBe(false);
  });

  it('keeps each workspace to its own webhooks and deliveries', async () => {
    const hook = await createHook(['contact.created']);
    await baton.app.inject({ method: 'POST', url: `/api/v1/webhooks/${hook.id}/test`, headers: api(ws.apiKey) });

    for (const headers of [api(other.apiKey), other.agentHeaders]) {
      const base = headers === other.agentHeaders ? '/api/app/webhooks' : '/api/v1/webhooks';
      const list = await baton.app.inject({ url: base, headers });
      expect(list.statusCode).toBe(200);
      expect(list.json().data).toEqual([]);
      for (const [method, path, payload] of [
        ['GET', `${base}/${hook.id}`],
        ['PATCH', `${base}/${hook.id}`, { active: false }],
        ['DELETE', `${base}/${hook.id}`],
        ['POST', `${base}/${hook.id}/test`],
        ['POST', `${base}/${hook.id}/rotate-secret`],
        ['GET', `${base}/${hook.id}/deliveries`],
      ] as const) {
        const r = await baton.app.inject({ method, url: path, headers, ...(payload && { payload }) });
        expect(r.statusCode, `${method} ${path}`).toBe(404);
        expect(r.body).not.toContain(hook.secret);
      }
    }
    const still = await baton.app.inject({ url: `/api/v1/webhooks/${hook.id}`, headers: api(ws.apiKey) });
    expect(still.json()).toMatchObject({ active: true, secret: hook.secret });
  });

  it('delivers contact.created end to end when a contact is created through the REST API', async () => {
    const hook = await createHook(['contact.created']);
    const created = await baton.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: api(ws.apiKey),
      payload: { email: 'e2e@example.test', name: 'Зарина', role: 'user', external_id: 'u-e2e' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const contact = created.json();
    const [delivery] = await waitFor(async () => {
      const list = await deliveries(hook.id);
      return list[0]?.status === 'succeeded' ? list : null;
    }, 'contact.created to be delivered');
    const [got] = receivedFor(delivery!.id);
    const body = new StandardWebhook(hook.secret!).verify(got!.body, got!.headers);
    expect(body).toMatchObject({
      type: 'contact.created',
      data: { contact: { id: contact.id, email: 'e2e@example.test', name: 'Зарина', external_id: 'u-e2e' } },
    });
  });

  it('lets plain agents read webhooks without their secrets, and change nothing', async () => {
    const hook = await createHook(['company.created']);
    const agentId = newId();
    await baton.ctx.db.insert(agents).values({ id: agentId, email: `agent-${agentId}@example.test`, name: 'Agent' });
    await baton.ctx.db.insert(memberships).values({ workspaceId: ws.workspaceId, agentId, role: 'agent' });
    const session = await createSession(baton.ctx.db, { agentId, workspaceId: ws.workspaceId });
    const asAgent = { cookie: `baton_session=${session.token}`, 'x-csrf-token': session.csrfToken };

    const list = await baton.app.inject({ url: '/api/app/webhooks', headers: asAgent });
    const seen = (list.json().data as Webhook[]).find((h) => h.id === hook.id);
    expect(seen).toMatchObject({ id: hook.id, url: receiver.url });
    expect(seen).not.toHaveProperty('secret');
    expect(list.body).not.toContain(hook.secret);
    const log = await baton.app.inject({ url: `/api/app/webhooks/${hook.id}/deliveries`, headers: asAgent });
    expect(log.statusCode).toBe(200);
    for (const [method, url] of [
      ['POST', '/api/app/webhooks'],
      ['PATCH', `/api/app/webhooks/${hook.id}`],
      ['DELETE', `/api/app/webhooks/${hook.id}`],
      ['POST', `/api/app/webhooks/${hook.id}/rotate-secret`],
      ['POST', `/api/app/webhooks/${hook.id}/test`],
    ] as const) {
      const r = await baton.app.inject({ method, url, headers: asAgent, payload: { url: receiver.url, event_types: ['contact.created'] } });
      expect(r.statusCode, `${method} ${url}`).toBe(403);
    }
  });

  it('documents the /api/v1 webhook routes in the OpenAPI document', async () => {
    const doc = (await baton.app.inject('/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/webhooks', '/api/v1/webhooks/{id}', '/api/v1/webhooks/{id}/deliveries']),
    );
    expect(Object.keys(doc.paths).some((p: string) => p.startsWith('/api/app/'))).toBe(false);
  });

  it('answers malformed input with 4xx and changes nothing', async () => {
    const hook = await createHook(['contact.updated']);
    const snapshot = async () => (await baton.app.inject({ url: '/api/v1/webhooks', headers: api(ws.apiKey) })).body;
    const body = fc.oneof(
      fc.anything(),
      fc.record({ url: fc.oneof(fc.string(), fc.webUrl(), fc.anything()), event_types: fc.anything(), description: fc.anything() }),
      fc.record({ active: fc.anything(), event_types: fc.array(fc.string()) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('POST', 'PATCH'), body, fc.string(), async (method, payload, cursor) => {
        const before = await snapshot();
        const r = await baton.app.inject({
          method,
          url: method === 'POST' ? '/api/v1/webhooks' : `/api/v1/webhooks/${hook.id}`,
          headers: { ...api(ws.apiKey), 'content-type': 'application/json' },
          payload: JSON.stringify(payload) ?? 'null',
        });
        expect(r.statusCode, r.body).toBeLessThan(500);
        if (r.statusCode >= 400) expect(await snapshot()).toBe(before);
        const log = await baton.app.inject({
          url: `/api/v1/webhooks/${hook.id}/deliveries?cursor=${encodeURIComponent(cursor)}&limit=${cursor.length}`,
          headers: api(ws.apiKey),
        });
        expect(log.statusCode, log.body).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it('prunes delivery log entries past retention, daily', async () => {
    const hook = await createHook(['company.created']);
    const fresh = (
      await baton.app.inject({ method: 'POST', url: `/api/v1/webhooks/${hook.id}/test`, headers: api(ws.apiKey) })
    ).json() as WebhookDelivery;
    const oldId = newId();
    await baton.ctx.db.insert(webhookDeliveries).values({
      workspaceId: ws.workspaceId,
      id: oldId,
      webhookId: hook.id,
      eventType: 'company.created',
      payload: {},
      status: 'succeeded',
      createdAt: new Date(Date.now() - (DELIVERY_LOG_DAYS + 1) * 86_400_000),
    });
    await baton.services.webhooks.prune();
    const ids = (await deliveries(hook.id)).map((d) => d.id);
    expect(ids).toContain(fresh.id);
    expect(ids).not.toContain(oldId);
    const scheduled = await baton.ctx.database.query<{ name: string }>(`select name from pgboss.schedule where name = 'webhook.prune'`);
    expect(scheduled.rows).toHaveLength(1);
  });

  it('requires a sign-in or key, and a CSRF token for dashboard changes', async () => {
    expect((await baton.app.inject({ url: '/api/v1/webhooks' })).statusCode).toBe(401);
    expect((await baton.app.inject({ url: '/api/app/webhooks', headers: api(ws.apiKey) })).statusCode).toBe(401);
    const noCsrf = await baton.app.inject({
      method: 'POST',
      url: '/api/app/webhooks',
      headers: { cookie: ws.agentHeaders.cookie! },
      payload: { url: receiver.url, event_types: ['contact.created'] },
    });
    expect(noCsrf.statusCode).toBe(403);
  });
});
