import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { BootResponse, ClientFrame, Message, ServerFrame } from '../../contracts/messenger.ts';
import { boot as bootBaton } from '../boot.ts';
import { loadConfig } from '../platform/config.ts';
import { openDatabase } from '../platform/db.ts';
import { startBaton, testDatabase, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, type TestWorkspace } from '../../test/factories.ts';

type Outgoing = ClientFrame extends infer F ? (F extends unknown ? Omit<F, 'v'> : never) : never;

/** A WebSocket client that keeps every frame it received and can wait for one. */
class Client {
  frames: ServerFrame[] = [];
  private waiters: Array<() => void> = [];
  constructor(readonly socket: WebSocket) {
    socket.on('message', (d) => {
      this.frames.push(JSON.parse(String(d)) as ServerFrame);
      for (const w of this.waiters) w();
    });
  }
  static async open(url: string, headers: Record<string, string> = {}): Promise<Client> {
    const socket = new WebSocket(url, { headers });
    const client = new Client(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }
  send(frame: Outgoing): void {
    this.socket.send(JSON.stringify({ v: 1, ...frame }));
  }
  /** Resolves with the first frame (already received or coming) that matches; 30 s at most (a loaded machine is slow). */
  waitFor<T extends ServerFrame>(match: (f: ServerFrame) => boolean, timeoutMs = 30_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.frames.find(match);
        if (!found) return false;
        this.waiters = this.waiters.filter((w) => w !== onFrame);
        clearTimeout(timer);
        resolve(found as T);
        return true;
      };
      const onFrame = () => void check();
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== onFrame);
        reject(new Error(`no matching frame; got ${JSON.stringify(this.frames.slice(-5))}`));
      }, timeoutMs);
      if (!check()) this.waiters.push(onFrame);
    });
  }
  messages(conversationId: string): Message[] {
    return this.frames.flatMap((f) => (f.type === 'message' && f.message.conversation_id === conversationId ? [f.message] : []));
  }
  close(): void {
    this.socket.terminate();
  }
}

const wsUrl = (base: string, path: string) => base.replace(/^http/, 'ws') + path;
const clientId = () => `c${Math.random().toString(36).slice(2, 14)}`;

async function bootVisitor(base: string, w: TestWorkspace): Promise<BootResponse> {
  const res = await fetch(`${base}/widget/boot`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ app_id: w.writeKey }) });
  expect(res.status).toBe(200);
  return (await res.json()) as BootResponse;
}

async function openVisitor(base: string, w: TestWorkspace, b: BootResponse, resume: Array<{ conversation_id: string; after_seq: number }> = []) {
  const c = await Client.open(wsUrl(base, '/widget/ws'));
  c.send({ type: 'hello', app_id: w.writeKey, visitor_token: b.visitor_token, resume });
  await c.waitFor((f) => f.type === 'ready');
  return c;
}

async function openAgent(base: string, w: TestWorkspace) {
  const c = await Client.open(wsUrl(base, '/api/app/ws'), { cookie: w.agentHeaders.cookie!, origin: base });
  await c.waitFor((f) => f.type === 'ready');
  return c;
}

async function agentReply(base: string, w: TestWorkspace, conversationId: string, body: string) {
  const res = await fetch(`${base}/api/v1/conversations/${conversationId}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${w.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ body }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Message;
}

describe('realtime gateway', () => {
  let baton: TestBaton;
  let ws: TestWorkspace;
  beforeAll(async () => {
    baton = await startBaton({ listen: true });
    ws = await createWorkspace(baton, 'Realtime Co');
  });
  afterAll(() => baton?.stop());

  it('acks a message only once stored, never stores a resend twice, and reaches the agent live', async () => {
    const agent = await openAgent(baton.url, ws);
    const b = await bootVisitor(baton.url, ws);
    const visitor = await openVisitor(baton.url, ws, b);
    const cid = clientId();
    visitor.send({ type: 'send', client_id: cid, body: 'Hi there' });
    const ack = await visitor.waitFor<Extract<ServerFrame, { type: 'ack' }>>((f) => f.type === 'ack' && f.client_id === cid);
    // Acknowledged means committed: another connection reads it at once.
    const stored = await baton.app.inject({ method: 'GET', url: `/api/v1/conversations/${ack.message.conversation_id}/messages`, headers: { authorization: `Bearer ${ws.apiKey}` } });
    expect(stored.json().data.map((m: Message) => m.id)).toEqual([ack.message.id]);

    visitor.send({ type: 'send', client_id: cid, body: 'Hi there' });
    await visitor.waitFor((f) => f.type === 'ack' && f.client_id === cid && visitor.frames.filter((x) => x.type === 'ack').length === 2);
    const acks = visitor.frames.filter((f): f is Extract<ServerFrame, { type: 'ack' }> => f.type === 'ack');
    expect(acks.map((a) => a.message.id)).toEqual([ack.message.id, ack.message.id]);
    const again = await baton.app.inject({ method: 'GET', url: `/api/v1/conversations/${ack.message.conversation_id}/messages`, headers: { authorization: `Bearer ${ws.apiKey}` } });
    expect(again.json().data).toHaveLength(1);

    const live = await agent.waitFor<Extract<ServerFrame, { type: 'message' }>>((f) => f.type === 'message' && f.message.id === ack.message.id);
    expect(live.message.body).toBe('Hi there');

    // The agent answers over its own socket; typing and read receipts cross to the other side.
    visitor.send({ type: 'typing', conversation_id: ack.message.conversation_id });
    await agent.waitFor((f) => f.type === 'typing' && f.author_type === 'contact');
    agent.send({ type: 'send', conversation_id: ack.message.conversation_id, client_id: clientId(), body: 'Hello! How can I help?' });
    await visitor.waitFor((f) => f.type === 'message' && f.message.author_type === 'agent');
    visitor.send({ type: 'read', conversation_id: ack.message.conversation_id, seq: 2 });
    await agent.waitFor((f) => f.type === 'read' && f.reader === 'contact' && f.seq === 2);
    // The visitor's own typing never echoes back to it.
    expect(visitor.frames.some((f) => f.type === 'typing')).toBe(false);
    agent.close();
    visitor.close();
  });

  it('refuses bad frames with a problem, and a socket without a valid hello', async () => {
    const b = await bootVisitor(baton.url, ws);
    const visitor = await openVisitor(baton.url, ws, b);
    visitor.send({ type: 'send', client_id: 'x', body: 'too short an id' } as Outgoing);
    const err = await visitor.waitFor<Extract<ServerFrame, { type: 'error' }>>((f) => f.type === 'error');
    expect(err).toMatchObject({ code: 'validation_failed' });
    expect(err.detail).toContain('client_id');
    visitor.close();

    const stranger = await Client.open(wsUrl(baton.url, '/widget/ws'));
    const closed = new Promise<number>((resolve) => stranger.socket.once('close', (code) => resolve(code)));
    stranger.send({ type: 'hello', app_id: ws.writeKey, visitor_token: 'vt_forged', resume: [] });
    expect(await closed).toBe(4401);

    const noCookie = await Client.open(wsUrl(baton.url, '/api/app/ws')).catch(() => null);
    if (noCookie) {
      const code = await new Promise<number>((resolve) => noCookie.socket.once('close', (c) => resolve(c)));
      expect(code).toBe(4401);
    }
  });

  it('a visitor never hears another visitor’s conversation', async () => {
    const one = await openVisitor(baton.url, ws, await bootVisitor(baton.url, ws));
    const two = await openVisitor(baton.url, ws, await bootVisitor(baton.url, ws));
    const cid = clientId();
    one.send({ type: 'send', client_id: cid, body: 'private' });
    const ack = await one.waitFor<Extract<ServerFrame, { type: 'ack' }>>((f) => f.type === 'ack');
    await agentReply(baton.url, ws, ack.message.conversation_id, 'private answer');
    await one.waitFor((f) => f.type === 'message' && f.message.body === 'private answer');
    two.send({ type: 'resume', resume: [{ conversation_id: ack.message.conversation_id, after_seq: 0 }] });
    const err = await two.waitFor<Extract<ServerFrame, { type: 'error' }>>((f) => f.type === 'error');
    expect(err.code).toBe('not_found');
    expect(two.frames.some((f) => f.type === 'message')).toBe(false);
    one.close();
    two.close();
  });

  it('a client killed mid-stream resumes from its last seq: nothing missed, nothing twice', async () => {
    const b = await bootVisitor(baton.url, ws);
    const first = await openVisitor(baton.url, ws, b);
    first.send({ type: 'send', client_id: clientId(), body: 'stream please' });
    const ack = await first.waitFor<Extract<ServerFrame, { type: 'ack' }>>((f) => f.type === 'ack');
    const conversationId = ack.message.conversation_id;
    const total = 40;
    const sending = (async () => {
      for (let i = 1; i <= total; i++) await agentReply(baton.url, ws, conversationId, `part ${i}`);
    })();
    await first.waitFor((f) => f.type === 'message' && f.message.body === 'part 5');
    first.close();
    // What the client kept: the contiguous run from seq 1.
    const kept = first.messages(conversationId).sort((a, c) => a.seq - c.seq);
    let last = 1;
    for (const m of kept) if (m.seq === last + 1) last = m.seq;
    const second = await openVisitor(baton.url, ws, b, [{ conversation_id: conversationId, after_seq: last }]);
    await sending;
    await second.waitFor((f) => f.type === 'message' && f.message.body === `part ${total}`);
    const got = second.messages(conversationId).map((m) => m.seq);
    expect(got).toEqual(Array.from({ length: total + 1 - last }, (_, i) => last + 1 + i));
    second.close();
  }, 60_000);
});

/**
 * Two Batons on one PostgreSQL and one Redis, as behind a load balancer: a visitor on node A
 * and an agent on node B. Needs DATABASE_URL and REDIS_URL (skipped on the embedded database,
 * which one process owns).
 */
describe.skipIf(!process.env.DATABASE_URL || !process.env.REDIS_URL)('two nodes', () => {
  const nodes: Array<{ url: string; close(): Promise<void> }> = [];
  let ws: TestWorkspace;
  let dropDb: () => Promise<void>;

  beforeAll(async () => {
    const { database, url, drop } = await testDatabase();
    // drop() closes the first node's pool; the second node opens a pool of its own.
    dropDb = drop;
    for (let i = 0; i < 2; i++) {
      const config = loadConfig({ LOG_LEVEL: 'silent', BATON_DEMO: '0', PORT: '0', HOST: '127.0.0.1', REDIS_URL: process.env.REDIS_URL!, DATABASE_URL: url! });
      const db = i === 0 ? database : await openDatabase({ url: url!, poolSize: 5 });
      const node = await bootBaton(config, { database: db });
      const listening = await node.app.listen({ port: 0, host: '127.0.0.1' });
      node.ctx.config.publicUrl = listening;
      nodes.push({ url: listening, close: async () => (await node.close(), i === 0 ? undefined : await db.close()) });
      if (i === 0) ws = await createWorkspace({ ...node, url: listening, stop: node.close }, 'Two nodes');
    }
  });
  afterAll(async () => {
    for (const n of nodes) await n.close();
    await dropDb?.();
  });

  it('a message sent to node A reaches the agent on node B, and the reply comes back', async () => {
    const [a, b] = [nodes[0]!, nodes[1]!];
    const agent = await openAgent(b.url, ws);
    const bootA = await bootVisitor(a.url, ws);
    const visitor = await openVisitor(a.url, ws, bootA);
    visitor.send({ type: 'send', client_id: clientId(), body: 'from node A' });
    const ack = await visitor.waitFor<Extract<ServerFrame, { type: 'ack' }>>((f) => f.type === 'ack');
    await agent.waitFor((f) => f.type === 'message' && f.message.body === 'from node A');
    agent.send({ type: 'send', conversation_id: ack.message.conversation_id, client_id: clientId(), body: 'from node B' });
    await visitor.waitFor((f) => f.type === 'message' && f.message.body === 'from node B');
    // Killed on A, resumed on B: the conversation continues without a gap.
    visitor.close();
    await agentReply(a.url, ws, ack.message.conversation_id, 'while you were away');
    const back = await openVisitor(b.url, ws, bootA, [{ conversation_id: ack.message.conversation_id, after_seq: 2 }]);
    const resumed = await back.waitFor<Extract<ServerFrame, { type: 'message' }>>((f) => f.type === 'message');
    expect(resumed.message).toMatchObject({ seq: 3, body: 'while you were away' });
    agent.close();
    back.close();
  });
});
