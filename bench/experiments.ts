import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import { assign, CompiledExperiment, CompiledHoldout, layerRanges } from '../server/experiments/assignment/allocation.ts';
import { murmur3 } from '../server/experiments/assignment/murmur3.ts';
import { analyze, type ArmSummary } from '../server/experiments/stats/analyze.ts';
import { armSummaryFromAggregates, unitAggregatesSql, type UnitAggregates } from '../server/experiments/stats/sql-summary.ts';
import { summarizeArm } from '../server/experiments/stats/summarize.ts';
import { parseDesign } from '../server/experiments/input/design.ts';
import { reportAnalysis } from './experiment-report.ts';
import { perDriver, percentile, printTable, round, startBench, writeResults, type BenchBaton, type Driver } from './lib.ts';

/**
 * `npm run bench -- experiments`: in-process flag evaluations per second — a full assignment with
 * global holdout, layer, traffic and variant — against the bare murmur3 of the same ids as the
 * baseline; analysis time from per-arm sufficient statistics against summarizing the raw units in
 * Node; per driver, the analysis of 1,000,000 units aggregated in the database (sufficient
 * statistics by SQL, then the same analysis) with the Node heap it took; and latency of
 * POST /api/v1/flags/evaluate (three running experiments, first exposures and repeat evaluations)
 * against evaluating a flag no experiment runs on (the fixed cost of an authenticated request).
 */

const IDS = 1_000_000;
const UNITS = 1_000_000;
const REPEAT = 5;
const REQUESTS = Number(process.env.BENCH_EVALUATIONS ?? 3000);
const CONCURRENCY = 8;
/**
 * The report leg: 1,000,000 exposed units and 10,000,000 events on PostgreSQL, within a set-up
 * budget (BENCH_REPORT_BUDGET seconds); the embedded database gets a tenth (it is one
 * WebAssembly thread in this process, and its heap counts against Node's memory).
 */
const REPORT_SIZE = {
  postgres: { units: Number(process.env.BENCH_REPORT_UNITS ?? 1_000_000), events: Number(process.env.BENCH_REPORT_EVENTS ?? 10_000_000), budgetSeconds: Number(process.env.BENCH_REPORT_BUDGET ?? 900) },
  pglite: { units: 100_000, events: 1_000_000, budgetSeconds: Number(process.env.BENCH_REPORT_BUDGET ?? 900) },
} as const;

function best(fn: () => void): number {
  let ms = Infinity;
  for (let r = 0; r < REPEAT; r++) {
    const start = performance.now();
    fn();
    ms = Math.min(ms, performance.now() - start);
  }
  return ms;
}

/** A reproducible stream of numbers in [0, 1) for the synthetic units (xorshift32). */
function stream(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** Latencies (sorted, ms) of `REQUESTS` calls of `call(i)` from CONCURRENCY clients. */
async function latencies(call: (i: number) => Promise<void>): Promise<number[]> {
  const ms: number[] = [];
  let next = 0;
  const client = async () => {
    for (let i = next++; i < REQUESTS; i = next++) {
      const t0 = performance.now();
      await call(i);
      ms.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  return ms.sort((x, y) => x - y);
}

async function post(url: string, headers: Record<string, string>, body: unknown): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
}

/** POST /api/v1/flags/evaluate with body i for request i. */
const evaluations = (b: BenchBaton, body: (i: number) => unknown) =>
  latencies((i) => post(`${b.url}/api/v1/flags/evaluate`, { authorization: `Bearer ${b.apiKey}` }, body(i)));

/**
 * The floors of a request in this process: a bare Fastify route answering the same body over
 * HTTP (no auth, no database), and `select 1` on Baton's own database pool.
 */
async function floors(b: BenchBaton, body: (i: number) => unknown) {
  const app = Fastify();
  app.post('/floor', async () => ({ flags: {} }));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const http = await latencies((i) => post(`${url}/floor`, {}, body(i)));
    const select1 = await latencies(async () => void (await b.database.query('select 1')));
    return { http, select1 };
  } finally {
    await app.close();
  }
}

const DESIGN = parseDesign(JSON.stringify({ control: 'control', variants: ['control', 'treatment'], intended_split: { control: 0.5, treatment: 0.5 } }));

/** 1,000,000 generated units in a table (made by the database itself), analysed from SQL aggregates. */
async function sqlAnalysis(b: BenchBaton, driver: Driver) {
  await b.database.query('select setseed(0.42)');
  await b.database.query(`
    create table bench_units as
    select case when i % 2 = 0 then 'control' else 'treatment' end as variant,
      converted, round((converted * (pre * 0.6 + random() * 40))::numeric, 2)::float8 as revenue,
      pre as pre_revenue, floor(random() * 4)::int as conversations, floor(random() * 6)::int as searches
    from (select i, (random() < 0.1 + 0.01 * (i % 2))::int as converted, round((random() * 80)::numeric, 2)::float8 as pre
          from generate_series(1, ${UNITS}) as i) as g`);
  const heapBefore = process.memoryUsage().heapUsed;
  let ms = Infinity;
  let result: ReturnType<typeof analyze> | undefined;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    const { rows } = await b.database.query<UnitAggregates>(unitAggregatesSql('select * from bench_units'));
    result = analyze(DESIGN, new Map(rows.map((row) => [row.variant, armSummaryFromAggregates(row)])));
    ms = Math.min(ms, performance.now() - t0);
  }
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  await b.database.query('drop table bench_units');
  const n = result!.results.variants.control!.n + result!.results.variants.treatment!.n;
  return { driver, units: n, analysis_ms: round(ms), node_heap_growth_mb: round(heapMb) };
}

async function restLeg(driver: Driver) {
  const b = await startBench(driver);
  try {
    const analysis = await sqlAnalysis(b, driver);
    const report = await reportAnalysis(b, driver, REPORT_SIZE[driver]);
    const flags = ['help.links', 'messenger.shown', 'checklist.onboarding'];
    for (const [i, flag] of flags.entries()) {
      const exp = await b.baton.services.experiments.create(b.workspaceId, {
        key: `bench-${i}`,
        name: `Bench ${i}`,
        flag_key: flag,
        unit: i === 1 ? 'company' : 'contact',
        traffic: 0.9,
        variants: [
          { key: 'control', weight: 1, value: true },
          { key: 'test', weight: 1, value: false },
        ],
        registration: {
          hypotheses: [{ text: 'Bench', metric: 'conversion', direction: 'any' }],
          metrics: [{ key: 'conversion', label: 'Converted', kind: 'conversion', event: 'subscription_started', source: 'event_property', window_days: 28 }],
          primary_metric: 'conversion',
          secondary_metrics: [],
          guardrails: [],
          alpha: 0.05,
          power: 0.8,
          mode: 'fixed',
          planned_units_per_arm: 1000,
        },
      });
      await b.baton.services.experiments.start(b.workspaceId, exp.id);
    }
    const units = (i: number) => ({ contact: `contact-${i}`, company: `company-${i % 500}` });
    const idle = await evaluations(b, (i) => ({ units: units(i), flags: ['no.experiment'] }));
    const first = await evaluations(b, (i) => ({ units: units(i), flags }));
    const repeat = await evaluations(b, (i) => ({ units: units(i), flags }));
    const floor = await floors(b, (i) => ({ units: units(i), flags }));
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    const floorP99 = percentile(floor.http, 99);
    const row = (leg: string, ms: number[]) => ({
      driver, leg, requests: ms.length, p50_ms: round(percentile(ms, 50), 2), p99_ms: round(percentile(ms, 99), 2),
      p99_vs_bare_http: round(percentile(ms, 99) / floorP99, 2), load,
    });
    return {
      analysis,
      report,
      rest: [
        row('POST /api/v1/flags/evaluate: 3 flags, first exposures', first),
        row('POST /api/v1/flags/evaluate: 3 flags, repeat (exposure exists)', repeat),
        row('baseline: evaluate a flag with no experiment', idle),
        row('baseline: bare Fastify route, same process, same body', floor.http),
        row('baseline: select 1 on the database pool (no HTTP)', floor.select1),
      ],
    };
  } finally {
    await b.stop();
  }
}

export async function run(): Promise<void> {
  const ids = Array.from({ length: IDS }, (_, i) => `0191d3a2-${(i * 2654435761 >>> 0).toString(16).padStart(8, '0')}-7000-8000-${i.toString(16).padStart(12, '0')}`);
  const holdout = new CompiledHoldout({ salt: 'bench-holdout', share: 0.05 });
  const [range] = layerRanges('bench-layer', [0.5]);
  const experiment = new CompiledExperiment({
    salt: 'bench-experiment',
    traffic: 0.8,
    variants: [
      { key: 'control', weight: 1 },
      { key: 'treatment', weight: 1 },
    ],
    layer: range,
  });
  let sink = 0;
  const hashMs = best(() => {
    for (let i = 0; i < IDS; i++) sink ^= murmur3(ids[i]!, 42);
  });
  const assignMs = best(() => {
    for (let i = 0; i < IDS; i++) sink += assign(experiment, ids[i]!, holdout).enrolled ? 1 : 0;
  });

  const random = stream(7);
  const columns = () => ({ converted: [] as number[], revenue: [] as number[], preRevenue: [] as number[], conversations: [] as number[], searches: [] as number[] });
  const units = { control: columns(), treatment: columns() };
  for (let i = 0; i < UNITS; i++) {
    const arm = i % 2 ? units.treatment : units.control;
    const pre = random() * 100;
    const converted = random() < 0.1 ? 1 : 0;
    arm.converted.push(converted);
    arm.preRevenue.push(pre);
    arm.revenue.push(converted * (pre * 0.5 + random() * 50));
    arm.conversations.push(Math.floor(random() * 4));
    arm.searches.push(Math.floor(random() * 6));
  }
  let summaries = new Map<string, ArmSummary>();
  const summarizeMs = best(() => {
    summaries = new Map([
      ['control', summarizeArm(units.control)],
      ['treatment', summarizeArm(units.treatment)],
    ]);
  });
  const ANALYSES = 10_000;
  const analyzeMs = best(() => {
    for (let i = 0; i < ANALYSES; i++) sink += analyze(DESIGN, summaries).results.srm.df;
  });

  const results = [
    { leg: 'flag evaluation (holdout + layer + traffic + variant)', count: IDS, ms: round(assignMs), per_second: Math.round(IDS / (assignMs / 1000)) },
    { leg: 'baseline: bare murmur3 of the id', count: IDS, ms: round(hashMs), per_second: Math.round(IDS / (hashMs / 1000)) },
    { leg: 'analysis from sufficient statistics (2 arms)', count: ANALYSES, ms: round(analyzeMs), per_second: Math.round(ANALYSES / (analyzeMs / 1000)) },
    { leg: 'baseline: summarize raw units in Node (two-pass)', count: UNITS, ms: round(summarizeMs), per_second: Math.round(UNITS / (summarizeMs / 1000)) },
  ];
  printTable(results);
  const legs = await perDriver('experiments', restLeg);
  const analysis = legs.map((l) => l.analysis);
  const rest = legs.flatMap((l) => l.rest);
  const report = legs.flatMap((l) => l.report);
  printTable(analysis);
  printTable(report);
  printTable(rest);
  const only = process.env.BENCH_DRIVER;
  const file = writeResults(only ? `experiments-${only}` : 'experiments', {
    at: new Date().toISOString(),
    load_average: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    // Printed so the measured loops cannot be optimised away.
    checksum: sink % 1000,
    targets: { flag_evaluations_per_second: 1_000_000, postgres_analysis_ms: 5000 },
    results,
    sql_analysis: analysis,
    report_analysis: report,
    rest: { concurrency: CONCURRENCY, results: rest },
  });
  console.log(`written to ${file}`);
}
