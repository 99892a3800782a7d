import { Analytics } from '@segment/analytics-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Company, Contact, ContactPage, EventPage } from '../contracts/contacts.ts';
import { startBaton, type TestBaton } from './harness.ts';
import { createWorkspace, type TestWorkspace } from './factories.ts';

let baton: TestBaton;
let ws: TestWorkspace;

beforeAll(async () => {
  baton = await startBaton({ listen: true });
  ws = await createWorkspace(baton);
});
afterAll(() => baton?.stop());

const api = async <T>(path: string): Promise<T> => {
  const res = await fetch(`${baton.url}${path}`, { headers: { authorization: `Bearer ${ws.apiKey}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
};
const byExternalId = async (externalId: string) => {
  const filter = JSON.stringify([{ field: 'external_id', op: 'eq', value: externalId }]);
  return (await api<ContactPage>(`/api/v1/contacts?filter=${encodeURIComponent(filter)}`)).data[0];
};
const counts = async () => {
  const r = await baton.ctx.database.query<{ events: number; pages: number; contacts: number; companies: number }>(
    `select (select count(*)::int from events) as events, (select count(*)::int from page_views) as pages,
            (select count(*)::int from contacts) as contacts, (select count(*)::int from companies) as companies`,
  );
  return r.rows[0]!;
};
const post = (path: string, body: unknown, writeKey = ws.writeKey) =>
  fetch(`${baton.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

/** Sends what `send` queues through the real Segment client and waits until it is flushed. */
async function viaSegment(send: (a: Analytics) => void) {
  const analytics = new Analytics({ writeKey: ws.writeKey, host: baton.url, flushAt: 50, maxRetries: 0 });
  const errors: unknown[] = [];
  analytics.on('error', (e) => errors.push(e));
  send(analytics);
  await analytics.closeAndFlush({ timeout: 10_000 });
  expect(errors).toEqual([]);
}

describe('Segment tracking API', () => {
  const calls = (a: Analytics) => {
    a.identify({ userId: 'seg-1', messageId: 'msg-identify', traits: { email: 'grace@hopper.test', name: 'Grace Hopper', plan: 'pro' } });
    a.group({ userId: 'seg-1', groupId: 'co-1', messageId: 'msg-group', traits: { name: 'Navy', plan: 'enterprise', mrr: 1000, employees: 40 } });
    a.track({ userId: 'seg-1', event: 'Compiled', messageId: 'msg-track-1', properties: { lines: 42 } });
    a.track({ userId: 'seg-1', event: 'Debugged', messageId: 'msg-track-2', properties: { bug: 'moth' } });
    a.page({ userId: 'seg-1', name: 'Docs', messageId: 'msg-page', properties: { url: 'https://x.test/docs', title: 'Docs' } });
  };

  it('makes the contact, company and events the real @segment/analytics-node client sent', async () => {
    await viaSegment(calls);
    const contact = (await byExternalId('seg-1')) as Contact;
    expect(contact).toMatchObject({ role: 'user', email: 'grace@hopper.test', name: 'Grace Hopper', attributes: { plan: 'pro' }, session_count: 1 });
    expect(contact.companies).toMatchObject([{ name: 'Navy', plan: 'enterprise' }]);
    const company = await api<Company>(`/api/v1/companies/${contact.companies[0]!.id}`);
    expect(company).toMatchObject({ external_id: 'co-1', mrr: 1000, arr: 12000, size: 40, contact_count: 1 });
    const timeline = await api<EventPage>(`/api/v1/contacts/${contact.id}/events`);
    expect(timeline.data.map((e) => `${e.kind}:${e.name}`).sort()).toEqual(['page:Docs', 'track:Compiled', 'track:Debugged']);
    expect(timeline.data.find((e) => e.name === 'Compiled')!.properties).toEqual({ lines: 42 });
  });

  it('stores nothing twice when a batch is retried with the same messageIds', async () => {
    const before = await counts();
    const contactBefore = await byExternalId('seg-1');
    await viaSegment(calls);
    expect(await counts()).toEqual(before);
    expect(await byExternalId('seg-1')).toEqual(contactBefore);
  });

  it('turns an anonymous lead into the user who identifies, and merges on alias', async () => {
    expect((await post('/v1/track', { anonymousId: 'anon-1', event: 'Visited' })).status).toBe(200);
    const r1 = await post('/v1/identify', { anonymousId: 'anon-1', userId: 'seg-2', traits: { firstName: 'Alan', lastName: 'Turing' } });
    expect(await r1.json()).toEqual({ success: true });
    const alan = (await byExternalId('seg-2'))!;
    expect(alan).toMatchObject({ role: 'user', name: 'Alan Turing' });
    expect((await api<EventPage>(`/api/v1/contacts/${alan.id}/events`)).data.map((e) => e.name)).toEqual(['Visited']);

    await post('/v1/page', { anonymousId: 'anon-2', name: 'Pricing' });
    const leads = await api<ContactPage>('/api/v1/contacts?role=lead');
    expect(leads.data).toHaveLength(1);
    await post('/v1/alias', { previousId: 'anon-2', userId: 'seg-2' });
    expect((await api<ContactPage>('/api/v1/contacts?role=lead')).data).toHaveLength(0);
    const events = await api<EventPage>(`/api/v1/contacts/${alan.id}/events`);
    expect(events.data.map((e) => e.name).sort()).toEqual(['Pricing', 'Visited']);
  });

  it('keeps the traits of an identify that races a track creating the same new user', async () => {
    // Separate requests at once, as analytics-node sends them with flushAt: 1. On PostgreSQL the
    // two batches run on two connections and one of them finds the contact the other just made.
    for (let i = 0; i < 6; i++) {
      const userId = `racer-${i}`;
      const [a, b] = await Promise.all([
        post('/v1/identify', { userId, traits: { email: `racer-${i}@example.test`, name: `Racer ${i}` } }),
        post('/v1/track', { userId, event: 'Raced' }),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(await byExternalId(userId)).toMatchObject({ email: `racer-${i}@example.test`, name: `Racer ${i}` });
    }
  });

  it('corrects the device clock with sentAt', async () => {
    const deviceAhead = 3_600_000;
    const deviceNow = Date.now() + deviceAhead;
    const occurredOnDevice = deviceNow - 60_000;
    await post('/v1/batch', {
      sentAt: new Date(deviceNow).toISOString(),
      batch: [{ type: 'track', userId: 'seg-3', event: 'Skewed', timestamp: new Date(occurredOnDevice).toISOString() }],
    });
    const contact = (await byExternalId('seg-3'))!;
    const [event] = (await api<EventPage>(`/api/v1/contacts/${contact.id}/events`)).data;
    // The device was an hour ahead: the stored time is a minute before we received it.
    const skew = Date.parse(event!.received_at) - Date.parse(event!.occurred_at);
    expect(skew).toBeGreaterThan(55_000);
    expect(skew).toBeLessThan(65_000 + 5_000);
  });

  it("refuses bad calls with Segment's limits, names the field and stores nothing", async () => {
    const before = await counts();
    const big = 'x'.repeat(33 * 1024);
    expect((await post('/v1/track', { userId: 'u', event: 'e', properties: { big } })).status).toBe(413);
    const many = Array.from({ length: 20 }, () => ({ type: 'track', userId: 'u', event: 'e', properties: { p: 'y'.repeat(30_000) } }));
    expect((await post('/v1/batch', { batch: many })).status).toBe(413);
    const oneBig = await post('/v1/batch', { batch: [{ type: 'track', userId: 'u', event: 'e', properties: { big } }] });
    expect(oneBig.status).toBe(400);
    expect(((await oneBig.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('batch.0');
    const badTime = await post('/v1/batch', {
      batch: [{ type: 'track', userId: 'u', event: 'ok' }, { type: 'track', userId: 'u', event: 'e', timestamp: 'soon' }],
    });
    expect(badTime.status).toBe(400);
    expect(((await badTime.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('batch.1.timestamp');
    await baton.services.contacts.createAttribute(ws.workspaceId, { target: 'contact', key: 'age', label: 'Age', type: 'number' });
    const badTrait = await post('/v1/batch', {
      batch: [{ type: 'track', userId: 'seg-1', event: 'Fine' }, { type: 'identify', userId: 'seg-1', traits: { age: 'old' } }],
    });
    expect(badTrait.status).toBe(400);
    expect(((await badTrait.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('batch.1.traits.age');
    expect((await post('/v1/track', { event: 'no one' })).status).toBe(400);
    expect((await post('/v1/track', { userId: 'u', event: 'e' }, 'wk_wrong')).status).toBe(401);
    expect((await post('/v1/track', '{"userId":')).status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('streams a contact\'s new events to a signed-in agent (SSE)', async () => {
    const contact = (await byExternalId('seg-1'))!;
    const denied = await fetch(`${baton.url}/api/app/stream?contact_id=${contact.id}`, { headers: { authorization: `Bearer ${ws.apiKey}` } });
    expect(denied.status).toBe(401);
    const other = await createWorkspace(baton, 'Other');
    const foreign = await fetch(`${baton.url}/api/app/stream?contact_id=${contact.id}`, { headers: other.agentHeaders });
    expect(foreign.status).toBe(404);

    const abort = new AbortController();
    const res = await fetch(`${baton.url}/api/app/stream?contact_id=${contact.id}`, { headers: ws.agentHeaders, signal: abort.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    text += decoder.decode((await reader.read()).value);
    expect(text).toContain(': connected');
    await viaSegment((a) => a.track({ userId: 'seg-1', event: 'Live!' }));
    while (!text.includes('Live!')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    abort.abort();
    expect(text).toMatch(/event: event\.tracked\ndata: \{"event":\{.*"name":"Live!"/);
  });
});
