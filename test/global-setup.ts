import pg from 'pg';
import { openDatabase } from '../server/platform/db.ts';

export const TEMPLATE_DB = 'baton_test_template';

/**
 * On PostgreSQL, migrate one template database once; each test file then clones it (see
 * harness.ts), so files run in parallel on databases of their own.
 */
export default async function setup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
    await admin.query(`create database ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const u = new URL(url);
  u.pathname = `/${TEMPLATE_DB}`;
  const database = await openDatabase({ url: u.toString(), poolSize: 1 });
  await database.migrate();
  await database.close();
}
