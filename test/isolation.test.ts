import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaton, type TestBaton } from './harness.ts';
import { createWorkspace, type TestWorkspace } from './factories.ts';

/**
 * Tenant isolation: workspace B's API key, aimed at every documented /api/v1 route with
 * workspace A's ids, must find nothing and change nothing. Routes come from the OpenAPI
 * document, so a new route is walked without touching this test.
 */

let baton: TestBaton;
let a: TestWorkspace;
let b: TestWorkspace;
const ids: Record<string, string> = {};
let bUser = '';

const call = async (ws: TestWorkspace, method: string, url: string, payload?: unknown) => {
  const res = await baton.app.inject({
    method: method.toUpperCase() as 'GET',
    url,
    headers: { authorization: `Bearer ${ws.apiKey}` },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: res.statusCode, body: res.body };
};

/** Valid bodies, so a refusal is about the id and not about the payload. */
const bodies = (): Record<string, unknown> => ({
  'patch /api/v1/contacts/{id}': { name: 'hijacked' },
  'post /api/v1/contacts/{id}/merge': { into_id: bUser },
  'patch /api/v1/companies/{id}': { name: 'hijacked' },
  'patch /api/v1/webhooks/{id}': { description: 'hijacked' },
  'post /api/v1/events': { contact_id: ids.contacts, name: 'forged' },
  'post /api/v1/contacts': { name: 'B person', company_ids: [ids.companies] },
});
/** Collection POSTs that only ever create inside the caller's own workspace. */
const OWN_WORKSPACE_CREATES = new Set(['post /api/v1/companies', 'post /api/v1/attributes', 'post /api/v1/webhooks']);

async function snapshot() {
  const out: Record<string, string> = {};
  for (const [kind, id] of Object.entries(ids)) {
    const get = await call(a, 'get', `/api/v1/${kind}/${id}`);
    out[kind] = get.status === 405 || get.status === 404 ? String(get.status) : get.body;
  }
  const events = await call(a, 'get', `/api/v1/contacts/${ids.contacts}/events`);
  out.events = events.body;
  const attrs = await call(a, 'get', '/api/v1/attributes');
  out.attributes = attrs.body;
  return out;
}

beforeAll(async () => {
  // The webhook target is never called here; loopback keeps the test off the network.
  baton = await startBaton({ env: { WEBHOOKS_ALLOW_PRIVATE: 'true' } });
  a = await createWorkspace(baton, 'A');
  b = await createWorkspace(baton, 'B');
  const company = await call(a, 'post', '/api/v1/companies', { name: 'A corp', external_id: 'a-corp' });
  ids.companies = JSON.parse(company.body).id;
  const contact = await call(a, 'post', '/api/v1/contacts', { external_id: 'a-user', email: 'a@a.test', company_ids: [ids.companies] });
  ids.contacts = JSON.parse(contact.body).id;
  const lead = await call(a, 'post', '/api/v1/contacts', { name: 'A lead' });
  ids.leads = JSON.parse(lead.body).id;
  await call(a, 'post', '/api/v1/events', { contact_id: ids.contacts, name: 'a-event' });
  const attr = await call(a, 'post', '/api/v1/attributes', { target: 'contact', key: 'a_secret', label: 'A', type: 'string' });
  ids.attributes = JSON.parse(attr.body).id;
  const hook = await call(a, 'post', '/api/v1/webhooks', { url: 'http://127.0.0.1:9/a', event_types: ['contact.created'] });
  expect(hook.status).toBe(201);
  ids.webhooks = JSON.parse(hook.body).id;
  bUser = JSON.parse((await call(b, 'post', '/api/v1/contacts', { external_id: 'b-user' })).body).id;
});
afterAll(() => baton?.stop());

describe('tenant isolation', () => {
  it("walks every /api/v1 route with another workspace's key and finds none of A's resources", async () => {
    const spec = JSON.parse((await baton.app.inject('/api/openapi.json')).body) as { paths: Record<string, Record<string, unknown>> };
    const before = await snapshot();
    const aIds = Object.values(ids);
    let walked = 0;
    for (const [path, ops] of Object.entries(spec.paths)) {
      for (const method of Object.keys(ops)) {
        const key = `${method} ${path}`;
        const kind = path.split('/')[3]!;
        if (path.includes('{id}')) {
          const id = ids[kind];
          expect(id, `no resource of workspace A to try ${key} with; add one to this test`).toBeTruthy();
          const url = path.replace('{id}', kind === 'contacts' && key.endsWith('/merge') ? ids.leads! : id!);
          const res = await call(b, method, url, bodies()[key] ?? (method === 'get' || method === 'delete' ? undefined : {}));
          expect(res.status, `${key} → ${res.body}`).toBe(404);
        } else if (method === 'get') {
          const res = await call(b, method, `${path}?contact_id=${ids.contacts}&company_id=${ids.companies}`);
          const plain = await call(b, method, path);
          for (const r of [res, plain]) {
            expect(r.status, `${key} → ${r.body}`).toBeLessThan(500);
            for (const id of aIds) expect(r.body, key).not.toContain(id);
            expect(r.body, key).not.toContain('a_secret');
          }
        } else if (!OWN_WORKSPACE_CREATES.has(key)) {
          const body = bodies()[key];
          expect(body, `no cross-tenant body for ${key}; add one to this test`).toBeDefined();
          const res = await call(b, method, path, body);
          expect(res.status, `${key} → ${res.body}`).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
        }
        walked++;
      }
    }
    expect(walked).toBeGreaterThanOrEqual(20);
    expect(await snapshot()).toEqual(before);
  });

  it("keeps B's list free of A's rows and A's list free of B's", async () => {
    const bList = JSON.parse((await call(b, 'get', '/api/v1/contacts')).body) as { data: { id: string }[] };
    expect(bList.data.map((c) => c.id)).toEqual([bUser]);
    const aList = (await call(a, 'get', '/api/v1/contacts?limit=100')).body;
    expect(aList).not.toContain(bUser);
  });
});
