import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contact, ContactPage } from '../../contracts/contacts.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, type TestWorkspace } from '../../test/factories.ts';

/**
 * Property tests: malformed payloads and hostile filter/sort values get a 4xx (never a 500),
 * change nothing when refused, and never reach the database as SQL.
 */

let baton: TestBaton;
let ws: TestWorkspace;
let contactId = '';
let leadId = '';
let companyId = '';

const HOSTILE = [
  "'; drop table contacts; --",
  "' or '1'='1",
  'Robert"); DELETE FROM contacts WHERE ("1"="1',
  '%',
  '_',
  '\\',
  "O'Brien",
  '$1',
  '::jsonb',
  '), (select 1',
  '😀 emoji',
  '李小龍',
  'Әлия',
  'Ёжик',
  '\u202e right-to-left',
  '{"a":1}',
  'null',
];

const send = async (method: string, url: string, payload?: unknown) => {
  const res = await baton.app.inject({
    method: method as 'POST',
    url,
    headers: { authorization: `Bearer ${ws.apiKey}`, 'content-type': 'application/json' },
    ...(payload === undefined ? {} : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
  });
  return { status: res.statusCode, body: res.body };
};

/** A fingerprint of every row this module stores: any change shows. */
async function fingerprint() {
  const tables = ['contacts', 'companies', 'contact_companies', 'events', 'page_views', 'attribute_definitions'];
  const parts = await Promise.all(
    tables.map(async (t) => {
      const r = await baton.ctx.database.query<{ h: string | null }>(
        `select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from ${t} x`,
      );
      return r.rows[0]!.h;
    }),
  );
  return parts.join(',');
}

beforeAll(async () => {
  baton = await startBaton();
  ws = await createWorkspace(baton);
  await send('POST', '/api/v1/attributes', { target: 'contact', key: 'age', label: 'Age', type: 'number' });
  await send('POST', '/api/v1/attributes', { target: 'contact', key: 'joined', label: 'Joined', type: 'date' });
  companyId = JSON.parse((await send('POST', '/api/v1/companies', { name: 'Fuzz Inc' })).body).id;
  contactId = JSON.parse((await send('POST', '/api/v1/contacts', { external_id: 'fuzz-user', company_ids: [companyId] })).body).id;
  leadId = JSON.parse((await send('POST', '/api/v1/contacts', { name: 'Fuzz lead' })).body).id;
  for (const [i, note] of HOSTILE.entries()) {
    const res = await send('POST', '/api/v1/contacts', { name: `n${i} ${note}`, attributes: { note, age: i, joined: `2024-01-${String(i + 1).padStart(2, '0')}T00:00:00Z` } });
    expect(res.status).toBe(201);
  }
});
afterAll(() => baton?.stop());

const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
);
const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), hostileString, fc.constantFrom('0000-01-01T00:00:00Z', '2020-02-30T00:00:00Z', '-271821-04-20', 1e308, -1, 2 ** 31, 'x'.repeat(40_000)));

describe('malformed payloads at the REST API', () => {
  const routes = () => [
    ['POST', '/api/v1/contacts'],
    ['PATCH', `/api/v1/contacts/${contactId}`],
    ['POST', `/api/v1/contacts/${leadId}/merge`],
    ['POST', '/api/v1/companies'],
    ['PATCH', `/api/v1/companies/${companyId}`],
    ['POST', '/api/v1/events'],
    ['POST', '/api/v1/attributes'],
    ['GET', `/api/v1/contacts/not-a-uuid`],
  ] as const;
  const fields = ['email', 'name', 'external_id', 'role', 'attributes', 'company_ids', 'signed_up_at', 'into_id', 'contact_id',
    'plan', 'mrr', 'trial_ends_at', 'size', 'key', 'type', 'target', 'label', 'occurred_at', 'properties', 'workspace_id', 'message_id'];
  const payload = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.dictionary(fc.constantFrom(...fields), anyValue, { maxKeys: 5 }),
    fc.record({ attributes: fc.dictionary(fc.oneof(fc.constantFrom('age', 'joined'), hostileString), anyValue, { maxKeys: 3 }) }),
    fc.constantFrom('{"name":', 'not json', '[1,2', '{"name":"\\u0000"}', '{"attributes":{"k":"\\ud800"}}', '{"__proto__":{"x":1}}'),
  );

  it('answers 4xx, never 5xx, and changes nothing when it refuses', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: routes().length - 1 }), payload, async (r, body) => {
        const [method, url] = routes()[r]!;
        const before = await fingerprint();
        const res = await send(method, url, method === 'GET' ? undefined : body);
        expect(res.status, `${method} ${url} ${JSON.stringify(body)?.slice(0, 200)} → ${res.body}`).toBeLessThan(500);
        if (res.status >= 400) expect(await fingerprint()).toBe(before);
      }),
      { numRuns: 150 },
    );
  });
});

describe('hostile filters and sorts', () => {
  const list = (qs: Record<string, string>) => send('GET', `/api/v1/contacts?${new URLSearchParams(qs)}`);
  const field = fc.oneof(
    fc.constantFrom('email', 'name', 'role', 'created_at', 'session_count', 'attributes.note', 'attributes.age', 'attributes.joined'),
    hostileString.map((s) => `attributes.${s}`),
    hostileString,
  );
  const op = fc.oneof(fc.constantFrom('eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'starts_with', 'exists', 'not_exists'), hostileString);
  const condition = fc.record({ field, op, value: anyValue }, { requiredKeys: ['field', 'op'] });

  it('answers 200 or 400 and never lets a value act as SQL', async () => {
    const count = await baton.ctx.database.query('select count(*)::int as n from contacts');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.array(condition, { maxLength: 3 }).map((c) => JSON.stringify(c)), hostileString),
        fc.oneof(fc.constantFrom('created_at', 'name', 'email', 'attributes.note', 'attributes.age'), field),
        fc.constantFrom('asc', 'desc'),
        fc.option(hostileString),
        async (filter, sort, order, q) => {
          const res = await list({ filter, sort, order, ...(q === null ? {} : { q }) });
          expect([200, 400], `${filter} ${sort} → ${res.body}`).toContain(res.status);
        },
      ),
      { numRuns: 200 },
    );
    expect((await baton.ctx.database.query('select count(*)::int as n from contacts')).rows).toEqual(count.rows);
  });

  it('matches hostile values exactly, as plain data', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...HOSTILE), async (note) => {
        const eq = JSON.parse((await list({ filter: JSON.stringify([{ field: 'attributes.note', op: 'eq', value: note }]) })).body) as ContactPage;
        expect(eq.data.map((c: Contact) => c.attributes.note)).toEqual([note]);
        // Only the seeded rows: the payload property above may have created a contact named '$1'.
        const seeded = JSON.stringify([{ field: 'attributes.note', op: 'exists' }]);
        const contains = JSON.parse((await list({ q: note, filter: seeded, limit: '100' })).body) as ContactPage;
        const expected = HOSTILE.map((h, i) => `n${i} ${h}`).filter((n) => n.toLowerCase().includes(note.toLowerCase()));
        expect(contains.data.map((c) => c.name).sort()).toEqual(expected.sort());
      }),
      { numRuns: HOSTILE.length * 2 },
    );
  });

  it('compares typed attributes by type', async () => {
    // Only the seeded rows: the payload property above may have created others.
    const seeded = { field: 'attributes.note', op: 'exists' };
    const page = JSON.parse((await list({ filter: JSON.stringify([seeded, { field: 'attributes.age', op: 'gte', value: '15' }]), sort: 'attributes.age', order: 'asc' })).body) as ContactPage;
    expect(page.data.map((c) => c.attributes.age)).toEqual([15, 16]);
    const dates = JSON.parse((await list({ filter: JSON.stringify([seeded, { field: 'attributes.joined', op: 'lt', value: '2024-01-03' }]) })).body) as ContactPage;
    expect(dates.data).toHaveLength(2);
  });
});
