import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { boot, type Baton } from '../server/boot.ts';
import { loadConfig } from '../server/platform/config.ts';
import { openDatabase, type Database } from '../server/platform/db.ts';
import { newId } from '../server/platform/ids.ts';
import { TEMPLATE_DB } from './global-setup.ts';

/**
 * A database of this test file's own: in-memory PGlite loaded from the run's migrated image by
 * default, or a fresh clone of the migrated template when DATABASE_URL points at PostgreSQL.
 */
export async function testDatabase(): Promise<{ database: Database; url?: string; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const file = inject('pgliteImage');
    const database = await openDatabase({ dataDir: 'memory://', image: file ? new Blob([fs.readFileSync(file)]) : undefined });
    if (!file) await database.migrate();
    return { database, drop: () => database.close() };
  }
  const name = `baton_test_${newId().replace(/-/g, '')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name} template ${TEMPLATE_DB}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  const database = await openDatabase({ url: u.toString(), poolSize: 5 });
  return {
    database,
    url: u.toString(),
    async drop() {
      await database.close();
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export interface TestBaton extends Baton {
  /** Base URL when started with `listen: true`. */
  url: string;
  stop(): Promise<void>;
}

/** Boots a whole Baton on a database of its own. One per test file; share it across its tests. */
export async function startBaton(
  opts: { env?: Record<string, string>; listen?: boolean } = {},
): Promise<TestBaton> {
  const { database, drop } = await testDatabase();
  const config = loadConfig({
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    BATON_DEMO: '0',
    PORT: '0',
    HOST: '127.0.0.1',
    ...opts.env,
  });
  const baton = await boot(config, { database });
  let url = config.publicUrl;
  if (opts.listen) {
    url = await baton.app.listen({ port: 0, host: '127.0.0.1' });
    // Links in mail and the CSRF origin check use the public URL; make it the real one.
    baton.ctx.config.publicUrl = url;
  }
  return {
    ...baton,
    url,
    async stop() {
      await baton.close();
      await drop();
    },
  };
}
