import { Worker } from 'node:worker_threads';
import { newId } from '../server/platform/ids.ts';
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

/** Runs the load generator in a worker thread; returns its sorted latencies and events/s. */
function load(b: BenchBaton, job: Pick<ClientJob, 'mode' | 'durationMs' | 'concurrency' | 'batchesPerSec'>) {
  const data: ClientJob = { ...job, url: b.url, writeKey: b.writeKey, batch: BATCH, users: USERS, tag: `w${seq++}` };
  const worker = new Worker(new URL('./ingest-client.mjs', import.meta.url), { workerData: data });
  return new Promise<{ latencies: number[]; eventsPerSec: number }>((resolve, reject) => {
    worker.once('message', (m: { latencies: number[]; seconds: number }) =>
      resolve({ latencies: m.latencies.sort((x, y) => x - y), eventsPerSec: (m.latencies.length * BATCH) / m.seconds }),
    );
    worker.once('error', reject);
  });
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
        await b.database.query(text, params);
        batches++;
      }
    }),
  );
  return (batches * BATCH) / ((performance.now() - t0) / 1000);
}

async function benchDriver(driver: Driver) {
  const b = await startBench(driver);
  try {
    for (let from = 0; from < USERS; from += BATCH) await send(b, identifyBatch(from));
    const clients = CLIENTS[driver];
    // Warm the JIT and the database's caches before measuring.
    await load(b, { mode: 'peak', durationMs: 2000, concurrency: clients, batchesPerSec: 0 });
    const http = await load(b, { mode: 'peak', durationMs: PHASE_MS, concurrency: clients, batchesPerSec: 0 });
    const raw = await rawInsert(b, clients);
    const half = (await load(b, { mode: 'rate', durationMs: PHASE_MS, concurrency: 0, batchesPerSec: http.eventsPerSec / 2 / BATCH })).latencies;
    return {
      driver,
      clients,
      batch: BATCH,
      http_events_per_sec: round(http.eventsPerSec, 0),
      raw_insert_events_per_sec: round(raw, 0),
      http_share_of_raw: round(http.eventsPerSec / raw, 3),
      peak_p50_ms: round(percentile(http.latencies, 50)),
      peak_p99_ms: round(percentile(http.latencies, 99)),
      half_rate_events_per_sec: round(http.eventsPerSec / 2, 0),
      half_rate_p50_ms: round(percentile(half, 50)),
      half_rate_p99_ms: round(percentile(half, 99)),
    };
  } finally {
    await b.stop();
  }
}

export async function run() {
  const results = await perDriver('ingest', benchDriver);
  printTable(results);
  const targets = {
    postgres_events_per_sec: 15000,
    postgres_share_of_raw: 0.4,
    pglite_events_per_sec: 5000,
    half_rate_p99_ms: 50,
  };
  const file = writeResults('ingest', { at: new Date().toISOString(), phase_seconds: PHASE_MS / 1000, targets, results });
  console.log(`written to ${file}`);
}
