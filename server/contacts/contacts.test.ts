import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Company, Contact, ContactPage, EventPage } from '../../contracts/contacts.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, restClient, type RestClient, type TestWorkspace } from '../../test/factories.ts';
import { sql } from 'drizzle-orm';
import { rows } from './sql.ts';

let baton: TestBaton;
let ws: TestWorkspace;

beforeAll(async () => {
  baton = await startBaton();
  ws = await createWorkspace(baton);
  api = restClient(baton, ws);
});
afterAll(() => baton?.stop());

let api: RestClient;
const list = (qs: Record<string, string>) =>
  api<ContactPage>('GET', `/api/v1/contacts?${new URLSearchParams(qs)}`);

describe('contacts REST API', () => {
  it('creates, reads, updates and deletes a contact; e-mail and external_id stay unique', async () => {
    const created = await api<Contact>('POST', '/api/v1/contacts', {
      external_id: 'u-1', email: 'Ada@Example.com', name: 'Ada Lovelace', attributes: { plan: 'pro' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ role: 'user', email: 'Ada@Example.com', attributes: { plan: 'pro' } });

    const dup = await api<{ errors: { field: string }[] }>('POST', '/api/v1/contacts', { email: 'ada@example.com' });
    expect(dup.status).toBe(409);
    expect(dup.body.errors[0]!.field).toBe('email');

    const patched = await api<Contact>('PATCH', `/api/v1/contacts/${created.body.id}`, {
      name: 'Ada King', attributes: { plan: null, seats: 3 },
    });
    expect(patched.body).toMatchObject({ name: 'Ada King', attributes: { seats: 3 } });
    expect(patched.body.attributes).not.toHaveProperty('plan');

    expect((await api('DELETE', `/api/v1/contacts/${created.body.id}`)).status).toBe(204);
    expect((await api('GET', `/api/v1/contacts/${created.body.id}`)).status).toBe(404);
  });

  it('refuses a workspace_id in the body and names the field', async () => {
    const res = await api<{ errors: { field: string }[] }>('POST', '/api/v1/contacts', { workspace_id: ws.workspaceId, name: 'x' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toContain('workspace_id');
  });

  it('validates typed attributes against their definitions', async () => {
    const def = await api('POST', '/api/v1/attributes', { target: 'contact', key: 'age', label: 'Age', type: 'number' });
    expect(def.status).toBe(201);
    const bad = await api<{ errors: { field: string }[] }>('POST', '/api/v1/contacts', { name: 'Bob', attributes: { age: 'old' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]!.field).toBe('attributes.age');
    const ok = await api<Contact>('POST', '/api/v1/contacts', { name: 'Bob', attributes: { age: '42', misc: { a: 1 } } });
    expect(ok.body.attributes).toEqual({ age: 42, misc: { a: 1 } });
    expect(ok.body.role).toBe('lead');
    const defs = await api<{ data: { key: string }[] }>('GET', '/api/v1/attributes?target=contact');
    expect(defs.body.data.map((d) => d.key)).toContain('age');
  });

  it('filters, sorts and pages with an opaque cursor', async () => {
    for (let i = 0; i < 7; i++) {
      await api('POST', '/api/v1/contacts', {
        email: `page${i}@list.test`, name: `Lister ${i}`, attributes: { age: 20 + i, team: i % 2 ? 'red' : 'blue' },
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: ContactPage } = await list({
        q: 'list.test', sort: 'attributes.age', order: 'asc', limit: '3', ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.body.data.map((c) => c.name!));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `Lister ${i}`));

    const filtered = await list({
      filter: JSON.stringify([
        { field: 'attributes.age', op: 'gte', value: 23 },
        { field: 'attributes.team', op: 'eq', value: 'red' },
        { field: 'email', op: 'contains', value: 'LIST.test' },
      ]),
      sort: 'email',
      order: 'desc',
    });
    expect(filtered.body.data.map((c) => c.name)).toEqual(['Lister 5', 'Lister 3']);

    const byName = await list({ sort: 'name', order: 'asc', limit: '2', q: 'lister' });
    const next = await list({ sort: 'name', order: 'asc', limit: '2', q: 'lister', cursor: byName.body.next_cursor! });
    expect(next.body.data.map((c) => c.name)).toEqual(['Lister 2', 'Lister 3']);

    expect((await list({ sort: 'email', cursor: byName.body.next_cursor! })).status).toBe(400);
    expect((await list({ filter: '[{"field":"attributes.a b","op":"eq","value":1}]' })).status).toBe(400);
    expect((await list({ filter: '[{"field":"created_at","op":"gt","value":"yesterday"}]' })).status).toBe(400);
  });

  it('pages through missing values: smallest ascending, last descending', async () => {
    const made: Contact[] = [];
    for (const name of ['b', null, 'a', null, 'c']) {
      made.push((await api<Contact>('POST', '/api/v1/contacts', { name, attributes: { nulls: true } })).body);
    }
    const walk = async (order: 'asc' | 'desc') => {
      const out: (string | null)[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: ContactPage } = await list({
          filter: JSON.stringify([{ field: 'attributes.nulls', op: 'eq', value: true }]),
          sort: 'name', order, limit: '2', ...(cursor ? { cursor } : {}),
        });
        out.push(...page.body.data.map((c) => c.id));
        cursor = page.body.next_cursor;
      } while (cursor);
      return out;
    };
    const nullIds = made.filter((c) => c.name === null).map((c) => c.id).sort();
    const byName = (n: string) => made.find((c) => c.name === n)!.id;
    expect(await walk('asc')).toEqual([...nullIds, byName('a'), byName('b'), byName('c')]);
    expect(await walk('desc')).toEqual([byName('c'), byName('b'), byName('a'), ...nullIds.reverse()]);
  });

  it('keeps companies with ARR = 12 × MRR and lists their contacts', async () => {
    const co = await api<Company>('POST', '/api/v1/companies', { name: 'Acme', plan: 'pro', mrr: 299.99, trial_ends_at: '2030-01-01T00:00:00Z' });
    expect(co.body).toMatchObject({ mrr: 299.99, arr: 3599.88, contact_count: 0 });
    const member = await api<Contact>('POST', '/api/v1/contacts', { email: 'member@acme.test', company_ids: [co.body.id] });
    expect(member.body.companies).toEqual([{ id: co.body.id, name: 'Acme', plan: 'pro' }]);
    const people = await api<ContactPage>('GET', `/api/v1/companies/${co.body.id}/contacts`);
    expect(people.body.data.map((c) => c.id)).toEqual([member.body.id]);
    const companies = await api<{ data: Company[] }>('GET', '/api/v1/companies?sort=mrr&filter=' + encodeURIComponent('[{"field":"plan","op":"eq","value":"pro"}]'));
    expect(companies.body.data[0]).toMatchObject({ name: 'Acme', contact_count: 1 });
    // An edit of the list keeps the memberships it still names as they were: joined when they joined.
    const joined = async () =>
      (await baton.ctx.database.query<{ company_id: string; created_at: Date }>(
        'select company_id, created_at from contact_companies where contact_id = $1 order by created_at', [member.body.id],
      )).rows.map((r) => ({ company_id: r.company_id, at: new Date(r.created_at).toISOString() }));
    const [first] = await joined();
    const beta = await api<Company>('POST', '/api/v1/companies', { name: 'Beta' });
    const both = await api<Contact>('PATCH', `/api/v1/contacts/${member.body.id}`, { company_ids: [beta.body.id, co.body.id] });
    expect(both.body.companies.map((c) => c.name).sort()).toEqual(['Acme', 'Beta']);
    const after = await joined();
    expect(after).toHaveLength(2);
    expect(after.find((m) => m.company_id === co.body.id)).toEqual(first);
    const left = await api<Contact>('PATCH', `/api/v1/contacts/${member.body.id}`, { company_ids: [beta.body.id] });
    expect(left.body.companies.map((c) => c.name)).toEqual(['Beta']);
    expect((await api<Contact>('PATCH', `/api/v1/contacts/${member.body.id}`, { company_ids: [] })).body.companies).toEqual([]);
  });

  it('records every membership it ends, a merged lead’s under the user its conversations move to', async () => {
    const co = await api<Company>('POST', '/api/v1/companies', { name: 'Leaving Ltd' });
    const user = await api<Contact>('POST', '/api/v1/contacts', { external_id: 'leaves-user' });
    const lead = await api<Contact>('POST', '/api/v1/contacts', { role: 'lead', name: 'Leaving lead', company_ids: [co.body.id] });
    expect((await api('POST', `/api/v1/contacts/${lead.body.id}/merge`, { into_id: user.body.id })).status).toBe(200);
    const other = await api<Contact>('POST', '/api/v1/contacts', { email: 'leaver@leaving.test', company_ids: [co.body.id] });
    expect((await api('DELETE', `/api/v1/companies/${co.body.id}`)).status).toBeLessThan(300);
    const { rows } = await baton.ctx.database.query<{ contact_id: string }>(
      'select contact_id from contact_company_leaves where workspace_id = $1 and company_id = $2 order by left_at, contact_id', [ws.workspaceId, co.body.id],
    );
    expect(rows.map((r) => r.contact_id).sort()).toEqual([user.body.id, user.body.id, other.body.id].sort());
  });

  it('tracks events idempotently, counts sessions and merges a lead into a user', async () => {
    const user = await api<Contact>('POST', '/api/v1/contacts', { external_id: 'merge-user' });
    const lead = await api<Contact>('POST', '/api/v1/contacts', { name: 'Visitor' });
    const t0 = Date.now() - 3 * 3600_000;
    for (const [i, offset] of [0, 10, 90].entries()) {
      const res = await api('POST', '/api/v1/events', {
        contact_id: lead.body.id, name: 'viewed', occurred_at: new Date(t0 + offset * 60_000).toISOString(), message_id: `m-${i}`,
      });
      expect(res.status).toBe(201);
    }
    expect((await api('POST', '/api/v1/events', { contact_id: lead.body.id, name: 'viewed', message_id: 'm-0' })).status).toBe(200);
    const afterEvents = await api<Contact>('GET', `/api/v1/contacts/${lead.body.id}`);
    expect(afterEvents.body.session_count).toBe(2);

    const merged = await api<Contact>('POST', `/api/v1/contacts/${lead.body.id}/merge`, { into_id: user.body.id });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ id: user.body.id, name: 'Visitor', session_count: 2 });
    expect((await api('GET', `/api/v1/contacts/${lead.body.id}`)).status).toBe(404);
    const timeline = await api<EventPage>('GET', `/api/v1/contacts/${user.body.id}/events?limit=2`);
    expect(timeline.body.data).toHaveLength(2);
    expect(timeline.body.data[0]!.kind).toBe('track');
    const rest = await api<EventPage>('GET', `/api/v1/contacts/${user.body.id}/events?cursor=${timeline.body.next_cursor}`);
    expect(rest.body.data).toHaveLength(1);
    expect(rest.body.next_cursor).toBeNull();
  });

  it('seeds clearly marked demo data in five languages', async () => {
    const demo = await createWorkspace(baton, 'Demo');
    const summary = await baton.services.contacts.seedDemo(demo.workspaceId);
    expect(summary.contacts).toBeGreaterThanOrEqual(200);
    expect(summary.companies).toBeGreaterThanOrEqual(30);
    expect(summary.events + summary.pageViews).toBeGreaterThan(2000);
    // More than one chunk of each is written; every row of every chunk must arrive.
    const [stored] = await rows<{ events: number; page_views: number }>(baton.ctx.db, sql`select
      (select count(*)::int from events where workspace_id = ${demo.workspaceId}) as events,
      (select count(*)::int from page_views where workspace_id = ${demo.workspaceId}) as page_views`);
    expect(stored).toEqual({ events: summary.events, page_views: summary.pageViews });
    const page = await baton.services.contacts.listContacts(demo.workspaceId, { order: 'desc', limit: 100 });
    const names = page.data.map((c) => c.name ?? '').join(' ');
    for (const script of [/[A-Za-z]/, /[\u4e00-\u9fff]/, /[\u0400-\u04ff]/, /[әғқңөұүһі]/i]) expect(names).toMatch(script);
    expect(page.data.every((c) => c.attributes.demo === true)).toBe(true);
  });
});
