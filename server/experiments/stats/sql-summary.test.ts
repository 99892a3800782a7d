import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/harness.ts';
import type { Database } from '../../platform/db.ts';
import { parseDesign } from '../input/design.ts';
import { parseUnits } from '../input/units-csv.ts';
import { analyze } from './analyze.ts';
import { armSummaryFromAggregates, unitAggregatesSql, type UnitAggregates } from './sql-summary.ts';

/**
 * The same fixtures as fixtures.test.ts, but with the per-arm statistics aggregated by the
 * database (PGlite, or PostgreSQL with DATABASE_URL) instead of by Node.
 */

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
let db: { database: Database; drop(): Promise<void> };
beforeAll(async () => {
  db = await testDatabase();
});
afterAll(() => db?.drop());

function within(actual: unknown, expected: unknown, at: string, out: string[]): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const abs = Math.abs(actual - expected);
    if (!(abs <= 1e-9 || abs <= 1e-6 * Math.abs(expected))) out.push(`${at}: ${actual} ≠ ${expected}`);
  } else if (expected && typeof expected === 'object' && actual && typeof actual === 'object') {
    for (const k of Object.keys(expected)) within((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], `${at}.${k}`, out);
  } else if (actual !== expected) out.push(`${at}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`);
}

describe('sufficient statistics aggregated in SQL', () => {
  it.each(['large-effect', 'three-arms', 'revenue-outlier', 'tiny', 'zero-control'])('%s matches the scipy reference', async (name) => {
    const read = (f: string) => fs.readFileSync(path.join(FIXTURES, name, f), 'utf8');
    const design = parseDesign(read('design.json'));
    const table = `units_${name.replace(/-/g, '_')}`;
    await db.database.query(
      // A plain table: a pool may run each statement on another connection, where a temporary one is missing.
      `create table ${table} (variant text, converted int, revenue float8, pre_revenue float8, conversations int, searches int)`,
    );
    const rows = [...parseUnits(read('units.csv'), design)].flatMap(([variant, u]) =>
      u.converted.map((c, i) => [variant, c, u.revenue[i], u.preRevenue[i], u.conversations[i], u.searches[i]]),
    );
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000);
      const values = chunk.map((_, j) => `($${j * 6 + 1}, $${j * 6 + 2}, $${j * 6 + 3}, $${j * 6 + 4}, $${j * 6 + 5}, $${j * 6 + 6})`).join(', ');
      await db.database.query(`insert into ${table} values ${values}`, chunk.flat());
    }
    const { rows: aggregates } = await db.database.query<UnitAggregates>(unitAggregatesSql(`select * from ${table}`));
    await db.database.query(`drop table ${table}`);
    const arms = new Map(aggregates.map((r) => [r.variant, armSummaryFromAggregates(r)]));
    const result = JSON.parse(JSON.stringify(analyze(design, arms)));
    const problems: string[] = [];
    within(result, JSON.parse(read('expected.json')), '', problems);
    expect(problems).toEqual([]);
  });
});
