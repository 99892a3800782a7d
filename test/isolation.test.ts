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
let aRevision = '';
/** A's share link of its experiment: its id for the revoke route, its token for the public one. */
let shareLink = { id: '', token: '' };

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
  'patch /api/v1/segments/{id}': { name: 'hijacked' },
  'patch /api/v1/email-series/{id}': { name: 'hijacked' },
  'patch /api/v1/routing-rules/{id}': { name: 'hijacked' },
  'put /api/v1/routing-rules/order': { ids: [ids['routing-rules']] },
  'put /api/v1/experiments/{id}/registration': {
    registration: {
      hypotheses: [{ text: 'hijacked', metric: 'conversion', direction: 'any' }],
      metrics: [{ key: 'conversion', label: 'Converted', kind: 'conversion', event: 'subscription_started' }],
      primary_metric: 'conversion',
      mode: 'fixed',
      planned_units_per_arm: 10,
    },
    reason: 'hijacked',
  },
  'patch /api/v1/articles/{id}': { position: 9 },
  'put /api/v1/articles/{id}/translations/{locale}': { title: 'hijacked' },
  'patch /api/v1/collections/{id}': { position: 9 },
  'post /api/v1/articles': { collection_id: ids.collections, translations: { en: { title: 'B article' } } },
  'post /api/v1/collections': { parent_id: ids.collections, translations: { en: { name: 'B collection' } } },
  'post /api/v1/conversations': { contact_id: ids.contacts, body: 'forged' },
  'patch /api/v1/conversations/{id}': { state: 'closed' },
  'post /api/v1/conversations/{id}/messages': { body: 'forged' },
  'post /api/v1/conversations/{id}/read': { seq: 1 },
  'post /api/v1/conversations/{id}/notes': { body: 'forged' },
  'patch /api/v1/tags/{id}': { name: 'hijacked' },
  'patch /api/v1/saved-replies/{id}': { name: 'hijacked' },
  'patch /api/v1/campaigns/{id}': { name: 'hijacked' },
  'put /api/v1/teams/{id}/office-hours': { time_zone: 'UTC', weekly: [], holidays: [] },
  'patch /api/v1/feedback-items/{id}': { status: 'wont_do' },
  'post /api/v1/feedback-items/{id}/conversations': { conversation_id: ids.conversations },
  'post /api/v1/feedback-items/{id}/notifications': { channel: 'email', default_locale: 'en', texts: { en: { body: 'forged' } } },
});
/** Routes that only an agent may use: an API key (of any workspace) is refused before any lookup. */
const AGENT_ONLY = new Set(['post /api/v1/conversations/{id}/notes', 'get /api/v1/conversations/{id}/saved-replies/{replyId}']);
/** Collection writes that only ever create, count or read inside the caller's own workspace. */
const OWN_WORKSPACE_POSTS = new Set([
  'post /api/v1/companies',
  'post /api/v1/attributes',
  'post /api/v1/webhooks',
  'post /api/v1/segments',
  'post /api/v1/segments/preview',
  'post /api/v1/email-series',
  'post /api/v1/email-series/preview',
  'post /api/v1/sla-policies',
  'post /api/v1/routing-rules',
  'post /api/v1/experiments',
  'post /api/v1/experiments/analyze',
  'post /api/v1/experiments/sample-size',
  'post /api/v1/flags/evaluate',
  'put /api/v1/flags/holdout',
  'post /api/v1/campaigns',
  'post /api/v1/campaigns/pick-token',
  'put /api/v1/campaign-settings',
  'post /api/v1/tags',
  'post /api/v1/saved-replies',
  'post /api/v1/notifications/read',
  'put /api/v1/presence/me',
  'post /api/v1/feedback-items',
]);

/** The minute cron refreshes every segment, so when it last ran says nothing about B. */
function stable(kind: string, body: string): string {
  if (kind !== 'segments') return body;
  const { refreshed_at: _refreshedAt, ...rest } = JSON.parse(body) as Record<string, unknown>;
  return JSON.stringify(rest);
}

async function snapshot() {
  const out: Record<string, string> = {};
  for (const [kind, id] of Object.entries(ids)) {
    const get = await call(a, 'get', `/api/v1/${kind}/${id}`);
    out[kind] = get.status === 405 || get.status === 404 ? String(get.status) : stable(kind, get.body);
  }
  const events = await call(a, 'get', `/api/v1/contacts/${ids.contacts}/events`);
  out.events = events.body;
  const messages = await call(a, 'get', `/api/v1/conversations/${ids.conversations}/messages`);
  out.messages = messages.body;
  const attrs = await call(a, 'get', '/api/v1/attributes');
  out.attributes = attrs.body;
  out.revisions = (await call(a, 'get', `/api/v1/articles/${ids.articles}/translations/en/revisions`)).body;
  out.search = (await call(a, 'get', '/api/v1/articles/search?q=secret&locale=en')).body;
  out.feedback = (await call(a, 'get', `/api/v1/feedback-items/${ids['feedback-items']}/conversations`)).body;
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
  const segment = await call(a, 'post', '/api/v1/segments', {
    name: 'A segment',
    rule: { type: 'group', match: 'all', conditions: [{ type: 'field', field: 'email', op: 'eq', value: 'a@a.test' }] },
  });
  expect(segment.status).toBe(201);
  ids.segments = JSON.parse(segment.body).id;
  const series = await call(a, 'post', '/api/v1/email-series', {
    name: 'A welcome',
    trigger: { type: 'signed_up' },
    steps: [{ delay_minutes: 0, content: { en: { subject: 'Hi', body: 'Welcome' } } }],
  });
  expect(series.status).toBe(201);
  ids['email-series'] = JSON.parse(series.body).id;
  const policy = await call(a, 'post', '/api/v1/sla-policies', { name: 'A 1h', first_response_minutes: 60 });
  ids['sla-policies'] = JSON.parse(policy.body).id;
  const rule = await call(a, 'post', '/api/v1/routing-rules', {
    name: 'A rule', rule: { type: 'group', match: 'all', conditions: [] }, sla_policy_id: ids['sla-policies'],
  });
  expect(rule.status).toBe(201);
  ids['routing-rules'] = JSON.parse(rule.body).id;
  const experiment = await call(a, 'post', '/api/v1/experiments', {
    key: 'a-experiment', name: 'A', flag_key: 'a.flag', unit: 'contact',
    variants: [{ key: 'control', weight: 1, value: false }, { key: 'on', weight: 1, value: true }],
  });
  ids.experiments = JSON.parse(experiment.body).id;
  const campaign = await call(a, 'post', '/api/v1/campaigns', {
    type: 'banner', name: 'A banner', trigger: { type: 'page_view', delay_seconds: 0 }, content: { en: { body: 'a_secret banner' } },
  });
  expect(campaign.status).toBe(201);
  ids.campaigns = JSON.parse(campaign.body).id;
  ids.tags = JSON.parse((await call(a, 'post', '/api/v1/tags', { name: 'a-tag' })).body).id;
  ids['saved-replies'] = JSON.parse((await call(a, 'post', '/api/v1/saved-replies', { name: 'A reply', body: 'Hello' })).body).id;
  ids.teams = (await baton.services.workspaces.teams.create(a.workspaceId, { name: 'A team' })).id;
  const conversation = await call(a, 'post', '/api/v1/conversations', { contact_id: ids.contacts, body: 'A question' });
  ids.conversations = JSON.parse(conversation.body).id;
  shareLink = JSON.parse((await call(a, 'post', `/api/v1/experiments/${ids.experiments}/share-links`)).body);
  bUser = JSON.parse((await call(b, 'post', '/api/v1/contacts', { external_id: 'b-user' })).body).id;
  const collection = await call(a, 'post', '/api/v1/collections', { translations: { en: { name: 'A secret collection' } } });
  ids.collections = JSON.parse(collection.body).id;
  const article = await call(a, 'post', '/api/v1/articles', { collection_id: ids.collections, translations: { en: { title: 'A secret article', body: 'a_secret' } }, publish: true });
  ids.articles = JSON.parse(article.body).id;
  ids['feedback-items'] = JSON.parse((await call(a, 'post', '/api/v1/feedback-items', { kind: 'bug', title: 'a_secret bug' })).body).id;
  const linked = await call(a, 'post', `/api/v1/feedback-items/${ids['feedback-items']}/conversations`, { conversation_id: ids.conversations });
  expect(linked.status).toBe(200);
  aRevision = JSON.parse((await call(a, 'get', `/api/v1/articles/${ids.articles}/translations/en/revisions`)).body).data[0].id;
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
          const url = path
            .replace('{id}', kind === 'contacts' && key.endsWith('/merge') ? ids.leads! : id!)
            .replace('{locale}', 'en')
            .replace('{revision_id}', aRevision)
            .replace('{linkId}', shareLink.id)
            .replace('{tagId}', ids.tags!)
            .replace('{replyId}', ids['saved-replies']!)
            .replace('{conversationId}', ids.conversations!);
          const res = await call(b, method, url, bodies()[key] ?? (method === 'get' || method === 'delete' ? undefined : {}));
          expect(res.status, `${key} → ${res.body}`).toBe(AGENT_ONLY.has(key) ? 401 : 404);
        } else if (path.includes('{token}')) {
          // Public by token: a token of B's own workspace with A's secret part finds nothing.
          const forged = shareLink.token.replace(a.workspaceId, b.workspaceId);
          const res = await call(b, method, path.replace('{token}', forged));
          expect(res.status, `${key} → ${res.body}`).toBe(404);
        } else if (method === 'get') {
          const res = await call(
            b,
            method,
            `${path}?contact_id=${ids.contacts}&company_id=${ids.companies}&segment_id=${ids.segments}&collection_id=${ids.collections}&q=secret`,
          );
          const plain = await call(b, method, path);
          for (const r of [res, plain]) {
            expect(r.status, `${key} → ${r.body}`).toBeLessThan(500);
            for (const id of aIds) expect(r.body, key).not.toContain(id);
            expect(r.body, key).not.toContain('a_secret');
          }
        } else if (!OWN_WORKSPACE_POSTS.has(key)) {
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

  it("counts only the caller's own contacts in a segment preview", async () => {
    const rule = { type: 'group', match: 'all', conditions: [{ type: 'field', field: 'email', op: 'eq', value: 'a@a.test' }] };
    const fromB = await call(b, 'post', '/api/v1/segments/preview', { rule });
    expect(JSON.parse(fromB.body)).toEqual({ count: 0, sample_ids: [] });
    const fromA = await call(a, 'post', '/api/v1/segments/preview', { rule });
    expect(JSON.parse(fromA.body)).toEqual({ count: 1, sample_ids: [ids.contacts] });
  });

  it("cannot link A's conversation to B's own feedback item", async () => {
    const own = JSON.parse((await call(b, 'post', '/api/v1/feedback-items', { kind: 'bug', title: 'B bug' })).body).id;
    const res = await call(b, 'post', `/api/v1/feedback-items/${own}/conversations`, { conversation_id: ids.conversations });
    expect(res.status).toBe(404);
    expect(JSON.parse((await call(b, 'get', `/api/v1/feedback-items/${own}`)).body).conversations).toBe(0);
  });

  it("keeps B's list free of A's rows and A's list free of B's", async () => {
    const bList = JSON.parse((await call(b, 'get', '/api/v1/contacts')).body) as { data: { id: string }[] };
    expect(bList.data.map((c) => c.id)).toEqual([bUser]);
    const aList = (await call(a, 'get', '/api/v1/contacts?limit=100')).body;
    expect(aList).not.toContain(bUser);
  });
});
