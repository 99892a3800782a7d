import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { boot } from '../server/boot.ts';
import { createSession } from '../server/platform/auth/sessions.ts';
import { loadConfig } from '../server/platform/config.ts';
import { openDatabase } from '../server/platform/db.ts';
import { newId } from '../server/platform/ids.ts';
import { freePort, startServerProcess } from '../test/server-process.ts';
import { processCpuMs } from './cpu.ts';
import { DEFAULT_PG_URL, postgresAvailable, printTable, writeResults } from './lib.ts';

/**
 * `npm run bench -- chat`: the WebSocket gateway on PostgreSQL with N idle widget sockets and
 * M agents. Baton runs as `npm start` in its own process, the load generator
 * (bench/chat-client.mjs) in another. Measures memory per idle connection, send → other side
 * latency and ack (after commit) latency at a fixed rate, and the closed-loop peak; baselines
 * in the same run: a bare `ws` echo server under the same load and raw single-row INSERTs.
 * CHAT_CONNECTIONS, CHAT_AGENTS, CHAT_RATE, CHAT_SECONDS, CHAT_ACTIVE change the load.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const LOAD = {
  connections: num('CHAT_CONNECTIONS', 5000),
  agentCount: num('CHAT_AGENTS', 10),
  rate: num('CHAT_RATE', 200),
  seconds: num('CHAT_SECONDS', 15),
  active: num('CHAT_ACTIVE', 200),
  peakSenders: 50,
  peakSeconds: 8,
};

export interface ClientJob {
  target: 'baton' | 'echo';
  url: string;
  pid: number;
  connections: number;
  active: number;
  rate: number;
  seconds: number;
  peakSenders: number;
  peakSeconds: number;
  readyFrame: boolean;
  appId?: string;
  origin?: string;
  visitors: Array<{ token: string; conversationId?: string }>;
  agents: string[];
}

interface ClientResult {
  connections: number;
  connect_s: number;
  rss_before_mb: number;
  rss_idle_mb: number;
  kb_per_idle_connection: number;
  rate: {
    sent: number;
    acked: number;
    achieved_per_s: number;
    delivered: { p50_ms: number | null; p99_ms: number | null };
    ack: { p50_ms: number | null; p99_ms: number | null };
    reply: { p50_ms: number | null; p99_ms: number | null };
  };
  peak_per_s: number;
}

function runClient(job: ClientJob): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    // Thousands of visitor tokens are too long for a command line: the job goes in a file.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'baton-chat-')), 'job.json');
    fs.writeFileSync(file, JSON.stringify(job));
    const child = spawn(process.execPath, [path.join(root, 'bench/chat-client.mjs'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += String(d)));
    child.on('error', reject);
    child.on('exit', (code) => {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
      return code === 0 ? resolve(JSON.parse(out) as ClientResult) : reject(new Error(`load generator exited with ${code}`));
    });
  });
}

async function echoServer(): Promise<{ port: number; pid: number; stop(): void }> {
  const child = spawn(process.execPath, [path.join(root, 'bench/chat-echo.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
  return { port, pid: child.pid!, stop: () => child.kill('SIGTERM') };
}

/** Single-row INSERTs, each its own commit, from 10 connections: what PostgreSQL does here without Baton. */
async function insertRate(url: string): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  await pool.query('create table bench_insert (workspace_id uuid, conversation_id uuid, seq int, client_id text, body text, created_at timestamptz default now(), primary key (workspace_id, conversation_id, seq))');
  const ws = newId();
  let n = 0;
  const until = Date.now() + 5000;
  await Promise.all(
    Array.from({ length: 10 }, async (_, w) => {
      const conversation = newId();
      for (let s = 1; Date.now() < until; s++) {
        await pool.query('insert into bench_insert (workspace_id, conversation_id, seq, client_id, body) values ($1, $2, $3, $4, $5)', [ws, conversation, s, `c${w}-${s}`, 'hello']);
        n++;
      }
    }),
  );
  await pool.end();
  return Math.round(n / 5);
}

/** The jobs the Baton run queued, by queue: work a chat makes beside its messages. */
async function backgroundJobs(url: string, since: Date): Promise<{ total: number; byQueue: Record<string, number>; summary: string }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; n: number }>(
      'select name, count(*)::int as n from pgboss.job where created_on >= $1 group by name order by n desc',
      [since],
    );
    return {
      total: rows.reduce((s, r) => s + r.n, 0),
      byQueue: Object.fromEntries(rows.map((r) => [r.name, r.n])),
      summary: rows.map((r) => `${r.name} ${r.n}`).join(', '),
    };
  } finally {
    await client.end();
  }
}

export async function run(): Promise<void> {
  if (!(await postgresAvailable())) {
    console.log('PostgreSQL is not reachable: the chat bench needs it (DATABASE_URL).');
    return;
  }
  const limit = Number(execFileSync('sh', ['-c', 'ulimit -n']).toString().trim());
  if (limit < LOAD.connections * 2 + 1000) {
    console.log(`ulimit -n is ${limit}: too low for ${LOAD.connections} connections (each needs a descriptor on both ends). Raise it or lower CHAT_CONNECTIONS.`);
    return;
  }
  const base = process.env.DATABASE_URL ?? DEFAULT_PG_URL;
  const name = `baton_bench_${newId().replace(/-/g, '')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  const dbUrl = u.toString();
  try {
    console.log(`chat: setting up ${LOAD.connections} visitors, ${LOAD.active} conversations, ${LOAD.agentCount} agents…`);
    const database = await openDatabase({ url: dbUrl, poolSize: 10 });
    await database.migrate();
    const node = await boot(loadConfig({ LOG_LEVEL: 'warn', BATON_DEMO: '0', PORT: '0', HOST: '127.0.0.1', DATABASE_URL: dbUrl }), { database });
    const ws = await node.services.workspaces.create({ name: 'Chat bench', owner: { email: `bench-${newId()}@example.test`, password: `pw-${newId()}` } });
    const visitors: ClientJob['visitors'] = new Array(LOAD.connections);
    let next = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < LOAD.connections) {
          const i = next++;
          const b = await node.services.inbox.boot({ app_id: ws.writeKey }, async () => undefined);
          visitors[i] = { token: b.visitor_token };
          if (i < LOAD.active) {
            const viewer = await node.services.inbox.viewer(ws.writeKey, b.visitor_token);
            const sent = await node.services.inbox.start(ws.workspaceId, { kind: 'visitor', viewer }, { contactId: viewer.contactId, body: 'hello', clientId: `bench-start-${i}` });
            visitors[i]!.conversationId = sent.conversation.id;
          }
        }
      }),
    );
    const agents: string[] = [];
    for (let i = 0; i < LOAD.agentCount; i++) {
      const session = await createSession(node.ctx.db, { agentId: ws.ownerAgentId, workspaceId: ws.workspaceId });
      agents.push(`baton_session=${session.token}`);
    }
    await node.close();
    await database.close();

    console.log('chat: baseline, a bare ws echo server…');
    const echo = await echoServer();
    const echoResult = await runClient({
      target: 'echo',
      url: `ws://127.0.0.1:${echo.port}`,
      pid: echo.pid,
      readyFrame: false,
      visitors: [],
      agents: [],
      ...LOAD,
    });
    echo.stop();

    console.log('chat: baseline, raw INSERTs…');
    const inserts = await insertRate(dbUrl);

    console.log('chat: Baton (npm start on PostgreSQL)…');
    const server = await startServerProcess({ databaseUrl: dbUrl, port: await freePort(), env: { LOG_LEVEL: 'warn' } });
    let baton: ClientResult;
    const loadBefore = os.loadavg()[0]!;
    const cpuBefore = processCpuMs(server.child.pid!);
    const jobsFrom = new Date();
    let cpuMs: number | null = null;
    try {
      baton = await runClient({
        target: 'baton',
        url: server.url.replace(/^http/, 'ws'),
        origin: server.url,
        pid: server.child.pid!,
        readyFrame: true,
        appId: ws.writeKey,
        visitors,
        agents,
        ...LOAD,
      });
      const cpuAfter = processCpuMs(server.child.pid!);
      cpuMs = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
    } finally {
      await server.kill('SIGTERM');
    }
    const loadAfter = os.loadavg()[0]!;
    const jobs = await backgroundJobs(dbUrl, jobsFrom);

    const row = (what: string, r: ClientResult, extra: { delivered: string; ack: string }) => ({
      server: what,
      connections: r.connections,
      connect_s: r.connect_s,
      kb_per_idle_conn: r.kb_per_idle_connection,
      rss_idle_mb: r.rss_idle_mb,
      'msg/s offered': LOAD.rate,
      'msg/s done': r.rate.achieved_per_s,
      'delivered p50/p99 ms': extra.delivered,
      'ack p50/p99 ms': extra.ack,
      'peak msg/s': r.peak_per_s,
    });
    const ms = (s: { p50_ms: number | null; p99_ms: number | null }) => `${s.p50_ms?.toFixed(1) ?? '-'} / ${s.p99_ms?.toFixed(1) ?? '-'}`;
    const rows = [
      row('Baton gateway', baton, { delivered: `${ms(baton.rate.delivered)} (agent→visitor ${ms(baton.rate.reply)})`, ack: ms(baton.rate.ack) }),
      row('baseline: bare ws echo', echoResult, { delivered: ms(echoResult.rate.delivered), ack: '-' }),
    ];
    printTable(rows);
    console.log(`Baseline: raw single-row INSERTs (10 connections, autocommit): ${inserts}/s; Baton's closed-loop peak is ${Math.round((baton.peak_per_s / inserts) * 100)}% of it.`);
    // Every message the server handled: the fixed-rate phase and the closed-loop peak.
    const messages = baton.rate.sent + baton.peak_per_s * LOAD.peakSeconds;
    const cpuPerMessage = cpuMs === null ? null : Math.round((cpuMs * 1000) / messages);
    const jobsPer1000 = Math.round((jobs.total / messages) * 1000 * 10) / 10;
    console.log(`Baton's process used ${cpuPerMessage ?? '-'} µs of CPU per message (connecting and idle time included); background jobs: ${jobsPer1000} per 1,000 messages (${jobs.summary || 'none'}).`);
    console.log(`Load average (1 min) ${loadBefore.toFixed(2)} before the Baton run, ${loadAfter.toFixed(2)} after.`);
    console.log(`Targets: ${LOAD.connections} connections on one node; ≤ 30 KB per idle connection; p99 ≤ 50 ms at 200 msg/s, every message committed before its ack.`);
    console.log(
      `Wrote ${writeResults('chat', {
        at: new Date().toISOString(), load: LOAD, load_average: { before: loadBefore, after: loadAfter }, baton, echo: echoResult, raw_inserts_per_s: inserts,
        server_cpu_us_per_message: cpuPerMessage, background_jobs: jobs.byQueue,
      })}`,
    );
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
