import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, type TestWorkspace } from '../../test/factories.ts';
import type { WebhookDelivery } from '../../contracts/webhooks.ts';
import { domainEvent } from './context.ts';
import { createJobs, type Gathered, type Jobs } from './jobs.ts';
import { gate, startReceiver, waitFor, type Receiver } from './webhooks/testing.ts';

let baton: TestBaton;
let ws: TestWorkspace;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  baton = await startBaton({ env: { WEBHOOKS_ALLOW_PRIVATE: '1', WEBHOOKS_RETRY_DELAY_SECONDS: '0' } });
  ws = await createWorkspace(baton);
});
afterAll(async () => {
  await baton?.stop();
  await receiver?.close();
});

/** Lets pending callbacks and I/O run without waiting on a clock. */
const yieldTurns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

const jobState = async (id: string) =>
  (await baton.ctx.database.query<{ state: string }>('select state from pgboss.job where id = $1', [id])).rows[0]?.state;

/** A second queue client on the same database, with queues of its own (pg-boss allows many). */
async function withJobs(define: (jobs: Jobs) => void, run: (jobs: Jobs) => Promise<void>) {
  const jobs = createJobs(baton.ctx.database, pino({ level: 'silent' }));
  define(jobs);
  await jobs.start({ work: true });
  try {
    await run(jobs);
  } finally {
    await jobs.stop();
  }
}

describe(`durable jobs on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('retries a failed job and passes the retry count', async () => {
    const seen: number[] = [];
    await withJobs(
      (jobs) =>
        jobs.define<{ n: number }>(
          'test.flaky',
          async (data, meta) => {
            seen.push(meta.retryCount);
            expect(data).toEqual({ n: 7 });
            if (meta.retryCount === 0) throw new Error('first attempt fails');
          },
          { retryLimit: 3, retryDelaySeconds: 0 },
        ),
      async (jobs) => {
        const id = (await jobs.send('test.flaky', { n: 7 }))!;
        await waitFor(async () => (await jobState(id)) === 'completed', 'the retried job to complete');
        expect(seen).toEqual([0, 1]);
      },
    );
  });

  it('schedules retries with exponential backoff', async () => {
    await withJobs(
      (jobs) =>
        jobs.define(
          'test.backoff',
          async () => {
            throw new Error('always fails');
          },
          { retryLimit: 5, retryDelaySeconds: 30 },
        ),
      async (jobs) => {
        const id = (await jobs.send('test.backoff', {}))!;
        await waitFor(async () => (await jobState(id)) === 'retry', 'the first failure');
        const { rows } = await baton.ctx.database.query<{ backoff: boolean; delay: number; wait: number }>(
          `select retry_backoff as backoff, retry_delay as delay,
                  extract(epoch from start_after - now())::float8 as wait
             from pgboss.job where id = $1`,
          [id],
        );
        // pg-boss waits delay·2^n/2 plus up to as much again at random: 30–60 s before retry 1.
        expect(rows[0]).toMatchObject({ backoff: true, delay: 30 });
        expect(rows[0]!.wait).toBeGreaterThan(20);
      },
    );
  });

  it('settles each job of a batch on its own', async () => {
    await withJobs(
      (jobs) =>
        jobs.define<{ fail: boolean }>(
          'test.batch',
          async ({ fail }) => {
            if (fail) throw new Error('this one fails');
          },
          { retryLimit: 0, concurrency: 4 },
        ),
      async (jobs) => {
        const bad = (await jobs.send('test.batch', { fail: true }))!;
        const good = (await jobs.send('test.batch', { fail: false }))!;
        await waitFor(async () => (await jobState(bad)) === 'failed', 'the failing job to fail');
        await waitFor(async () => (await jobState(good)) === 'completed', 'its neighbour to complete');
      },
    );
  });

  it('gathers items per key into one job, at once when the maximum is reached, and sends the rest on stop', async () => {
    const received: Gathered[] = [];
    const jobs = createJobs(baton.ctx.database, pino({ level: 'silent' }));
    jobs.define<Gathered>('test.gather', async (data) => void received.push(data));
    await jobs.start({ work: true });
    const settle = { settleSeconds: 3600, max: 3 };
    for (const item of ['a', 'b', 'a', 'c', 'd']) jobs.gather('test.gather', 'one', item, settle);
    jobs.gather('test.gather', 'two', 'x', settle);
    // The third distinct item filled the first job; nothing else is due for an hour.
    await waitFor(() => received.length === 1, 'the full batch to be sent and run');
    expect(received[0]).toEqual({ key: 'one', items: ['a', 'b', 'c'] });
    await jobs.stop();
    const { rows } = await baton.ctx.database.query<{ data: Gathered }>(
      `select data from pgboss.job where name = 'test.gather' order by data->>'key', created_on`,
    );
    expect(rows.map((r) => r.data)).toEqual([{ key: 'one', items: ['a', 'b', 'c'] }, { key: 'one', items: ['d'] }, { key: 'two', items: ['x'] }]);
  });

  it('sends what it gathered when the settle time is up', async () => {
    const received: Gathered[] = [];
    await withJobs(
      (jobs) => jobs.define<Gathered>('test.gather-settle', async (data) => void received.push(data)),
      async (jobs) => {
        jobs.gather('test.gather-settle', 'k', 'p', { settleSeconds: 0.05, max: 100 });
        jobs.gather('test.gather-settle', 'k', 'q', { settleSeconds: 0.05, max: 100 });
        await waitFor(() => received.length === 1, 'the gathered job to run');
        expect(received).toEqual([{ key: 'k', items: ['p', 'q'] }]);
      },
    );
  });

  it('stop() waits for a job in flight and records its completion', async () => {
    const release = gate();
    const started = gate();
    let finished = false;
    const jobs = createJobs(baton.ctx.database, pino({ level: 'silent' }));
    jobs.define('test.slow', async () => {
      started.open();
      await release.promise;
      finished = true;
    });
    await jobs.start({ work: true });
    const id = (await jobs.send('test.slow', {}))!;
    await started.promise;

    let finishedWhenStopped: boolean | undefined;
    const stopping = jobs.stop().then(() => (finishedWhenStopped = finished));
    await yieldTurns(50);
    expect(finishedWhenStopped).toBeUndefined();
    release.open();
    await stopping;
    expect(finishedWhenStopped).toBe(true);
    expect(await jobState(id)).toBe('completed');
  });
});

describe('graceful shutdown', () => {
  it('baton.close() lets an in-flight webhook delivery finish and record its result', async () => {
    const created = await baton.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: { authorization: `Bearer ${ws.apiKey}` },
      payload: { url: receiver.url, event_types: ['contact.created'] },
    });
    const hook = created.json();
    const release = gate();
    receiver.hold = release.promise;
    await baton.ctx.bus.publish(domainEvent('contact.created', ws.workspaceId, { contact: { id: 'c' } }));
    await waitFor(() => receiver.received.length === 1, 'the delivery to reach the receiver');

    // Release the receiver only once shutdown has reached the job queue.
    const stopCalled = gate();
    const { jobs } = baton.ctx;
    const stop = jobs.stop.bind(jobs);
    jobs.stop = () => {
      stopCalled.open();
      return stop();
    };
    // Published just before shutdown: its fan-out must still reach the queue (durably).
    await baton.ctx.bus.publish(domainEvent('contact.created', ws.workspaceId, { contact: { id: 'late' } }));
    let closed = false;
    const closing = baton.close().then(() => (closed = true));
    await stopCalled.promise;
    await yieldTurns(50);
    expect(closed).toBe(false);
    release.open();
    await closing;

    // The app is closed but the database is the harness's, so the result can be read.
    const { rows } = await baton.ctx.database.query<{ status: WebhookDelivery['status']; attempts: number; state: string }>(
      `select d.status, d.attempts, j.state
         from webhook_deliveries d
         left join pgboss.job j on j.name = 'webhook.deliver' and j.data->>'deliveryId' = d.id::text
        where d.webhook_id = $1
        order by d.id`,
      [hook.id],
    );
    expect(rows).toEqual([
      { status: 'succeeded', attempts: 1, state: 'completed' },
      // Not sent before shutdown, but queued: the next start delivers it.
      { status: 'pending', attempts: 0, state: 'created' },
    ]);
  });
});
