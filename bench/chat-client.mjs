import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

/**
 * The load generator for bench/chat.ts, in a process of its own (neither the server's event
 * loop nor its heap). Plain JavaScript, so it starts without a TypeScript loader. Targets:
 * `baton` (the gateway: N widget sockets, M agent sockets) or `echo` (a bare ws echo server,
 * the baseline). Prints one JSON line with what it measured.
 */

/** @type {import('./chat.ts').ClientJob} */
const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resident memory of the server under test, from /proc (Linux). */
function rssKb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
}

function open(url, headers, onFrame, first) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers, perMessageDeflate: false });
    socket.on('error', reject);
    socket.on('open', () => {
      if (first) socket.send(JSON.stringify(first));
      if (!job.readyFrame) resolve(socket);
    });
    socket.on('message', (data) => {
      const f = JSON.parse(String(data));
      if (job.readyFrame && f.type === 'ready') resolve(socket);
      onFrame(f, socket);
    });
  });
}

/** Opens `count` sockets, `parallel` at a time. */
async function openAll(count, parallel, make) {
  const out = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await make(i);
      }
    }),
  );
  return out;
}

const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : null);
function summary(samples) {
  const s = samples.sort((a, b) => a - b);
  return { n: s.length, p50_ms: pct(s, 50), p99_ms: pct(s, 99), max_ms: s.at(-1) ?? null };
}

const sent = new Map();
const lat = { delivered: [], ack: [], reply: [] };
let acked = 0;
let seq = 0;

async function run() {
  const rssBefore = rssKb(job.pid);
  const t0 = performance.now();
  let visitors;
  let agents = [];
  if (job.target === 'echo') {
    visitors = await openAll(job.connections, 100, () =>
      open(job.url, {}, (f) => {
        const t = sent.get(f.id);
        if (t !== undefined) {
          sent.delete(f.id);
          lat.delivered.push(performance.now() - t);
          acked++;
        }
      }),
    );
  } else {
    const onVisitorFrame = (f) => {
      if (f.type === 'ack') {
        const t = sent.get(f.client_id);
        if (t !== undefined) lat.ack.push(performance.now() - t);
        acked++;
      } else if (f.type === 'message' && f.message.author_type === 'agent') {
        const t = sent.get(f.message.client_id);
        if (t !== undefined) {
          sent.delete(f.message.client_id);
          lat.reply.push(performance.now() - t);
        }
      }
    };
    visitors = await openAll(job.connections, 100, (i) =>
      open(job.url + '/widget/ws', {}, onVisitorFrame, { v: 1, type: 'hello', app_id: job.appId, visitor_token: job.visitors[i].token, resume: [] }),
    );
    const onAgentFrame = (f, socket) => {
      if (f.type === 'ack') {
        const t = sent.get(f.client_id);
        if (t !== undefined) lat.ack.push(performance.now() - t);
        acked++;
      } else if (f.type === 'message' && f.message.author_type === 'contact' && socket === agents[0]) {
        const t = sent.get(f.message.client_id);
        if (t !== undefined) lat.delivered.push(performance.now() - t);
      }
    };
    agents = await openAll(job.agents.length, 10, (i) => open(job.url + '/api/app/ws', { cookie: job.agents[i], origin: job.origin }, onAgentFrame));
  }
  const connectS = (performance.now() - t0) / 1000;
  await sleep(3000);
  const rssIdle = rssKb(job.pid);

  // Open loop at the target rate: one message every 1/rate s, however long earlier ones take.
  const active = job.target === 'echo' ? job.active : job.visitors.filter((v) => v.conversationId).length;
  const sendOne = (fromAgent) => {
    const n = seq++;
    const id = `bench-${job.target}-${n}`;
    if (job.target === 'echo') {
      sent.set(id, performance.now());
      visitors[n % active].send(JSON.stringify({ id }));
      return;
    }
    const v = job.visitors[n % active];
    sent.set(id, performance.now());
    if (fromAgent) agents[n % agents.length].send(JSON.stringify({ v: 1, type: 'send', conversation_id: v.conversationId, client_id: id, body: `reply ${n}` }));
    else visitors[n % active].send(JSON.stringify({ v: 1, type: 'send', conversation_id: v.conversationId, client_id: id, body: `message ${n}` }));
  };
  const start = performance.now();
  let issued = 0;
  while (performance.now() - start < job.seconds * 1000) {
    const due = Math.floor(((performance.now() - start) / 1000) * job.rate);
    // Baton: every other message is an agent's reply, so both directions are timed.
    for (; issued < due; issued++) sendOne(job.target === 'baton' && issued % 2 === 1);
    await sleep(2);
  }
  const total = issued;
  const drainUntil = performance.now() + 10_000;
  while (acked < total && performance.now() < drainUntil) await sleep(20);
  const rateResult = { sent: total, acked, achieved_per_s: Math.round(acked / job.seconds), delivered: summary(lat.delivered), ack: summary(lat.ack), reply: summary(lat.reply) };

  // Closed loop: `peakSenders` clients each send the next message as soon as the last is acknowledged.
  acked = 0;
  const peakStart = performance.now();
  let peakDone = 0;
  const senders = Math.min(job.peakSenders, active);
  await Promise.all(
    Array.from({ length: senders }, async (_, k) => {
      const socket = visitors[k];
      while (performance.now() - peakStart < job.peakSeconds * 1000) {
        const n = seq++;
        const id = `peak-${job.target}-${n}`;
        await new Promise((resolve) => {
          const onMessage = (data) => {
            const f = JSON.parse(String(data));
            if ((job.target === 'echo' && f.id === id) || (f.type === 'ack' && f.client_id === id)) {
              socket.off('message', onMessage);
              resolve();
            }
          };
          socket.on('message', onMessage);
          socket.send(JSON.stringify(job.target === 'echo' ? { id } : { v: 1, type: 'send', conversation_id: job.visitors[k].conversationId, client_id: id, body: `peak ${n}` }));
        });
        peakDone++;
      }
    }),
  );
  const peakPerS = Math.round(peakDone / ((performance.now() - peakStart) / 1000));
  for (const s of [...visitors, ...agents]) s.terminate();
  process.stdout.write(
    `${JSON.stringify({
      connections: visitors.length,
      agents: agents.length,
      connect_s: Math.round(connectS * 10) / 10,
      rss_before_mb: Math.round(rssBefore / 102.4) / 10,
      rss_idle_mb: Math.round(rssIdle / 102.4) / 10,
      kb_per_idle_connection: Math.round(((rssIdle - rssBefore) / visitors.length) * 10) / 10,
      rate: rateResult,
      peak_per_s: peakPerS,
    })}\n`,
  );
}

run().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
