import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/harness.ts';
import type { Database } from './db.ts';
import { gate } from './webhooks/testing.ts';

let database: Database;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ database, drop } = await testDatabase());
  await database.exec('create table named_probe (id int primary key, note text, at timestamptz)');
});
afterAll(() => drop?.());

const insert = `insert into named_probe (id, note, at) values ($1, $2, $3) returning id, note, at, id > 1 as big`;
const count = 'select count(*)::int as n from named_probe where id = $1';

describe('named statements', () => {
  it('answer like unnamed ones, with the same types, on every call', async () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    const first = await database.query(insert, [1, 'one', at.toISOString()], { name: 'probe_insert' });
    const again = await database.query(insert, [2, 'two', at], { name: 'probe_insert' });
    const plain = await database.query(insert, [3, 'three', at.toISOString()]);
    expect(first).toEqual({ rows: [{ id: 1, note: 'one', at, big: false }], rowCount: 1 });
    expect(again.rows).toEqual([{ id: 2, note: 'two', at, big: true }]);
    expect(plain.rows).toEqual([{ id: 3, note: 'three', at, big: true }]);
  });

  it('raise the database error, with its code, and keep working afterwards', async () => {
    await expect(database.query(insert, [1, 'again', null], { name: 'probe_insert' })).rejects.toMatchObject({ code: '23505' });
    expect((await database.query(insert, [4, null, null], { name: 'probe_insert' })).rows).toEqual([{ id: 4, note: null, at: null, big: true }]);
  });

  it("never run inside a transaction another caller has open", async () => {
    const inserted = gate();
    const finish = gate();
    const tx = database.db
      .transaction(async (t) => {
        await t.execute(sql`insert into named_probe (id) values (100)`);
        inserted.open();
        await finish.promise;
        throw new Error('roll back on purpose');
      })
      .catch((err: Error) => err.message);
    await inserted.promise;
    // On PGlite there is one connection: run inside the open transaction, this would see row 100.
    const seen = database.query<{ n: number }>(count, [100], { name: 'probe_count' });
    finish.open();
    expect(await tx).toBe('roll back on purpose');
    expect((await seen).rows).toEqual([{ n: 0 }]);
  });
});
