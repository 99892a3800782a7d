import { fork } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { newId } from '../server/platform/ids.ts';
import { cpuMeter } from './cpu.ts';
import { perDriver, percentile, printTable, round, startBench, writeResults, type BenchBaton, type Driver } from './lib.ts';

/**
 * Events/s through HTTP /v1/batch (batches of 100, several concurrent clients), the same rows as
 * raw multi-row INSERTs (the bound), and p99 latency at half the peak rate.
 */

export interface ClientJob {
  url: string;
  writeKey: string;
  mode: 'peak' | 'rate';
  durationMs: number;
  concurrency: number;
  batchesPerSec: number;
  batch: number;
  users: number;
  tag: string;
}

const BATCH = 100;
const USERS = 2000;
const PHASE_MS = Number(process.env.BENCH_SECONDS ?? 8) * 1000;
const CLIENTS: Record<Driver, number> = { pglite: 4, postgres: 8 };
const EVENTS = ['Signed In', 'Viewed Dashboard', 'Created Project', 'Exported Report', 'Invited Teammate'];

let seq = 0;
function identifyBatch(from: number): string {
  const batch = Array.from({ length: BATCH }, (_, i) => ({
    type: 'identify',
    userId: `user-${from + i}`,
    traits: { email: `user-${from + i}@bench.test`, name: `User ${from + i}`, plan: 'pro' },
  }));
  return JSON.stringify({ batch });
}

async function send(b: BenchBaton, body: string): Promise<void> {
  const res = await fetch(`${b.url}/v1/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${b.writeKey}:`).toString('base64')}` },
    body,
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`/v1/batch answered ${res.status}`);
}

interface Loaded {
  latencies: number[];
  eventsPerSec: number;
  events: number;
  /** CPU the load generator itself used, µs per event sent. */
  clientUsPerEvent: number;
}

/** Runs the load generator in a child process (see ingest-client.mjs); returns its sorted latencies and events/s. */
function load(b: BenchBaton, job: Pick<ClientJob, 'mode' | 'durationMs' | 'concurrency' | 'batchesPerSec'>) {
  const data: ClientJob = { ...job, url: b.url, writeKey: b.writeKey, batch: BATCH, users: USERS, tag: `w${seq++}` };
  const child = fork(fileURLToPath(new URL('./ingest-client.mjs', import.meta.url)), [JSON.stringify(data)], { execArgv: [] });
  return new Promise<Loaded>((resolve, reject) => {
    let done = false;
    child.once('message', (m: { latencies: number[]; seconds: number; cpuMs: number }) => {
      done = true;
      const events = m.latencies.length * BATCH;
      resolve({ latencies: m.latencies.sort((x, y) => x - y), eventsPerSec: events / m.seconds, events, clientUsPerEvent: (m.cpuMs * 1000) / events });
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!done) reject(new Error(`the load generator exited with ${code}`));
    });
  });
}

/** PostgreSQL checkpoints started so far (server-wide); each one makes commits wait longer for a while. */
async function checkpoints(b: BenchBaton): Promise<number | 'n/a'> {
  if (b.driver === 'pglite') return 'n/a';
  const { rows } = await b.database.query<{ n: string }>('select checkpoints_timed + checkpoints_req as n from pg_stat_bgwriter');
  return Number(rows[0]!.n);
}

/** Autovacuum and autoanalyze runs on the events table so far: each competes for the 2 cores. */
async function autovacuums(b: BenchBaton): Promise<number | 'n/a'> {
  if (b.driver === 'pglite') return 'n/a';
  const { rows } = await b.database.query<{ n: string }>(
    "select coalesce(sum(autovacuum_count + autoanalyze_count), 0) as n from pg_stat_user_tables where relname = 'events'",
  );
  return Number(rows[0]!.n);
}

/** A load phase with the CPU that the server process and the database backends spent on it. */
async function measured(b: BenchBaton, job: Parameters<typeof load>[1]) {
  const meter = await cpuMeter(b);
  const before = await checkpoints(b);
  const vacuumsBefore = await autovacuums(b);
  const r = await load(b, job);
  const after = await checkpoints(b);
  const vacuumsAfter = await autovacuums(b);
  return {
    ...r,
    checkpoints: typeof before === 'number' && typeof after === 'number' ? after - before : 'n/a',
    autovacuums: typeof vacuumsBefore === 'number' && typeof vacuumsAfter === 'number' ? vacuumsAfter - vacuumsBefore : 'n/a',
    cpu: { ...(await meter.stop(r.events)), client_us_per_event: r.clientUsPerEvent },
  };
}

/** The bound: the same event rows as plain multi-row INSERTs, straight to the database. */
async function rawInsert(b: BenchBaton, clients: number) {
  const contacts = await b.database.query<{ id: string }>('select id from contacts where workspace_id = $1', [b.workspaceId]);
  const ids = contacts.rows.map((r) => r.id);
  const cols = 8;
  const placeholders = Array.from({ length: BATCH }, (_, r) =>
    `(${Array.from({ length: cols }, (_, c) => `$${r * cols + c + 1}`).join(', ')})`,
  ).join(', ');
  const text = `insert into events (workspace_id, id, contact_id, name, properties, occurred_at, message_id, source) values ${placeholders}`;
  let batches = 0;
  const meter = await cpuMeter(b);
  const end = performance.now() + PHASE_MS;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const now = new Date().toISOString();
        const params: unknown[] = [];
        for (let i = 0; i < BATCH; i++) {
          params.push(b.workspaceId, newId(), ids[(batches * BATCH + i) % ids.length], EVENTS[i % EVENTS.length],
            JSON.stringify({ plan: i % 3 ? 'pro' : 'free', value: i, path: `/app/page/${i % 20}` }), now, `raw-${newId()}`, 'bench');
        }
        // Named like Baton's own statement, so the bound also skips parsing and planning.
        await b.database.query(text, params, { name: 'bench_raw_insert' });
        batches++;
      }
    }),
  );
  const eventsPerSec = (batches * BATCH) / ((performance.now() - t0) / 1000);
  // Here the "server" is this process building the rows: the raw bound's client.
  return { eventsPerSec, cpu: await meter.stop(batches * BATCH) };
}

/** PGlite's CPU is inside the server's; a PostgreSQL on another machine cannot be measured from here. */
const us = (n: number | null | undefined) => (n === undefined ? 'in server' : n === null ? 'n/a' : round(n, 1));

async function benchDriver(driver: Driver) {
  // PGlite on disk, as Baton runs it: in memory, every time a table or index file outgrows its
  // buffer the whole file is copied into a new one 12.5% larger, stalling the event loop for
  // up to half a second once the events table holds a few hundred thousand rows.
  const b = await startBench(driver, { pgliteOnDisk: true });
  try {
    for (let from = 0; from < USERS; from += BATCH) await send(b, identifyBatch(from));
    const clients = CLIENTS[driver];
    // Warm the JIT and the database's caches before measuring.
    await load(b, { mode: 'peak', durationMs: 2000, concurrency: clients, batchesPerSec: 0 });
    const http = await measured(b, { mode: 'peak', durationMs: PHASE_MS, concurrency: clients, batchesPerSec: 0 });
    // Latency before the bound: the raw phase writes as fast as the database can, and its dirty
    // pages and autovacuum would otherwise land on Baton's latency phase.
    const half = await measured(b, { mode: 'rate', durationMs: PHASE_MS, concurrency: 0, batchesPerSec: http.eventsPerSec / 2 / BATCH });
    const raw = await rawInsert(b, clients);
    return {
      driver,
      clients,
      batch: BATCH,
      http_events_per_sec: round(http.eventsPerSec, 0),
      raw_insert_events_per_sec: round(raw.eventsPerSec, 0),
      http_share_of_raw: round(http.eventsPerSec / raw.eventsPerSec, 3),
      peak_p50_ms: round(percentile(http.latencies, 50)),
      peak_p99_ms: round(percentile(http.latencies, 99)),
      half_rate_events_per_sec: round(http.eventsPerSec / 2, 0),
      // Below the offered rate when the machine got busier after the peak phase: then requests
      // queued and the latencies say more about the neighbours than about Baton.
      half_rate_achieved_events_per_sec: round(half.eventsPerSec, 0),
      half_rate_p50_ms: round(percentile(half.latencies, 50)),
      half_rate_p99_ms: round(percentile(half.latencies, 99)),
      half_rate_checkpoints: half.checkpoints,
      half_rate_autovacuums: half.autovacuums,
      // CPU µs per event at peak: Baton's process (with PGlite inside it), the database
      // backends (PostgreSQL on this machine), the load generator; and the raw bound's.
      http_server_us: us(http.cpu.server_us_per_event),
      http_db_us: us(http.cpu.database_us_per_event),
      http_client_us: us(http.cpu.client_us_per_event),
      raw_client_us: us(raw.cpu.server_us_per_event),
      raw_db_us: us(raw.cpu.database_us_per_event),
    };
  } finally {
    await b.stop();
  }
}

type Result = Awaited<ReturnType<typeof benchDriver>>;
const RUNS = Number(process.env.BENCH_RUNS ?? 1);

/** Per field, the median over runs (the machine is shared: one run can land on someone else's burst). */
function median(runs: Result[]): Result {
  const out: Record<string, unknown> = { ...runs[0]!, runs: runs.length };
  for (const key of Object.keys(runs[0]!) as (keyof Result)[]) {
    const values = runs.map((r) => r[key]);
    if (values.every((v) => typeof v === 'number')) {
      const sorted = (values as number[]).sort((x, y) => x - y);
      out[key] = sorted[Math.floor((sorted.length - 1) / 2)];
    }
  }
  return out as Result;
}

export async function run() {
  const all: Result[][] = [];
  for (let i = 0; i < RUNS; i++) all.push(await perDriver('ingest', benchDriver));
  const results = all[0]!.map((first, d) => (RUNS === 1 ? first : median(all.map((runs) => runs[d]!))));
  printTable(results);
  const targets = {
    postgres_events_per_sec: 15000,
    postgres_share_of_raw: 0.4,
    pglite_events_per_sec: 5000,
    half_rate_p99_ms: 50,
  };
  const machine = { cpus: os.cpus().length, loadavg_after: os.loadavg().map((l) => round(l, 2)) };
  console.log(`${RUNS} run(s); ${machine.cpus} CPUs, load average ${machine.loadavg_after.join(' ')} at the end`);
  const file = writeResults('ingest', { at: new Date().toISOString(), phase_seconds: PHASE_MS / 1000, machine, targets, results, runs: all });
  console.log(`written to ${file}`);
}
