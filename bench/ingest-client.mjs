import { parentPort, workerData } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';

/**
 * The load generator for bench/ingest.ts, in a worker thread so that building and sending
 * batches does not share the server's event loop. Plain JavaScript: worker threads do not
 * inherit the TypeScript loader. Modes: `peak` (closed loop, `concurrency`
 * senders as fast as they go) and `rate` (open loop, one batch every 1/rate s).
 */

const EVENTS = ['Signed In', 'Viewed Dashboard', 'Created Project', 'Exported Report', 'Invited Teammate'];
/** @type {import('./ingest.ts').ClientJob} */
const job = workerData;
const auth = `Basic ${Buffer.from(`${job.writeKey}:`).toString('base64')}`;
let seq = 0;

function trackBatch() {
  const run = seq++;
  const now = new Date().toISOString();
  const batch = Array.from({ length: job.batch }, (_, i) => ({
    type: 'track',
    messageId: `${job.tag}-${run}-${i}-${randomUUID()}`,
    userId: `user-${(run * job.batch + i) % job.users}`,
    event: EVENTS[i % EVENTS.length],
    properties: { plan: i % 3 ? 'pro' : 'free', value: i, path: `/app/page/${i % 20}` },
    timestamp: now,
    context: { library: { name: 'bench', version: '1' } },
  }));
  return JSON.stringify({ batch, sentAt: now });
}

async function send() {
  const body = trackBatch();
  const t0 = performance.now();
  const res = await fetch(`${job.url}/v1/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: auth },
    body,
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`/v1/batch answered ${res.status}`);
  return performance.now() - t0;
}

/** @type {number[]} */
const latencies = [];
const t0 = performance.now();
const end = t0 + job.durationMs;
if (job.mode === 'peak') {
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      while (performance.now() < end) latencies.push(await send());
    }),
  );
} else {
  const interval = 1000 / job.batchesPerSec;
  const pending = [];
  for (let i = 0; performance.now() < end; i++) {
    const wait = t0 + i * interval - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(send().then((ms) => void latencies.push(ms)));
  }
  await Promise.all(pending);
}
parentPort.postMessage({ latencies, seconds: (performance.now() - t0) / 1000 });
