import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { MetricDefinition } from '../contracts/experiments.ts';
import { CATCH_UP_BUDGET_MS, createReportService } from '../server/experiments/report/service.ts';
import { round, type BenchBaton, type Driver } from './lib.ts';

/**
 * The report of an experiment with many exposed units and events. Units and events are generated
 * by the database itself (generate_series, a million rows per statement, with a progress line
 * each), events until the target count or the set-up time budget is reached, stamped as received
 * an hour ago (so the rollup's incremental refresh sees only what arrives after its build). As
 * any bulk load does, the events indexes are dropped during the load and built again after it
 * (in the bench's own database), so the queries run against the indexes production has. Unit i
 * is the contact md5('u' || i)::uuid, exposed at a fixed offset; its events fall from 28 days
 * before to 35 days after the exposure. The report has three metrics and the observational
 * comparison. Measured: the rollup job's first build, the report from the rollup; a burst of 1%
 * new events, the job's incremental refresh and the report right after it (which must not read
 * the burst again); a second burst and the report right after it with no job in between (its
 * own catch-up reads the burst, or, past its budget, it shows the last run's figures and the job
 * it asked for is timed, with the report after it); the same report computed directly from the events (the path
 * without a rollup), which must give the same figures; and two floors: count/sum by arm over the
 * events and over the rollup's rows.
 */

const DAY = 86_400;
const CHUNK = 1_000_000;

export interface ReportBenchSize {
  units: number;
  events: number;
  budgetSeconds: number;
}

export async function reportAnalysis(b: BenchBaton, driver: Driver, size: ReportBenchSize) {
  const svc = b.baton.services;
  const ws = b.workspaceId;
  const metric = (m: Record<string, unknown>) => MetricDefinition.parse({ label: String(m.key), window_days: 28, ...m });
  const exp = await svc.experiments.create(ws, {
    key: 'bench-report',
    name: 'Bench report',
    flag_key: 'bench.report',
    unit: 'contact',
    traffic: 1,
    variants: [
      { key: 'control', weight: 1, value: true },
      { key: 'treatment', weight: 1, value: false },
    ],
    registration: {
      hypotheses: [{ text: 'Bench', metric: 'paid', direction: 'any' }],
      metrics: [
        metric({ key: 'paid', kind: 'conversion', event: 'subscription_started' }),
        metric({ key: 'searches', kind: 'count', event: 'help_searched' }),
        metric({ key: 'revenue', kind: 'revenue', event: 'subscription_started', property: 'amount' }),
      ],
      primary_metric: 'paid',
      secondary_metrics: ['searches', 'revenue'],
      guardrails: [],
      alpha: 0.05,
      power: 0.8,
      mode: 'fixed',
      planned_units_per_arm: size.units / 2,
      observational_event: 'help_searched',
    },
  });
  const base = Date.parse('2026-01-01T00:00:00Z') / 1000;
  const exposedAt = (i: string) => `to_timestamp(${base} + (${i} % 2419200))`;
  const setupStart = performance.now();
  await b.database.query(`
    insert into experiment_exposures (workspace_id, experiment_id, unit_id, variant, exposed_at)
    select '${ws}', '${exp.id}', md5('u' || i)::uuid::text, case when i % 2 = 0 then 'control' else 'treatment' end, ${exposedAt('i')}
    from generate_series(1, ${size.units}) as i`);
  const progress = (what: string) => console.log(`  [${driver}] ${what} (${round((performance.now() - setupStart) / 1000)} s)`);
  progress(`${size.units} exposures`);
  const indexes = (await b.database.query<{ name: string; def: string }>(
    `select indexname as name, indexdef as def from pg_indexes where tablename = 'events' and indexname <> 'events_workspace_id_id_pk'`,
  )).rows;
  for (const ix of indexes) await b.database.query(`drop index ${ix.name}`);
  await b.database.query('alter table events drop constraint events_workspace_id_id_pk');
  let events = 0;
  while (events < size.events && (performance.now() - setupStart) / 1000 < size.budgetSeconds) {
    const n = Math.min(CHUNK, size.events - events);
    // Event k belongs to unit j = k % units; treatment units convert a little more often.
    await b.database.query(`
      insert into events (workspace_id, id, contact_id, name, properties, occurred_at, received_at, source)
      select '${ws}', gen_random_uuid(), md5('u' || j)::uuid,
        case when r < 0.03 + 0.01 * (j % 2) then 'subscription_started' when r < 0.4 then 'help_searched' else 'project_updated' end,
        case when r < 0.04 then jsonb_build_object('amount', 49) else '{}'::jsonb end,
        ${exposedAt('j')} + make_interval(secs => (random() * 63 - 28) * ${DAY}), now() - interval '1 hour', 'bench'
      from (select k, 1 + (k % ${size.units}) as j, random() as r from generate_series(${events + 1}, ${events + n}) as k) as g`);
    events += n;
    progress(`${events} / ${size.events} events`);
  }
  await b.database.query(`set maintenance_work_mem = '256MB'`).catch(() => undefined);
  await b.database.query('alter table events add constraint events_workspace_id_id_pk primary key (workspace_id, id)');
  for (const ix of indexes) {
    await b.database.query(ix.def);
    progress(`index ${ix.name} rebuilt`);
  }
  // Fresh bulk data: PostgreSQL's autovacuum would analyse it soon; do it now so plans are steady.
  await b.database.query('analyze events');
  await b.database.query('analyze experiment_exposures');
  const setupS = (performance.now() - setupStart) / 1000;
  progress('set-up done; analysing');

  const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const timed = async <T>(fn: () => Promise<T>) => {
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    let peak = heap0;
    let rss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.heapUsed);
      rss = Math.max(rss, m.rss);
    }, 5);
    const t0 = performance.now();
    const out = await fn();
    const ms = performance.now() - t0;
    clearInterval(sampler);
    const end = process.memoryUsage();
    const peakHeap = Math.max(peak, end.heapUsed);
    return { out, ms, heapMb: (peakHeap - heap0) / 2 ** 20, heapPeakMb: peakHeap / 2 ** 20, rssMb: Math.max(rss, end.rss) / 2 ** 20, load: load() };
  };
  // The report exactly as before the rollup: a report service that finds no rollup.
  const direct = createReportService(b.baton.ctx, { contacts: svc.contacts, experiments: svc.experiments, rollups: { ...svc.experimentRollups, current: async () => null, request: async () => null } });
  const build = await timed(() => svc.experimentRollups.refresh(ws, exp.id));
  progress('rollup built');
  const fromRollup = await timed(() => svc.experimentReports.report(ws, exp.id, {}));
  if (fromRollup.out.freshness.source !== 'rollup') throw new Error('the report did not read the rollup');
  // New data since the build, as a minute of ingestion brings it: 1% more events, received now,
  // for units spread over the whole experiment (a different spread for each burst).
  const fresh = Math.max(1, Math.round(events / 100));
  const burst = (stride: number) =>
    b.database.query(`
      insert into events (workspace_id, id, contact_id, name, properties, occurred_at, received_at, source)
      select '${ws}', gen_random_uuid(), md5('u' || j)::uuid, 'subscription_started', jsonb_build_object('amount', 49), ${exposedAt('j')} + interval '1 day', now(), 'bench'
      from (select 1 + ((k::bigint * ${stride}) % ${size.units}) as j from generate_series(1, ${fresh}) as k) as g`);
  await burst(7919);
  const incremental = await timed(() => svc.experimentRollups.refresh(ws, exp.id));
  progress(`incremental refresh after ${fresh} new events`);
  const afterRefresh = await timed(() => svc.experimentReports.report(ws, exp.id, {}));
  if (afterRefresh.out.freshness.source !== 'rollup') throw new Error('the report after the refresh did not read the rollup');
  const burstAt = Date.now();
  await burst(104_729);
  const afterBurst = await timed(() => svc.experimentReports.report(ws, exp.id, {}));
  progress('report right after a second burst');
  // A catch-up longer than the report's budget is left to the job the report asked for.
  const caughtUp = Date.parse(afterBurst.out.freshness.as_of) >= burstAt;
  const registered = await svc.experiments.get(ws, exp.id);
  const jobAfterBurst = caughtUp
    ? null
    : await timed(async () => {
        // This Baton's own worker runs the job; the rollup's as-of shows when it is done.
        for (;;) {
          const state = await svc.experimentRollups.current(ws, registered);
          if (state && state.asOf.getTime() >= burstAt) return state;
          await new Promise((r) => setTimeout(r, 50));
        }
      });
  const settled = caughtUp ? afterBurst : await timed(() => svc.experimentReports.report(ws, exp.id, {}));
  const live = await timed(() => direct.report(ws, exp.id, {}));
  progress('direct report');
  // The floors: the cheapest aggregate by arm over the events, and over the rollup's rows.
  const floorEvents = await timed(() =>
    b.database.query(`
      select x.variant, count(*) as n, sum((e.name = 'subscription_started')::int) as conversions
      from experiment_exposures x join events e on e.workspace_id = x.workspace_id and e.contact_id = x.unit_uuid
      where x.workspace_id = '${ws}' and x.experiment_id = '${exp.id}'
      group by x.variant`),
  );
  const floorRollup = await timed(() =>
    b.database.query(`
      select variant, count(*) as n, sum(v[1]) as conversions, sum(v[2]) as searches, sum(v[3]) as revenue
      from experiment_rollup_units where workspace_id = '${ws}' and experiment_id = '${exp.id}'
      group by variant`),
  );
  // The rollup's report must agree with the direct computation on the same data, every arm of
  // every metric, up to the order of floating-point sums.
  const figures = (r: typeof live.out) => r.metrics.flatMap((m) => m.arms.flatMap((a) => [a.n, a.mean ?? 0, a.sd ?? 0, a.pre_mean ?? 0]));
  const [rolled, computed] = [figures(settled.out), figures(live.out)];
  if (rolled.some((x, i) => Math.abs(x - computed[i]!) > 1e-9 * Math.max(Math.abs(x), Math.abs(computed[i]!)) + 1e-12))
    throw new Error(`rollup ${rolled} ≠ direct ${computed}`);
  const row = (leg: string, r: { ms: number; heapMb: number; heapPeakMb: number; rssMb: number; load: string }) => ({
    driver, leg, units: size.units, events, setup_s: round(setupS), ms: round(r.ms),
    node_heap_growth_mb: round(r.heapMb), node_heap_peak_mb: round(r.heapPeakMb), node_rss_peak_mb: round(r.rssMb), load: r.load,
  });
  return [
    row('report from the rollup: 3 metrics + observational, by exposure day', fromRollup),
    row(`report right after a burst of ${fresh} events, the job's refresh in between`, afterRefresh),
    row(
      `report right after a burst of ${fresh} events, no job in between (${caughtUp ? 'caught up itself' : `over its ${CATCH_UP_BUDGET_MS} ms catch-up budget: the last run's figures, job asked`})`,
      afterBurst,
    ),
    ...(jobAfterBurst ? [row('the job the report asked for, until its refresh is done', jobAfterBurst), row('report after that job', settled)] : []),
    row('job: rollup first build (every unit from its events)', build),
    row(`job: incremental refresh (${incremental.out!.units} units with ${fresh} new events)`, incremental),
    row('report computed directly from the events (no rollup)', live),
    row('baseline: count/sum by arm over the events', floorEvents),
    row('baseline: count/sum by arm over the rollup rows', floorRollup),
  ];
}
