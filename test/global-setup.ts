import { createHash } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../server/platform/db.ts';

/**
 * One template per checkout: runs from two working copies on the same server (each with its
 * own migrations) never drop each other's template. Every worker computes the same name.
 */
export const TEMPLATE_DB = `baton_test_template_${createHash('sha1').update(process.cwd()).digest('hex').slice(0, 10)}`;

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
