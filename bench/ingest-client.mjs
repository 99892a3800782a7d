import http from 'node:http';
import { randomUUID } from 'node:crypto';

/**
 * The load generator for bench/ingest.ts, in a child process of its own so that building and
 * sending batches shares neither the server's event loop nor its heap and garbage collector, as
 * real clients would not. It sends with node:http over keep-alive connections: fetch costs
 * several times more CPU per request, and on a small machine every core the client takes is
 * one the server under test does not get. Plain JavaScript, so it starts without a TypeScript
 * loader. Modes: `peak` (closed loop, `concurrency` senders as fast as they go) and `rate`
 * (open loop, one batch every 1/rate s, however long earlier ones take).
 */

const EVENTS = ['Signed In', 'Viewed Dashboard', 'Created Project', 'Exported Report', 'Invited Teammate'];
/** @type {import('./ingest.ts').ClientJob} */
const job = JSON.parse(process.argv[2]);
const target = new URL('/v1/batch', job.url);
const auth = `Basic ${Buffer.from(`${job.writeKey}:`).toString('base64')}`;
const agent = new http.Agent({ keepAlive: true, maxSockets: job.mode === 'peak' ? job.concurrency : Infinity });
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

/** One POST /v1/batch; resolves with its latency in ms once the whole response has arrived. */
function send() {
  const body = Buffer.from(trackBatch());
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(target, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': body.length, authorization: auth },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      res.on('data', () => undefined);
      res.on('error', reject);
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`/v1/batch answered ${res.statusCode}`));
        else resolve(performance.now() - t0);
      });
    });
    req.end(body);
  });
}

/** @type {number[]} */
const latencies = [];
const cpu0 = process.cpuUsage();
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
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
agent.destroy();
process.send({ latencies, seconds, cpuMs: (cpu.user + cpu.system) / 1000 }, () => process.exit(0));
