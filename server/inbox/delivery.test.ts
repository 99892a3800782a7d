import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { WebSocket } from 'ws';
import type { BootResponse, Created, Message, ServerFrame } from '../../contracts/messenger.ts';
import { createWorkspace, type TestWorkspace } from '../../test/factories.ts';
import { testDatabase } from '../../test/harness.ts';
import { freePort, startServerProcess, type ServerProcess } from '../../test/server-process.ts';
import { boot as bootBaton } from '../boot.ts';
import { loadConfig } from '../platform/config.ts';
import type { Database } from '../platform/db.ts';

const VISITORS = 4;
const MESSAGES_EACH = 40;
/** Messages a client keeps in flight, unacknowledged. */
const WINDOW = 4;
/** The server is killed once this many messages were acknowledged. */
const KILL_AFTER_ACKS = 50;

type Resume = Array<{ conversation_id: string; after_seq: number }>;

/**
 * A socket that comes back: reconnects every 100 ms while the server is away, and on each
 * `ready` runs `onReady` (resend, resume). Frames go to `onFrame`.
 */
class Reconnecting {
  socket: WebSocket | null = null;
  connects = 0;
  private stopped = false;
  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
    private readonly onOpen: (send: (f: object) => void) => void,
    private readonly onFrame: (f: ServerFrame, send: (f: object) => void) => void,
  ) {}
  start(): void {
    const socket = new WebSocket(this.url, { headers: this.headers });
    this.socket = socket;
    const send = (f: object) => socket.readyState === socket.OPEN && socket.send(JSON.stringify({ v: 1, ...f }));
    socket.on('open', () => this.onOpen(send));
    socket.on('message', (d) => {
      const f = JSON.parse(String(d)) as ServerFrame;
      if (f.type === 'ready') this.connects++;
      this.onFrame(f, send);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (!this.stopped) setTimeout(() => this.start(), 100);
    });
  }
  send(f: object): void {
    if (this.socket?.readyState === this.socket?.OPEN) this.socket!.send(JSON.stringify({ v: 1, ...f }));
  }
  stop(): void {
    this.stopped = true;
    this.socket?.terminate();
  }
}

/** A visitor sending numbered messages into its conversation, resending unacknowledged ones (same client id) after every reconnect. */
class Sender {
  next = 0;
  /** client id → body, in send order, until acknowledged. */
  unacked = new Map<string, string>();
  acked = new Map<string, { seq: number; body: string }>();
  readonly conn: Reconnecting;
  constructor(
    url: string,
    readonly appId: string,
    readonly token: string,
    readonly conversationId: string,
    readonly name: string,
    onAck: () => void,
  ) {
    const pump = (send: (f: object) => void) => {
      while (this.unacked.size < WINDOW && this.next < MESSAGES_EACH) {
        const clientId = `${name}-message-${this.next}`;
        const body = `${name} #${this.next++}`;
        this.unacked.set(clientId, body);
        send({ type: 'send', conversation_id: conversationId, client_id: clientId, body });
      }
    };
    this.conn = new Reconnecting(
      url,
      {},
      (send) => send({ type: 'hello', app_id: appId, visitor_token: token, resume: [] }),
      (f, send) => {
        if (f.type === 'ready') {
          for (const [clientId, body] of this.unacked) send({ type: 'send', conversation_id: conversationId, client_id: clientId, body });
          pump(send);
        } else if (f.type === 'ack') {
          this.unacked.delete(f.client_id);
          this.acked.set(f.client_id, { seq: f.message.seq, body: f.message.body });
          onAck();
          pump(send);
        }
      },
    );
  }
  get done(): boolean {
    return this.acked.size === MESSAGES_EACH;
  }
}

/** An agent's Inbox socket that keeps each conversation contiguous and asks to resume after a gap or a reconnect. */
class Watcher {
  seen = new Map<string, Message[]>();
  duplicates = 0;
  readonly conn: Reconnecting;
  constructor(url: string, cookie: string, origin: string, conversationIds: string[]) {
    for (const id of conversationIds) this.seen.set(id, []);
    const resume = (): Resume => [...this.seen].map(([id, list]) => ({ conversation_id: id, after_seq: list.at(-1)?.seq ?? 0 }));
    this.conn = new Reconnecting(url, { cookie, origin }, () => undefined, (f, send) => {
      if (f.type === 'ready') return send({ type: 'resume', resume: resume() });
      if (f.type !== 'message') return;
      const list = this.seen.get(f.message.conversation_id);
      if (!list) return;
      const last = list.at(-1)?.seq ?? 0;
      if (f.message.seq <= last) {
        this.duplicates++;
        return;
      }
      if (f.message.seq > last + 1) return send({ type: 'resume', resume: [{ conversation_id: f.message.conversation_id, after_seq: last }] });
      list.push(f.message);
    });
  }
}

/**
 * Delivery under a crash: `npm start` as a real process on PostgreSQL, killed with SIGKILL while
 * visitors send with retries, started again on the same database. Needs DATABASE_URL.
 */
describe.skipIf(!process.env.DATABASE_URL)('delivery across a SIGKILL', () => {
  let database: Database;
  let dbUrl: string;
  let drop: () => Promise<void>;
  let ws: TestWorkspace;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    const db = await testDatabase();
    ({ database, drop } = db);
    dbUrl = db.url!;
    // The workspace is made in-process, then that node goes: only the child process serves.
    const config = loadConfig({ LOG_LEVEL: 'silent', BATON_DEMO: '0', PORT: '0', HOST: '127.0.0.1', DATABASE_URL: dbUrl });
    const node = await bootBaton(config, { database });
    ws = await createWorkspace({ ...node, url: '', stop: node.close }, 'Crash Co');
    await node.close();
  }, 60_000);
  afterAll(async () => {
    for (const s of servers) await s.kill('SIGKILL');
    await drop?.();
  });

  it('every acknowledged message exists once and in order, and a reconnecting client misses nothing', async () => {
    const port = await freePort();
    // REDIS_URL, when set, reaches the child with the rest of the environment.
    servers.push(await startServerProcess({ databaseUrl: dbUrl, port }));
    const base = servers[0]!.url;
    const wsBase = base.replace(/^http/, 'ws');

    const senders: Sender[] = [];
    let acks = 0;
    let killed: Promise<void> | null = null;
    for (let i = 0; i < VISITORS; i++) {
      const bootRes = await fetch(`${base}/widget/boot`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ app_id: ws.writeKey }) });
      const b = (await bootRes.json()) as BootResponse;
      const started = await fetch(`${base}/widget/conversations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-baton-app': ws.writeKey, 'x-baton-visitor': b.visitor_token },
        body: JSON.stringify({ body: `visitor ${i} starts`, client_id: `start-visitor-${i}` }),
      });
      expect(started.status).toBe(201);
      const { conversation } = (await started.json()) as Created;
      senders.push(
        new Sender(`${wsBase}/widget/ws`, ws.writeKey, b.visitor_token, conversation.id, `v${i}`, () => {
          if (++acks === KILL_AFTER_ACKS) killed = servers[0]!.kill('SIGKILL');
        }),
      );
    }
    const watcher = new Watcher(`${wsBase}/api/app/ws`, ws.agentHeaders.cookie!, base, senders.map((s) => s.conversationId));
    watcher.conn.start();
    for (const s of senders) s.conn.start();

    await expect.poll(() => killed !== null, { timeout: 60_000 }).toBe(true);
    await killed;
    const unackedAtKill = senders.reduce((n, s) => n + s.unacked.size, 0);
    servers.push(await startServerProcess({ databaseUrl: dbUrl, port }));

    await expect.poll(() => senders.every((s) => s.done), { timeout: 120_000, interval: 200 }).toBe(true);
    // Every message is MESSAGES_EACH + the start message; the watcher has them all, contiguous.
    await expect
      .poll(() => [...watcher.seen.values()].map((l) => l.length), { timeout: 30_000, interval: 200 })
      .toEqual(senders.map(() => MESSAGES_EACH + 1));

    const pgClient = new pg.Client({ connectionString: dbUrl });
    await pgClient.connect();
    onTestFinished(() => pgClient.end());
    for (const s of senders) {
      const { rows: stored } = await pgClient.query<{ seq: number; client_id: string | null; body: string }>(
        'select seq, client_id, body from messages where workspace_id = $1 and conversation_id = $2 order by seq',
        [ws.workspaceId, s.conversationId],
      );
      // Exactly once: one row per client id, sequence without gaps.
      expect(stored.map((r) => r.seq)).toEqual(Array.from({ length: MESSAGES_EACH + 1 }, (_, i) => i + 1));
      expect(new Set(stored.map((r) => r.client_id)).size).toBe(stored.length);
      // Every ack names the row that holds it; in order: the sender's numbering rises with seq.
      for (const [clientId, ack] of s.acked) expect(stored.find((r) => r.client_id === clientId)).toMatchObject({ seq: ack.seq, body: ack.body });
      expect(stored.slice(1).map((r) => r.body)).toEqual(Array.from({ length: MESSAGES_EACH }, (_, n) => `${s.name} #${n}`));
      // The watcher, through live frames and resumes across the crash, got exactly these.
      expect(watcher.seen.get(s.conversationId)!.map((m) => [m.seq, m.body])).toEqual(stored.map((r) => [r.seq, r.body]));
      expect(s.conn.connects).toBeGreaterThanOrEqual(2);
    }
    expect(watcher.conn.connects).toBeGreaterThanOrEqual(2);
    // The crash happened mid-stream: some messages were in flight when the process died.
    expect(unackedAtKill).toBeGreaterThan(0);
    for (const s of senders) s.conn.stop();
    watcher.conn.stop();
  }, 300_000);
});

/**
 * Two `npm start` processes on one PostgreSQL and one Redis, as behind a load balancer: the
 * visitor on A, the agent on B, each side hearing the other live. (gateway.test.ts runs the
 * same with two nodes in one process.) Needs DATABASE_URL and REDIS_URL.
 */
describe.skipIf(!process.env.DATABASE_URL || !process.env.REDIS_URL)('two server processes', () => {
  let drop: () => Promise<void>;
  let ws: TestWorkspace;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    const db = await testDatabase();
    drop = db.drop;
    const config = loadConfig({ LOG_LEVEL: 'silent', BATON_DEMO: '0', PORT: '0', HOST: '127.0.0.1', DATABASE_URL: db.url! });
    const node = await bootBaton(config, { database: db.database });
    ws = await createWorkspace({ ...node, url: '', stop: node.close }, 'Two processes');
    await node.close();
    for (let i = 0; i < 2; i++) servers.push(await startServerProcess({ databaseUrl: db.url!, port: await freePort() }));
  }, 300_000);
  afterAll(async () => {
    for (const s of servers) await s.kill('SIGTERM');
    await drop?.();
  });

  it('a visitor on process A and an agent on process B talk both ways', async () => {
    const [a, b] = [servers[0]!, servers[1]!];
    const frames = { visitor: [] as ServerFrame[], agent: [] as ServerFrame[] };
    const bootRes = await fetch(`${a.url}/widget/boot`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ app_id: ws.writeKey }) });
    const { visitor_token } = (await bootRes.json()) as BootResponse;
    const agent = new Reconnecting(`${b.url.replace(/^http/, 'ws')}/api/app/ws`, { cookie: ws.agentHeaders.cookie!, origin: b.url }, () => undefined, (f) => frames.agent.push(f));
    const visitor = new Reconnecting(
      `${a.url.replace(/^http/, 'ws')}/widget/ws`,
      {},
      (send) => send({ type: 'hello', app_id: ws.writeKey, visitor_token, resume: [] }),
      (f) => frames.visitor.push(f),
    );
    agent.start();
    visitor.start();
    await expect.poll(() => agent.connects + visitor.connects, { timeout: 30_000 }).toBe(2);
    visitor.send({ type: 'send', client_id: 'two-process-hello', body: 'hello from A' });
    await expect.poll(() => frames.agent.some((f) => f.type === 'message' && f.message.body === 'hello from A'), { timeout: 30_000 }).toBe(true);
    // The ack comes from A, the agent's copy through Redis and B: either may come first.
    await expect.poll(() => frames.visitor.some((f) => f.type === 'ack'), { timeout: 30_000 }).toBe(true);
    const ack = frames.visitor.find((f) => f.type === 'ack');
    expect(ack?.type === 'ack' && ack.message.seq).toBe(1);
    const conversationId = ack?.type === 'ack' ? ack.message.conversation_id : '';
    agent.send({ type: 'send', conversation_id: conversationId, client_id: 'two-process-reply', body: 'reply from B' });
    await expect
      .poll(() => frames.visitor.find((f) => f.type === 'message' && f.message.body === 'reply from B'), { timeout: 30_000 })
      .toMatchObject({ message: { seq: 2, author_type: 'agent' } });
    agent.stop();
    visitor.stop();
  }, 60_000);
});
