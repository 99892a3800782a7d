import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BootResponse } from '../../contracts/messenger.ts';
import type { ConversationReplay, ReplaySettings } from '../../contracts/replay.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, type TestWorkspace } from '../../test/factories.ts';
import { PRUNE_QUEUE } from './service.ts';
import { replayChunks } from './schema.ts';

/**
 * Session replay over HTTP: off until an admin turns it on AND the contact consented; uploads are
 * stored once per recording and seq; bad uploads are refused naming the field; the conversation's
 * replay covers the minutes before it started and only its workspace's agents see it; the
 * retention job deletes what is older than the workspace keeps. PGlite and, with DATABASE_URL, PostgreSQL.
 */

let baton: TestBaton;
let a: TestWorkspace;
let b: TestWorkspace;
let ip = 0;

type Headers = Record<string, string>;
async function boot(w: TestWorkspace, settings: Record<string, unknown> = {}, token?: string) {
  const payload = { app_id: w.writeKey, visitor_token: token, ...settings };
  const res = await baton.app.inject({ method: 'POST', url: '/widget/boot', payload, remoteAddress: `10.9.0.${++ip}` });
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json<BootResponse>();
  const headers: Headers = { 'x-baton-app': w.writeKey, 'x-baton-visitor': body.visitor_token };
  const viewer = await baton.services.inbox.viewer(w.writeKey, body.visitor_token);
  return { headers, contactId: viewer.contactId, chunks: body.chunks, token: body.visitor_token };
}
const call = async <T>(method: 'GET' | 'POST' | 'PATCH', url: string, headers: Headers, payload?: object) => {
  const res = await baton.app.inject({ method, url, headers, payload });
  return { status: res.statusCode, body: (res.body ? res.json() : null) as T, headers: res.headers };
};
const events = (at: number, n = 3) => [
  { type: 4, timestamp: at, data: { href: 'https://shop.test/', width: 800, height: 600 } },
  { type: 2, timestamp: at + 1, data: { node: { type: 0, childNodes: [], id: 1 } } },
  ...Array.from({ length: n }, (_, i) => ({ type: 3, timestamp: at + 10 + i, data: { source: 1, positions: [] } })),
];
const upload = (headers: Headers, body: object) => call<{ stored: boolean }>('POST', '/widget/replay', headers, body);
const turnOn = (w: TestWorkspace, patch: object = { enabled: true }) => call<ReplaySettings>('PATCH', '/api/app/replay/settings', w.agentHeaders, patch);

beforeAll(async () => {
  baton = await startBaton();
  a = await createWorkspace(baton, 'Replay A');
  b = await createWorkspace(baton, 'Replay B');
});
afterAll(() => baton?.stop());

describe('session replay', () => {
  it('records nothing until the workspace turned it on and the contact consented', async () => {
    expect((await call<ReplaySettings>('GET', '/api/app/replay/settings', a.agentHeaders)).body).toEqual({ enabled: false, retention_days: 14 });
    const consenting = await boot(a, { replay_consent: true });
    expect((await call('GET', '/widget/replay', consenting.headers)).body).toEqual({ record: false });
    expect(consenting.chunks).not.toContain('signals');
    const refused = await upload(consenting.headers, { recording_id: randomUUID(), seq: 0, events: events(Date.now()) });
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');

    expect((await turnOn(a)).body).toEqual({ enabled: true, retention_days: 14 });
    const silent = await boot(a);
    expect((await call('GET', '/widget/replay', silent.headers)).body).toEqual({ record: false });
    expect(silent.chunks).not.toContain('signals');
    expect((await upload(silent.headers, { recording_id: randomUUID(), seq: 0, events: events(Date.now()) })).status).toBe(403);

    const again = await boot(a, { replay_consent: true }, consenting.token);
    expect(again.chunks).toContain('signals');
    expect((await call('GET', '/widget/replay', again.headers)).body).toEqual({ record: true });
    const chunk = { recording_id: randomUUID(), seq: 0, events: events(Date.now()) };
    expect(await upload(again.headers, chunk)).toMatchObject({ status: 202, body: { stored: true } });
    expect(await upload(again.headers, chunk)).toMatchObject({ status: 202, body: { stored: false } });

    // Withdrawn consent stops it again.
    const withdrawn = await boot(a, { replay_consent: false }, consenting.token);
    expect((await call('GET', '/widget/replay', withdrawn.headers)).body).toEqual({ record: false });
    expect((await upload(withdrawn.headers, { ...chunk, seq: 1 })).status).toBe(403);
    expect((await call<ReplaySettings>('GET', '/api/app/replay/settings', b.agentHeaders)).body.enabled).toBe(false);
  });

  it('refuses bad uploads with a problem naming the field', async () => {
    await turnOn(a);
    const v = await boot(a, { replay_consent: true });
    const cases: Array<[object, string]> = [
      [{ seq: 0, events: events(Date.now()) }, 'recording_id'],
      [{ recording_id: randomUUID(), seq: -1, events: events(Date.now()) }, 'seq'],
      [{ recording_id: randomUUID(), seq: 0, events: [] }, 'events'],
      [{ recording_id: randomUUID(), seq: 0, events: [{ type: 'x', timestamp: 1 }] }, 'events'],
      [{ recording_id: randomUUID(), seq: 0, events: events(Date.now()), keys: 'typed' }, 'keys'],
    ];
    for (const [body, field] of cases) {
      const res = await upload(v.headers, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body)).toContain(field);
    }
    const huge = [{ type: 3, timestamp: Date.now(), data: { text: 'x'.repeat(600 * 1024) } }];
    const tooLarge = await upload(v.headers, { recording_id: randomUUID(), seq: 0, events: huge });
    expect(tooLarge.status).toBe(413);
    expect((await turnOn(a, { retention_days: 0 })).status).toBe(400);
    expect((await call('POST', '/widget/replay', { 'x-baton-app': a.writeKey }, { recording_id: randomUUID(), seq: 0, events: events(1) })).status).toBe(401);
    expect((await call('PATCH', '/api/app/replay/settings', {}, { enabled: true })).status).toBe(401);
    const stored = await baton.ctx.db.select().from(replayChunks).where(and(eq(replayChunks.workspaceId, a.workspaceId), eq(replayChunks.contactId, v.contactId)));
    expect(stored).toEqual([]);
  });

  it("links the minutes before a conversation to it, for its workspace's agents only", async () => {
    await turnOn(a);
    const v = await boot(a, { replay_consent: true, user_id: 'replay-1' });
    const now = Date.now();
    const recording = randomUUID();
    expect((await upload(v.headers, { recording_id: randomUUID(), seq: 0, events: events(now - 30 * 60_000) })).status).toBe(202);
    expect((await upload(v.headers, { recording_id: recording, seq: 0, events: events(now - 2 * 60_000) })).status).toBe(202);
    expect((await upload(v.headers, { recording_id: recording, seq: 1, events: [{ type: 3, timestamp: now - 60_000, data: { source: 2 } }] })).status).toBe(202);
    const started = await call<{ conversation: { id: string } }>('POST', '/widget/conversations', v.headers, { body: 'Checkout fails', client_id: randomUUID() });
    expect(started.status).toBe(201);
    const id = started.body.conversation.id;

    const link = await call<ConversationReplay>('GET', `/api/app/conversations/${id}/replay`, a.agentHeaders);
    expect(link.status).toBe(200);
    expect(link.body).toMatchObject({ available: true, minutes: 5, started_at: new Date(now - 2 * 60_000).toISOString() });
    const played = await call<{ events: Array<{ timestamp: number }> }>('GET', `/api/app/conversations/${id}/replay/events`, a.agentHeaders);
    expect(played.body.events.map((e) => e.timestamp)).toEqual([...events(now - 2 * 60_000).map((e) => e.timestamp), now - 60_000]);

    expect((await call('GET', `/api/app/conversations/${id}/replay`, b.agentHeaders)).status).toBe(404);
    expect((await call('GET', `/api/app/conversations/${id}/replay/events`, b.agentHeaders)).status).toBe(404);
    expect((await call('GET', `/api/app/conversations/${id}/replay`, {})).status).toBe(401);

    const other = await boot(a, { replay_consent: true });
    const quiet = await call<{ conversation: { id: string } }>('POST', '/widget/conversations', other.headers, { body: 'Hello', client_id: randomUUID() });
    expect((await call<ConversationReplay>('GET', `/api/app/conversations/${quiet.body.conversation.id}/replay`, a.agentHeaders)).body.available).toBe(false);
  });

  it("the retention job deletes chunks older than each workspace's retention", async () => {
    await turnOn(a, { enabled: true, retention_days: 3 });
    await turnOn(b, { enabled: true, retention_days: 14 });
    const va = await boot(a, { replay_consent: true });
    const vb = await boot(b, { replay_consent: true });
    const old = randomUUID();
    const fresh = randomUUID();
    const kept = randomUUID();
    for (const [h, id] of [[va.headers, old], [va.headers, fresh], [vb.headers, kept]] as const) {
      expect((await upload(h, { recording_id: id, seq: 0, events: events(Date.now()) })).status).toBe(202);
    }
    const age = (id: string, days: number) =>
      baton.ctx.db.update(replayChunks).set({ createdAt: sql`now() - make_interval(days => ${days})` }).where(eq(replayChunks.recordingId, id));
    await age(old, 4);
    await age(fresh, 2);
    await age(kept, 4);
    await baton.ctx.jobs.send(PRUNE_QUEUE, {});
    const left = async (id: string) => (await baton.ctx.db.select({ id: replayChunks.id }).from(replayChunks).where(eq(replayChunks.recordingId, id))).length;
    await expect.poll(() => left(old), { timeout: 30_000 }).toBe(0);
    expect(await left(fresh)).toBe(1);
    expect(await left(kept)).toBe(1);
  });
});
