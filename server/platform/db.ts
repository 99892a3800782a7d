import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { PgDialect, type PgDatabase, type PgQueryResultHKT, type PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import pg from 'pg';
import { pgliteStatements } from './pglite-statements.ts';
import * as schema from './schema.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: services accept both so callers can compose. */
export type DbOrTx = Db | Tx;

export interface SqlResult<R> {
  rows: R[];
  rowCount: number;
}

export interface QueryOptions {
  /** Names a statement whose text never changes, so it is prepared once per connection. */
  name?: string;
}

export interface Database {
  driver: 'pglite' | 'postgres';
  db: Db;
  /**
   * Raw parameterised SQL, for the few places Drizzle cannot express (pg-boss, benchmarks, hot
   * statements). With a `name`, the statement is parsed and planned once per connection instead
   * of on every call (for PGlite see pglite-statements.ts).
   */
  query<R = Record<string, unknown>>(text: string, params?: unknown[], opts?: QueryOptions): Promise<SqlResult<R>>;
  /** Runs several statements with no parameters (pg-boss's schema scripts). */
  exec(text: string): Promise<void>;
  migrate(): Promise<void>;
  /** PGlite only: the whole data directory as an image `openDatabase({ image })` starts from. */
  image?(): Promise<Blob>;
  close(): Promise<void>;
}

const dialect = new PgDialect();
const namedTexts = new Map<string, string>();

/**
 * A hot statement composed with Drizzle's `sql` (from subqueries other modules lend) run as a
 * named statement, parsed and planned once per connection. Only its values may change between
 * calls: a second text under the same name would run the first one's plan on PGlite, so it throws.
 */
export async function queryNamed<R>(database: Database, name: string, query: SQL): Promise<SqlResult<R>> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  const known = namedTexts.get(name);
  if (known === undefined) namedTexts.set(name, text);
  else if (known !== text) throw new Error(`named statement ${name} changed its text`);
  return database.query<R>(text, params, { name });
}

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../db/migrations');

export interface DatabaseOptions {
  /** PostgreSQL URL; without it Baton uses the embedded PGlite. */
  url?: string;
  /** PGlite data directory; `memory://` keeps everything in memory (tests). */
  dataDir?: string;
  /**
   * A PGlite data directory dumped after migrating (`dumpDataDir`): opening an in-memory database
   * from it skips initdb and every migration, which is most of a test file's start-up.
   */
  image?: Blob;
  poolSize?: number;
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  return opts.url ? openPostgres(opts.url, opts.poolSize ?? 10) : openPglite(opts.dataDir ?? 'memory://', opts.image);
}

async function openPglite(dataDir: string, image?: Blob): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) fs.mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create({ dataDir: inMemory ? undefined : dataDir, loadDataDir: image });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  const named = pgliteStatements(client);
  return {
    driver: 'pglite',
    db,
    async query<R>(text: string, params?: unknown[], opts?: QueryOptions) {
      if (opts?.name) return named<R>(opts.name, text, params);
      const r = await client.query<R>(text, params as unknown[] | undefined);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
    async exec(text) {
      await client.exec(text);
    },
    async migrate() {
      await migratePglite(drizzlePglite(client), { migrationsFolder });
    },
    async image() {
      return client.dumpDataDir('none');
    },
    async close() {
      if (!client.closed) await client.close();
    },
  };
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client that loses its server must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    driver: 'postgres',
    db,
    async query<R>(text: string, params?: unknown[], opts?: QueryOptions) {
      const r = await pool.query(opts?.name ? { name: opts.name, text, values: params } : { text, values: params });
      return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
    },
    async exec(text) {
      await pool.query(text);
    },
    async migrate() {
      const client = await pool.connect();
      try {
        // Several nodes may start at once; one migrates while the others wait.
        await client.query('select pg_advisory_lock(7261001)');
        await migratePg(drizzlePg(client), { migrationsFolder });
      } finally {
        await client.query('select pg_advisory_unlock(7261001)').catch(() => undefined);
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
