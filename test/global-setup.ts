import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../server/platform/db.ts';

const checkout = createHash('sha1').update(process.cwd()).digest('hex').slice(0, 10);

/**
 * One template per checkout: runs from two working copies on the same server (each with its
 * own migrations) never drop each other's template. Every worker computes the same name.
 */
export const TEMPLATE_DB = `baton_test_template_${checkout}`;

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of this run's migrated PGlite image (absent on PostgreSQL). */
    pgliteImage?: string;
  }
}

/**
 * Migrate once per run, then every test file starts from the result: on PostgreSQL a template
 * database each file clones, on PGlite a data-directory image each file loads (initdb and the
 * migrations are most of an in-memory database's start-up).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const database = await openDatabase({ dataDir: 'memory://' });
    await database.migrate();
    const image = await database.image!();
    await database.close();
    // One file per run: two runs in one checkout must not remove each other's image.
    const file = path.join(os.tmpdir(), `baton-test-pglite-${checkout}-${process.pid}.tar`);
    fs.writeFileSync(file, Buffer.from(await image.arrayBuffer()));
    project.provide('pgliteImage', file);
    return () => fs.rmSync(file, { force: true });
  }
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
  return () => undefined;
}
