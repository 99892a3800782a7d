import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import type { Contact, ContactPage } from '../contracts/contacts.ts';
import type { Webhook } from '../contracts/webhooks.ts';
import { startReceiver, waitFor, type Receiver } from '../server/platform/webhooks/testing.ts';
import { startBaton, type TestBaton } from './harness.ts';
import { createWorkspace, type TestWorkspace } from './factories.ts';

/**
 * What a stored /v1/batch sets off after commit — event.tracked webhooks, last_seen_at and
 * sessions — on the one-statement path for known contacts and on the full path alike.
 */

let baton: TestBaton;
let ws: TestWorkspace;
let quiet: TestWorkspace;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  // The receiver listens on loopback, so private targets must be allowed here (see ssrf.test.ts).
  baton = await startBaton({ listen: true, env: { WEBHOOKS_ALLOW_PRIVATE: '1', WEBHOOKS_RETRY_DELAY_SECONDS: '0' } });
  ws = await createWorkspace(baton, 'Subscribed');
  quiet = await createWorkspace(baton, 'Unsubscribed');
});
afterAll(async () => {
  await baton?.stop();
  await receiver?.close();
});

const batch = (workspace: TestWorkspace, body: unknown) =>
  fetch(`${baton.url}/v1/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${workspace.writeKey}:`).toString('base64')}` },
    body: JSON.stringify(body),
  });

async function contact(workspace: TestWorkspace, externalId: string): Promise<Contact> {
  const filter = encodeURIComponent(JSON.stringify([{ field: 'external_id', op: 'eq', value: externalId }]));
  const res = await fetch(`${baton.url}/api/v1/contacts?filter=${filter}`, { headers: { authorization: `Bearer ${workspace.apiKey}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as ContactPage).data[0]!;
}

async function deliveryCount(workspace: TestWorkspace) {
  // Fan-out runs after the response; drain waits for every listener already started.
  await baton.ctx.bus.drain();
  const r = await baton.ctx.database.query<{ n: number }>('select count(*)::int as n from webhook_deliveries where workspace_id = $1', [
    workspace.workspaceId,
  ]);
  return r.rows[0]!.n;
}

const eventNames = (hook: Webhook) =>
  receiver.received.map((r) => new StandardWebhook(hook.secret!).verify(r.body, r.headers) as { type: string; data: { event: { name: string } } })
    .filter((p) => p.type === 'event.tracked')
    .map((p) => p.data.event.name)
    .sort();

describe('after a batch is stored', () => {
  it('sends one signed event.tracked webhook per new event, none for a retry, none where nobody subscribed', async () => {
    const r = await baton.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: { authorization: `Bearer ${ws.apiKey}` },
      payload: { url: receiver.url, event_types: ['event.tracked'] },
    });
    expect(r.statusCode, r.body).toBe(201);
    const hook = r.json() as Webhook;

    // A new contact (full path) first, then tracks of a contact that exists (one-statement path).
    const first = { batch: [{ type: 'track', userId: 'hooked-1', event: 'Signed Up', messageId: 'hook-a' }] };
    expect((await batch(ws, first)).status).toBe(200);
    const known = {
      batch: [
        { type: 'track', userId: 'hooked-1', event: 'Opened Report', messageId: 'hook-b' },
        { type: 'track', userId: 'hooked-1', event: 'Shared Report', messageId: 'hook-c' },
      ],
    };
    expect((await batch(ws, known)).status).toBe(200);
    await waitFor(() => eventNames(hook).length === 3, 'three event.tracked deliveries');
    expect(eventNames(hook)).toEqual(['Opened Report', 'Shared Report', 'Signed Up']);

    expect((await batch(ws, known)).status).toBe(200);
    expect(await deliveryCount(ws)).toBe(3);

    expect((await batch(quiet, { batch: [{ type: 'track', userId: 'q-1', event: 'Signed Up' }] })).status).toBe(200);
    expect((await batch(quiet, { batch: [{ type: 'track', userId: 'q-1', event: 'Opened Report' }] })).status).toBe(200);
    expect(await deliveryCount(quiet)).toBe(0);
  });

  it('moves last_seen_at forward and counts a new session for a known contact, to the minute', async () => {
    // One clock for every timestamp: "within a minute" compares two of them, not two readings of now.
    const now = Date.now();
    const at = (msAgo: number) => new Date(now - msAgo).toISOString();
    expect((await batch(ws, { batch: [{ type: 'identify', userId: 'seen-1', timestamp: at(3 * 3_600_000) }] })).status).toBe(200);
    const before = await contact(ws, 'seen-1');
    expect(before.session_count).toBe(1);

    // Two hours after the identify: a new session, and last_seen_at is the later of the two tracks.
    const later = at(60 * 60_000);
    const track = (id: string, timestamp: string) => ({ type: 'track', userId: 'seen-1', event: 'Worked', messageId: id, timestamp });
    expect((await batch(ws, { batch: [track('seen-a', at(61 * 60_000)), track('seen-b', later)] })).status).toBe(200);
    const after = await contact(ws, 'seen-1');
    expect(after.session_count).toBe(2);
    expect(Date.parse(after.last_seen_at!)).toBe(Date.parse(later));

    // Within a minute of the stored value nothing is written; an older event never moves it back.
    expect((await batch(ws, { batch: [track('seen-c', at(59 * 60_000 + 30_000)), track('seen-d', at(2 * 3_600_000))] })).status).toBe(200);
    expect(await contact(ws, 'seen-1')).toMatchObject({ session_count: 2, last_seen_at: after.last_seen_at });
  });
});
