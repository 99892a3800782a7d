import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaton, type TestBaton } from './harness.ts';
import { createWorkspace, type TestWorkspace } from './factories.ts';

/** Malformed Segment calls: always a 4xx (never a 500), and nothing stored when refused. */

let baton: TestBaton;
let ws: TestWorkspace;

beforeAll(async () => {
  baton = await startBaton();
  ws = await createWorkspace(baton);
  await baton.services.contacts.createAttribute(ws.workspaceId, { target: 'contact', key: 'age', label: 'Age', type: 'number' });
});
afterAll(() => baton?.stop());

async function fingerprint() {
  const tables = ['contacts', 'companies', 'contact_companies', 'events', 'page_views', 'ingest_receipts'];
  const r = await baton.ctx.database.query<{ h: string }>(
    tables.map((t) => `select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from ${t} x`).join(' union all '),
  );
  return r.rows.map((x) => x.h).join(',');
}

const junk = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', 'soon', '0000-01-01T00:00:00Z', '-271821-04-20T00:00:00Z', 1e308, -1e308, '\u0000', '\ud800', 'x'.repeat(300)),
);
const TYPES = ['identify', 'track', 'page', 'screen', 'group', 'alias'];
const FIELDS = ['type', 'userId', 'anonymousId', 'event', 'traits', 'properties', 'groupId', 'previousId', 'timestamp', 'sentAt', 'messageId', 'context', 'name'];

/** Mostly-valid messages with one or two fields replaced by junk: the interesting edge. */
const message = fc
  .record({
    type: fc.constantFrom(...TYPES),
    userId: fc.option(fc.constantFrom('u1', 'u2'), { nil: undefined }),
    anonymousId: fc.option(fc.constantFrom('a1', 'a2'), { nil: undefined }),
    event: fc.constant('Clicked'),
    groupId: fc.constant('g1'),
    previousId: fc.constant('a1'),
    traits: fc.constant({ age: 30, email: 'x@y.test' }),
  })
  .chain((m) =>
    fc
      .dictionary(fc.constantFrom(...FIELDS), junk, { minKeys: 1, maxKeys: 2 })
      .map((broken) => ({ ...m, ...broken })),
  );

const post = (path: string, body: string) =>
  baton.app.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${ws.writeKey}:`).toString('base64')}` },
    payload: body,
  });

describe('malformed payloads at ingestion', () => {
  it('answers 4xx, never 5xx, and stores nothing when it refuses', async () => {
    const body = fc.oneof(
      message.map((m) => JSON.stringify(m)),
      fc.array(message, { minLength: 1, maxLength: 3 }).map((batch) => JSON.stringify({ batch })),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc.record({ batch: junk, sentAt: junk }).map((v) => JSON.stringify(v)),
      fc.constantFrom('{"batch":[', 'null', '"str"', '{"type":"track","userId":"u","event":"e","properties":{"\\u0000":1}}'),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TYPES, 'batch'), body, async (path, payload) => {
        const before = await fingerprint();
        const res = await post(`/v1/${path}`, payload);
        expect(res.statusCode, `/v1/${path} ${payload.slice(0, 300)} → ${res.body}`).toBeLessThan(500);
        if (res.statusCode >= 400) expect(await fingerprint(), `/v1/${path} ${payload.slice(0, 300)}`).toBe(before);
      }),
      { numRuns: 250 },
    );
  });
});
