import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { boot, type Baton } from '../server/boot.ts';
import { loadConfig } from '../server/platform/config.ts';
import { openDatabase, type Database } from '../server/platform/db.ts';
import { newId } from '../server/platform/ids.ts';

export type Driver = 'pglite' | 'postgres';
export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface BenchBaton {
  driver: Driver;
  baton: Baton;
  url: string;
  database: Database;
  workspaceId: string;
  writeKey: string;
  apiKey: string;
  /** A kept database named by BENCH_DATABASE, whose Bench workspace already holds the data. */
  reused: boolean;
  stop(): Promise<void>;
}

/**
 * A listening Baton on a database of its own: PGlite (in memory, or with `pgliteOnDisk` in a
 * temporary directory, as `npm start` runs it), or a fresh PostgreSQL database (dropped at stop
 * unless BENCH_KEEP_DATABASE=1). With `reusable`, BENCH_DATABASE=<name> runs on a database an
 * earlier run kept, on its Bench workspace, and the bench skips generating its data.
 */
export async function startBench(driver: Driver, opts: { pgliteOnDisk?: boolean; reusable?: boolean } = {}): Promise<BenchBaton> {
  const reuse = driver === 'postgres' && opts.reusable === true ? process.env.BENCH_DATABASE : undefined;
  let database: Database;
  let drop = async () => undefined as void;
  if (driver === 'pglite' && opts.pgliteOnDisk) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bench-'));
    database = await openDatabase({ dataDir: dir });
    drop = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else if (driver === 'pglite') {
    database = await openDatabase({ dataDir: 'memory://' });
  } else if (reuse) {
    const u = new URL(process.env.DATABASE_URL ?? DEFAULT_PG_URL);
    u.pathname = `/${reuse}`;
    database = await openDatabase({ url: u.toString(), poolSize: 10 });
  } else {
    const base = process.env.DATABASE_URL ?? DEFAULT_PG_URL;
    const name = `baton_bench_${newId().replace(/-/g, '')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    database = await openDatabase({ url: u.toString(), poolSize: 10 });
    drop = async () => {
      // BENCH_KEEP_DATABASE=1 leaves the generated data for EXPLAIN ANALYZE; drop it by hand after.
      if (process.env.BENCH_KEEP_DATABASE === '1') return void console.log(`  kept database ${name} (BENCH_KEEP_DATABASE=1)`);
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    };
  }
  await database.migrate();
  if (database.driver === 'pglite') countNamedStatements(database);
  const config = loadConfig({ LOG_LEVEL: 'warn', BATON_DEMO: '0', PORT: '0', HOST: '127.0.0.1' });
  const baton = await boot(config, { database });
  const url = await baton.app.listen({ port: 0, host: '127.0.0.1' });
  const reused = reuse !== undefined;
  const kept = reused ? (await database.query<{ id: string }>(`select id from workspaces where name = 'Bench' order by created_at limit 1`)).rows[0] : undefined;
  if (reused && !kept) throw new Error(`BENCH_DATABASE=${reuse} has no Bench workspace`);
  const ws = kept
    ? { workspaceId: kept.id, writeKey: '', apiKey: '' }
    : await baton.services.workspaces.create({ name: 'Bench', owner: { email: `bench-${newId()}@example.test`, password: `pw-${newId()}` } });
  return {
    driver,
    baton,
    url,
    database,
    reused,
    workspaceId: ws.workspaceId,
    writeKey: ws.writeKey,
    apiKey: ws.apiKey,
    async stop() {
      await baton.close();
      await database.close();
      await drop();
    },
  };
}

/** Whether PostgreSQL answers at the bench URL; the PostgreSQL leg is skipped, loudly, if not. */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL ?? DEFAULT_PG_URL });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export function printTable(rows: Record<string, string | number | boolean>[]): void {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]!);
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(width[i]!)).join('  ');
  console.log(line(cols));
  console.log(line(width.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(cols.map((c) => String(r[c]))));
}

export function writeResults(name: string, data: unknown): string {
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}

function drivers(): Driver[] {
  const only = process.env.BENCH_DRIVER;
  return only === 'pglite' || only === 'postgres' ? [only] : ['pglite', 'postgres'];
}

/** Runs one leg of a benchmark per driver (BENCH_DRIVER picks one), saying so when PostgreSQL is skipped. */
export async function perDriver<T>(name: string, leg: (driver: Driver) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (const driver of drivers()) {
    if (driver === 'postgres' && !(await postgresAvailable())) {
      console.log('PostgreSQL is not reachable: skipping the PostgreSQL leg.');
      continue;
    }
    console.log(`${name}: ${driver}…`);
    out.push(await leg(driver));
  }
  return out;
}

const queryTally = new AsyncLocalStorage<{ queries: number }>();
let tallying = false;

/**
 * PGlite runs a named statement through its wire protocol, not through query(): the tally counts
 * those at the database (on PostgreSQL they go through pg's Client.query, counted below).
 */
function countNamedStatements(database: Database): void {
  const query = database.query.bind(database);
  database.query = (text, params, opts) => {
    const t = opts?.name ? queryTally.getStore() : undefined;
    if (t) t.queries++;
    return query(text, params, opts);
  };
}

/**
 * Counts the database round trips made inside `measured` (on either driver, by wrapping the
 * drivers' query methods once) and the process CPU time it took: numbers a loaded machine does
 * not inflate the way it inflates wall-clock time.
 */
export async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; queries: number; cpuMicros: number }> {
  if (!tallying) {
    tallying = true;
    for (const proto of [pg.Client.prototype, PGlite.prototype] as unknown as { query: (...args: unknown[]) => unknown }[]) {
      const original = proto.query;
      proto.query = function (this: unknown, ...args: unknown[]) {
        const t = queryTally.getStore();
        if (t) t.queries++;
        return original.apply(this, args);
      };
    }
  }
  const tally = { queries: 0 };
  const cpu = process.cpuUsage();
  const value = await queryTally.run(tally, fn);
  const used = process.cpuUsage(cpu);
  return { value, queries: tally.queries, cpuMicros: used.user + used.system };
}
