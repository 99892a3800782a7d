import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { percentile, perDriver, printTable, round, startBench, writeResults, type BenchBaton, type Driver } from './lib.ts';

/**
 * Insights report queries over a large history, generated set-wise by the database itself
 * (generate_series, in chunks with progress): conversations over the last year with 2–4 messages,
 * routing under SLA policies, teams, closes, CSAT; companies with plan/MRR history; events. Each
 * report query is timed against a baseline in the same run: counting the period's conversations.
 * The support reports read the conversation facts rollup: its sweep job (sent to the durable queue
 * and run by this Baton's worker, as on a fresh install) builds it before any report is timed, and
 * its incremental run is timed too. The ticket-volume report is timed before and after the
 * weekly-activity rollup job has run, and for companies before and after the open-weeks job. The
 * load average is recorded beside the numbers.
 *
 * Sizes: BENCH_CONVERSATIONS (PostgreSQL, default 1,000,000), BENCH_EVENTS (default 10,000,000),
 * BENCH_PGLITE_CONVERSATIONS (default 100,000). BENCH_RUNS timed runs per query (default 10).
 */

const CHUNK = 100_000;
const DAY = 86_400;
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

export interface Size {
  conversations: number;
  events: number;
  companies: number;
}

async function chunked(label: string, total: number, fn: (from: number, to: number) => Promise<unknown>) {
  const start = performance.now();
  for (let done = 0; done < total; ) {
    const n = Math.min(CHUNK, total - done);
    await fn(done + 1, done + n);
    done += n;
    const s = (performance.now() - start) / 1000;
    process.stdout.write(`\r  ${label}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} (${round(s)} s)   `);
  }
  process.stdout.write('\n');
}

export async function generate(b: Pick<BenchBaton, 'workspaceId' | 'database'>, size: Size) {
  const ws = b.workspaceId;
  const q = (text: string) => b.database.query(text);
  const now = Math.floor(Date.now() / 1000);
  for (let t = 1; t <= 3; t++) await q(`insert into teams (workspace_id, id, name) values ('${ws}', md5('team${t}')::uuid, 'Team ${t}')`);
  await q(`insert into sla_policies (workspace_id, id, name, first_response_minutes) values
    ('${ws}', md5('sla1')::uuid, 'Premium: 1 hour', 60), ('${ws}', md5('sla8')::uuid, 'Standard: 8 hours', 480)`);
  for (let t = 1; t <= 3; t++) await q(`insert into tags (workspace_id, id, name, key) values ('${ws}', md5('tag${t}')::uuid, 'Tag ${t}', 'tag ${t}')`);
  await chunked('companies', size.companies, (a, z) =>
    q(`insert into companies (workspace_id, id, external_id, name, plan, mrr, created_at)
       select '${ws}', md5('co' || i)::uuid, 'co' || i, 'Company ' || i, case when i % 4 = 0 then 'premium' else 'standard' end,
              case when i % 4 = 0 then 500 else 100 end, to_timestamp(${now - 400 * DAY} + (i * 7919) % (380 * ${DAY}))
       from generate_series(${a}, ${z}) as i`),
  );
  // The trigger wrote each company's first row at now(); move it to its sign-up, and cancel a tenth mid-year.
  await q(`update company_mrr_history h set at = c.created_at from companies c where h.workspace_id = c.workspace_id and h.company_id = c.id and h.workspace_id = '${ws}'`);
  await q(`insert into company_mrr_history (workspace_id, company_id, at, plan, mrr)
           select '${ws}', md5('co' || i)::uuid, to_timestamp(${now - 60 * DAY} + i % (50 * ${DAY})), 'cancelled', 0
           from generate_series(1, ${size.companies}) as i where i % 10 = 3`);
  await chunked('conversations', size.conversations, async (a, z) => {
    await q(`insert into conversations (workspace_id, id, contact_id, channel, state, team_id, last_seq, created_at, first_response_at, closed_at, csat_rating, updated_at)
      select '${ws}', md5('c' || i)::uuid, md5('p' || (i % ${size.conversations / 5}))::uuid, case when i % 3 = 0 then 'api' else 'messenger' end,
             case when i % 5 = 0 then 'open' else 'closed' end, md5('team' || (1 + i % 3))::uuid, 2 + i % 3, t,
             case when i % 9 = 4 then null else t + make_interval(secs => 60 + (i * 37) % 36000) end,
             case when i % 5 = 0 or i % 9 = 4 then null else t + make_interval(secs => 600 + (i * 53) % 86400) end,
             case when i % 5 <> 0 and i % 9 <> 4 and i % 3 = 1 then 1 + i % 5 end, t
      from (select i, to_timestamp(${now - 365 * DAY} + (i::bigint * 31536000 / ${size.conversations})) as t from generate_series(${a}, ${z}) as i) g`);
    await q(`insert into messages (workspace_id, conversation_id, seq, id, client_id, author_type, body, body_html, created_at)
      select '${ws}', md5('c' || i)::uuid, s, gen_random_uuid(), 'm' || s, case when s % 2 = 1 then 'contact' else 'agent' end, 'x', '<p>x</p>',
             to_timestamp(${now - 365 * DAY} + (i::bigint * 31536000 / ${size.conversations})) + make_interval(secs => (s - 1) * (60 + (i * 37) % 36000))
      from generate_series(${a}, ${z}) as i cross join lateral generate_series(1, 2 + i % 3) as s`);
    await q(`insert into conversation_routing (workspace_id, conversation_id, sla_policy_id, first_response_due_at, routed_at)
      select '${ws}', md5('c' || i)::uuid, case when i % 4 = 0 then md5('sla1')::uuid else md5('sla8')::uuid end,
             to_timestamp(${now - 365 * DAY} + (i::bigint * 31536000 / ${size.conversations})) + case when i % 4 = 0 then interval '1 hour' else interval '8 hours' end,
             to_timestamp(${now - 365 * DAY} + (i::bigint * 31536000 / ${size.conversations}))
      from generate_series(${a}, ${z}) as i where i % 2 = 0
      on conflict do nothing`); // the routing sweep may route the newest ones first
    // Tagged when created: a tag row stamped with the generation time would read to the facts sweep as a change.
    await q(`insert into conversation_tags (workspace_id, conversation_id, tag_id, created_at)
      select '${ws}', md5('c' || i)::uuid, md5('tag' || (1 + i % 3))::uuid, to_timestamp(${now - 365 * DAY} + (i::bigint * 31536000 / ${size.conversations}))
      from generate_series(${a}, ${z}) as i where i % 4 = 0`);
    await q(`insert into conversation_closes (workspace_id, conversation_id, closed_at)
      select workspace_id, id, closed_at from conversations where workspace_id = '${ws}' and closed_at is not null
        and id in (select md5('c' || i)::uuid from generate_series(${a}, ${z}) as i)`);
  });
  await chunked('contacts in companies', size.conversations / 5, (a, z) =>
    // Joined long ago: a membership written within the sweep's margin would read to it as a change.
    q(`insert into contact_companies (workspace_id, contact_id, company_id, created_at)
       select '${ws}', md5('p' || (i - 1))::uuid, md5('co' || (1 + i % ${size.companies}))::uuid, to_timestamp(${now - 400 * DAY})
       from generate_series(${a}, ${z}) as i`),
  );
  await chunked('events', size.events, (a, z) =>
    q(`insert into events (workspace_id, id, contact_id, name, properties, occurred_at, received_at, source)
       select '${ws}', gen_random_uuid(), md5('p' || (i % ${size.conversations / 5}))::uuid, case when i % 7 = 0 then 'help_searched' when i % 101 = 0 then 'help_deflection' else 'project_updated' end,
              '{}'::jsonb, to_timestamp(${now - 365 * DAY} + (i::bigint * 31536000 / ${size.events})), now(), 'bench'
       from generate_series(${a}, ${z}) as i`),
  );
  for (const t of ['conversations', 'messages', 'conversation_routing', 'conversation_closes', 'conversation_tags', 'companies', 'company_mrr_history', 'contact_companies', 'events']) {
    await q(`analyze ${t}`);
  }
}

async function leg(driver: Driver) {
  const size: Size =
    driver === 'postgres'
      ? { conversations: num('BENCH_CONVERSATIONS', 1_000_000), events: num('BENCH_EVENTS', 10_000_000), companies: 10_000 }
      : { conversations: num('BENCH_PGLITE_CONVERSATIONS', 100_000), events: num('BENCH_PGLITE_EVENTS', 1_000_000), companies: 2_000 };
  const b = await startBench(driver, { reusable: true });
  try {
    const setup = performance.now();
    if (!b.reused) await generate(b, size);
    const setupS = round((performance.now() - setup) / 1000);
    const svc = b.baton.services.insights;
    const ws = b.workspaceId;
    const build = performance.now();
    // The data went in behind the app's back, with past updated_at, and a cron sweep may have run
    // while it did: forget that sweep, so the job builds whole as on a fresh install.
    // The sweep's own lock waits out a sweep under way; only one built after this counts.
    const { rows: forgot } = await b.database.query<{ at: string }>(
      `with l as (select pg_advisory_xact_lock(hashtext('insights.facts:' || $1::text))),
            d as (delete from insights_conversation_facts_state where workspace_id = $1::text::uuid and exists (select from l))
       select clock_timestamp()::text as at from l`,
      [ws],
    );
    await svc.facts.requestSweep();
    for (;;) {
      const { rows: state } = await b.database.query<{ n: number }>(
        `select count(*)::int as n from insights_conversation_facts_state where workspace_id = $1 and built_at > $2`,
        [ws, forgot[0]!.at],
      );
      if (state[0]!.n > 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const buildS = round((performance.now() - build) / 1000);
    const { rows: built } = await b.database.query<{ n: number }>(`select count(*)::int as n from insights_conversation_facts where workspace_id = $1`, [ws]);
    if (built[0]!.n !== size.conversations) throw new Error(`the facts job built ${built[0]!.n} rows for ${size.conversations} conversations`);
    console.log(`  facts rollup built by the sweep job: ${built[0]!.n.toLocaleString('en')} rows in ${buildS} s`);
    // A kept database holds the weekly rollup of its last run: the legs without it start from none.
    if (b.reused) await b.database.query(`delete from insights_weekly_activity where workspace_id = $1`, [ws]);
    const to = new Date();
    const days = (n: number) => ({ from: new Date(to.getTime() - n * DAY * 1000).toISOString(), to: to.toISOString() });
    const runs = num('BENCH_RUNS', 10);
    /** Waits out a sweep of the workspace under way (a cron run), by trying its lock for one statement. */
    const sweepIdle = async () => {
      for (let waited = 0; ; waited += 500) {
        const { rows: lock } = await b.database.query<{ ok: boolean }>(`select pg_try_advisory_xact_lock(hashtext('insights.facts:' || $1::text)) as ok`, [ws]);
        if (lock[0]!.ok) return;
        if (waited === 0) console.log('  waiting for a facts sweep under way…');
        await new Promise((r) => setTimeout(r, 500));
      }
    };
    const forgetOpenWeeks = async () => {
      for (const t of ['insights_open_weeks', 'insights_open_week_companies']) await b.database.query(`delete from ${t} where workspace_id = $1`, [ws]);
    };
    /**
     * [name, query, timed runs (default BENCH_RUNS), set-up run before it]; each runs once
     * untimed first, except a one-off.
     */
    const queries: [string, () => Promise<unknown>, number?, (() => Promise<unknown>)?][] = [
      ['baseline: count 30 days', () => b.database.query(`select count(*) from conversations where workspace_id = $1 and created_at >= $2 and created_at < $3`, [ws, days(30).from, days(30).to])],
      // As after a burst of activity: the sweep's incremental run recomputes what changed since its
      // last run. A cron sweep holding the lock, or taking the burst first, would time nothing.
      ['facts sweep, incremental (1,000 changed)', async () => {
        const swept = await svc.facts.sweep(ws);
        if (swept === null || swept.full || swept.conversations < 1000) throw new Error(`the timed sweep did not recompute the burst: ${JSON.stringify(swept)}`);
      }, 1, async () => {
        await sweepIdle();
        await b.database.query(`update conversations set updated_at = now() where workspace_id = $1 and id in (select md5('c' || i)::uuid from generate_series(1, 1000) as i)`, [ws]);
      }],
      ['support 30 days', () => svc.support(ws, { ...days(30), group_by: 'none' })],
      ['support 30 days, office hours', () => svc.support(ws, { ...days(30), group_by: 'none', time: 'office' })],
      ['support 30 days by team', () => svc.support(ws, { ...days(30), group_by: 'team' })],
      ['support 30 days by tier', () => svc.support(ws, { ...days(30), group_by: 'tier' })],
      ['support 30 days by SLA policy', () => svc.support(ws, { ...days(30), group_by: 'sla_policy' })],
      ['support 30 days by tag', () => svc.support(ws, { ...days(30), group_by: 'tag' })],
      ['support 90 days', () => svc.support(ws, { ...days(90), group_by: 'none' })],
      ['volume 30 days', () => svc.volume(ws, { ...days(30), tz: 'Europe/Berlin' })],
      ['outcomes 90 days by tier', () => svc.outcomes(ws, { ...days(90), group_by: 'tier' })],
      ['outcomes 90 days by SLA policy', () => svc.outcomes(ws, { ...days(90), group_by: 'sla_policy' })],
      ['ticket volume 26 weeks (contacts), no rollup', () => svc.ticketVolume(ws, { ...days(26 * 7), unit: 'contact' })],
      ['ticket volume 26 weeks (companies), no rollup', () => svc.ticketVolume(ws, { ...days(26 * 7), unit: 'company' })],
      // The daily job's first run fills every complete week; later runs recount only the last two.
      ['rollup job, first run', () => svc.rollUpActivity(ws), 1],
      ['rollup job, daily run', () => svc.rollUpActivity(ws)],
      ['ticket volume 26 weeks (contacts), rollup', () => svc.ticketVolume(ws, { ...days(26 * 7), unit: 'contact' })],
      // The open-weeks job keeps the current week's active companies; its cron may have run meanwhile.
      ['ticket volume 26 weeks (companies), rollup, no open-week set', () => svc.ticketVolume(ws, { ...days(26 * 7), unit: 'company' }), runs, forgetOpenWeeks],
      ['open-weeks job (companies), first run', () => svc.recountOpenWeeks(ws), 1, forgetOpenWeeks],
      ['open-weeks job (companies), next run', () => svc.recountOpenWeeks(ws)],
      ['ticket volume 26 weeks (companies), rollup and open-week set', () => svc.ticketVolume(ws, { ...days(26 * 7), unit: 'company' })],
      // As if the job had stalled for a day: a day of events is counted live.
      ['ticket volume 26 weeks (companies), open-week set a day old', () => svc.ticketVolume(ws, { ...days(26 * 7), unit: 'company' }), runs,
        () => b.database.query(`update insights_open_weeks set counted_through = counted_through - interval '1 day' where workspace_id = $1`, [ws])],
    ];
    const rows = [];
    let baseline = 0;
    // BENCH_ONLY=volume,outcomes: the baseline and the queries whose names hold one of those words.
    const only = process.env.BENCH_ONLY?.split(',');
    const picked = queries.filter(([name]) => !only || name.startsWith('baseline') || only.some((w) => name.includes(w)));
    for (const [name, fn, n = runs, before] of picked) {
      await before?.();
      if (n > 1) await fn();
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        const s = performance.now();
        await fn();
        times.push(performance.now() - s);
      }
      times.sort((x, y) => x - y);
      const p50 = percentile(times, 50);
      if (name.startsWith('baseline')) baseline = p50;
      const load = round(os.loadavg()[0]!, 2);
      rows.push({
        driver, query: name, p50_ms: round(p50), p95_ms: round(percentile(times, 95)), vs_baseline: round(p50 / baseline),
        conversations: size.conversations, events: size.events, setup_s: setupS, facts_build_s: buildS, load_1m: load,
      });
      console.log(`  ${name}: p50 ${round(p50)} ms, p95 ${round(percentile(times, 95))} ms (load ${load})`);
    }
    return rows;
  } finally {
    await b.stop();
  }
}

export async function run() {
  const rows = (await perDriver('insights', leg)).flat();
  printTable(rows);
  console.log(`wrote ${writeResults('insights', { at: new Date().toISOString(), rows })}`);
}
