import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Company, Contact, ContactPage, EventPage } from '../../../contracts/contacts.ts';
import type { RuleGroup, Segment, SegmentPreview } from '../../../contracts/segments.ts';
import { startBaton, type TestBaton } from '../../../test/harness.ts';
import { SEGMENT_REFRESH_QUEUE } from './service.ts';
import { createWorkspace, restClient, type RestClient, type TestWorkspace } from '../../../test/factories.ts';

let baton: TestBaton;
let ws: TestWorkspace;

let api: RestClient;

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();
const all = (...conditions: RuleGroup['conditions']): RuleGroup => ({ type: 'group', match: 'all', conditions });
const any = (...conditions: RuleGroup['conditions']): RuleGroup => ({ type: 'group', match: 'any', conditions });

const people: Record<string, Contact> = {};
let acme: Company;
let globex: Company;

async function contact(key: string, body: Record<string, unknown>) {
  const res = await api<Contact>('POST', '/api/v1/contacts', { external_id: key, ...body });
  expect(res.status).toBe(201);
  people[key] = res.body;
}
async function track(key: string, name: string, ago: number, properties: Record<string, unknown> = {}) {
  const res = await api('POST', '/api/v1/events', { contact_id: people[key]!.id, name, occurred_at: daysAgo(ago), properties });
  expect(res.status).toBe(201);
}
const preview = async (rule: RuleGroup, target: 'contact' | 'company' = 'contact') => {
  const res = await api<SegmentPreview>('POST', '/api/v1/segments/preview', { target, rule });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const keysOf = (ids: string[]) => Object.keys(people).filter((k) => ids.includes(people[k]!.id)).sort();

beforeAll(async () => {
  baton = await startBaton();
  // The minute cron refreshes every segment, and one run between a change and the test's own
  // refresh takes the entries that refresh is expected to count. These tests refresh (and send
  // the job) themselves, so this file's queue keeps no schedule.
  await baton.ctx.database.query('delete from pgboss.schedule where name = $1', [SEGMENT_REFRESH_QUEUE]);
  ws = await createWorkspace(baton);
  api = restClient(baton, ws);
  await api('POST', '/api/v1/attributes', { target: 'contact', key: 'renewal_at', label: 'Renewal', type: 'date' });
  acme = (await api<Company>('POST', '/api/v1/companies', { name: 'Acme', plan: 'free', attributes: { source: 'self-serve' } })).body;
  globex = (await api<Company>('POST', '/api/v1/companies', { name: 'Globex', plan: 'enterprise', attributes: { source: 'sales' } })).body;
  await contact('ann', { email: 'ann@acme.test', attributes: { plan: 'pro', renewal_at: daysAgo(-3) }, signed_up_at: daysAgo(2), company_ids: [acme.id] });
  await contact('bob', { email: 'bob@acme.test', attributes: { plan: 'pro' }, signed_up_at: daysAgo(40), company_ids: [acme.id] });
  await contact('cai', { email: 'cai@globex.test', attributes: { plan: 'free' }, signed_up_at: daysAgo(1), company_ids: [globex.id] });
  await contact('дина', { email: 'dina@example.test', name: 'Дина Ахметова', attributes: { plan: 'free' } });
  await track('ann', 'project_created', 1, { template: 'kanban' });
  await track('ann', 'project_created', 3, { template: 'blank' });
  await track('bob', 'project_created', 20);
  await track('cai', 'project_created', 2, { template: 'kanban' });
  await track('cai', 'invite_sent', 2);
});
afterAll(() => baton?.stop());

describe('segment rules', () => {
  it('combines attributes and event counts within a time window', async () => {
    const rule = all(
      { type: 'field', field: 'attributes.plan', op: 'eq', value: 'pro' },
      { type: 'event', event: 'project_created', op: 'did', count: { op: 'gte', value: 2 }, within_days: 7 },
    );
    const res = await preview(rule);
    expect(res.count).toBe(1);
    expect(keysOf(res.sample_ids)).toEqual(['ann']);
  });

  it('finds who has not done an event, and events with matching properties', async () => {
    expect(keysOf((await preview(all({ type: 'event', event: 'invite_sent', op: 'did_not' }))).sample_ids)).toEqual(['ann', 'bob', 'дина']);
    const kanban = all({
      type: 'event', event: 'project_created', op: 'did',
      properties: [{ property: 'template', op: 'eq', value: 'kanban' }],
    });
    expect(keysOf((await preview(kanban)).sample_ids)).toEqual(['ann', 'cai']);
    const inWeek = all({ type: 'event', event: 'project_created', op: 'did', within_days: 7 });
    expect(keysOf((await preview(inWeek)).sample_ids)).toEqual(['ann', 'cai']);
  });

  it('nests any/all groups and reaches into the contact’s companies', async () => {
    const rule = all(
      { type: 'field', field: 'company.plan', op: 'eq', value: 'free' },
      any(
        { type: 'field', field: 'signed_up_at', op: 'within_last_days', value: 7 },
        { type: 'field', field: 'attributes.plan', op: 'neq', value: 'pro' },
      ),
    );
    expect(keysOf((await preview(rule)).sample_ids)).toEqual(['ann']);
    const old = all({ type: 'field', field: 'signed_up_at', op: 'more_than_days_ago', value: 30 });
    expect(keysOf((await preview(old)).sample_ids)).toEqual(['bob']);
    const renewing = all({ type: 'field', field: 'attributes.renewal_at', op: 'within_last_days', value: 0 });
    expect((await preview(renewing)).count).toBe(1);
    expect(keysOf((await preview(all({ type: 'field', field: 'name', op: 'contains', value: 'ахмет' }))).sample_ids)).toEqual(['дина']);
  });

  it('lists the distinct event names for pickers', async () => {
    expect((await api<{ data: string[] }>('GET', '/api/v1/events/names')).body.data).toEqual(['invite_sent', 'project_created']);
  });

  it('an empty "all" matches everyone and an empty "any" no one', async () => {
    expect((await preview(all())).count).toBe(4);
    expect((await preview(any())).count).toBe(0);
  });

  it('segments companies by their fields and by their people’s events', async () => {
    const rule = all(
      { type: 'field', field: 'attributes.source', op: 'eq', value: 'self-serve' },
      { type: 'event', event: 'project_created', op: 'did', count: { op: 'gte', value: 3 } },
    );
    const res = await preview(rule, 'company');
    expect(res.sample_ids).toEqual([acme.id]);
    expect((await preview(all({ type: 'event', event: 'invite_sent', op: 'did' }), 'company')).sample_ids).toEqual([globex.id]);
  });

  it('refuses rules that cannot run, naming the place', async () => {
    const bad = async (rule: unknown, field: string, target = 'contact') => {
      const res = await api<{ errors: { field: string }[] }>('POST', '/api/v1/segments/preview', { target, rule });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.errors[0]!.field).toBe(field);
    };
    await bad(all({ type: 'field', field: 'nope', op: 'eq', value: 1 }), 'rule.conditions.0.field');
    await bad(all(any({ type: 'field', field: 'email', op: 'within_last_days', value: 3 })), 'rule.conditions.0.conditions.0.op');
    await bad(all({ type: 'field', field: 'signed_up_at', op: 'within_last_days', value: 'soon' }), 'rule.conditions.0.value');
    await bad(all({ type: 'field', field: 'company.plan', op: 'eq', value: 'x' }), 'rule.conditions.0.field', 'company');
    await bad(all({ type: 'event', event: 'x', op: 'did_not', count: { op: 'gte', value: 2 } }), 'rule.conditions.0.count');
    await bad(all({ type: 'event', event: 'x', op: 'did', properties: [{ property: "a'b", op: 'eq', value: 1 }] }), 'rule.conditions.0.properties.0.property');
    await bad(all(all(all(all()))), 'rule.conditions.0.conditions.0.conditions.0');
    await bad({ type: 'group', match: 'some', conditions: [] }, 'body.rule.match');
  });

  it('treats hostile values as data', async () => {
    const hostile = ["'; drop table contacts; --", '%', '_', '\\', '") or 1=1 --', '${x}'];
    for (const value of hostile) {
      expect((await preview(all({ type: 'field', field: 'attributes.plan', op: 'contains', value }))).count).toBe(0);
      expect((await preview(all({ type: 'event', event: value, op: 'did' }))).count).toBe(0);
      expect((await preview(all({ type: 'field', field: `attributes.${value.replace(/[^A-Za-z0-9_.-]/g, '') || 'k'}`, op: 'eq', value }))).count).toBe(0);
    }
    expect((await api<ContactPage>('GET', '/api/v1/contacts?limit=100')).body.data).toHaveLength(4);
  });
});

describe('list counts', () => {
  it('count what the same filters list, segments included', async () => {
    const count = async (url: string) => (await api<{ count: number }>('GET', url)).body.count;
    expect(await count('/api/v1/contacts/count')).toBe(4);
    expect(await count('/api/v1/contacts/count?q=acme')).toBe(2);
    const filter = JSON.stringify([{ field: 'attributes.plan', op: 'eq', value: 'free' }]);
    expect(await count(`/api/v1/contacts/count?filter=${encodeURIComponent(filter)}`)).toBe(2);
    expect(await count(`/api/v1/contacts/count?company_id=${acme.id}`)).toBe(2);
    expect(await count('/api/v1/companies/count?q=glob')).toBe(1);
    const bad = await api<{ errors: { field: string }[] }>('GET', '/api/v1/contacts/count?filter=[1]');
    expect(bad.status).toBe(400);
  });
});

describe('saved segments', () => {
  let segment: Segment;
  const enteredOrLeft = async (key: string) => {
    const events = (await api<EventPage>('GET', `/api/v1/contacts/${people[key]!.id}/events?limit=100`)).body.data;
    return events.filter((e) => e.name?.startsWith('segment_')).map((e) => `${e.name}:${String(e.properties.segment_name)}`);
  };

  it('keeps members, lists them, and records who enters and leaves', async () => {
    const created = await api<Segment>('POST', '/api/v1/segments', {
      name: 'Pro users',
      rule: all({ type: 'field', field: 'attributes.plan', op: 'eq', value: 'pro' }),
    });
    expect(created.status).toBe(201);
    segment = created.body;
    expect(segment).toMatchObject({ name: 'Pro users', target: 'contact', member_count: 2 });
    expect(segment.refreshed_at).not.toBeNull();

    const members = await api<ContactPage>('GET', `/api/v1/contacts?segment_id=${segment.id}&sort=email&order=asc`);
    expect(members.body.data.map((c) => c.email)).toEqual(['ann@acme.test', 'bob@acme.test']);
    // The first fill is how the segment starts, not people entering it.
    expect(await enteredOrLeft('ann')).toEqual([]);

    await api('PATCH', `/api/v1/contacts/${people.cai!.id}`, { attributes: { plan: 'pro' } });
    await api('PATCH', `/api/v1/contacts/${people.bob!.id}`, { attributes: { plan: 'free' } });
    expect(await baton.services.segments.refresh(ws.workspaceId, segment.id)).toEqual({ entered: 1, left: 1 });
    expect(await enteredOrLeft('cai')).toEqual(['segment_entered:Pro users']);
    expect(await enteredOrLeft('bob')).toEqual(['segment_left:Pro users']);
    // Refreshing again changes nothing and records nothing twice.
    expect(await baton.services.segments.refresh(ws.workspaceId, segment.id)).toEqual({ entered: 0, left: 0 });
    expect(await enteredOrLeft('cai')).toEqual(['segment_entered:Pro users']);
    expect((await api<Segment>('GET', `/api/v1/segments/${segment.id}`)).body.member_count).toBe(2);
    const ofCai = await api<{ data: Segment[] }>('GET', `/api/v1/contacts/${people.cai!.id}/segments`);
    expect(ofCai.body.data.map((s) => s.name)).toEqual(['Pro users']);
  });

  it('answers whether one contact matches right now, before any refresh', async () => {
    await api('PATCH', `/api/v1/contacts/${people.ann!.id}`, { attributes: { plan: 'enterprise' } });
    expect(await baton.services.segments.contains(ws.workspaceId, segment.id, people.ann!.id)).toBe(false);
    expect(await baton.services.segments.contains(ws.workspaceId, segment.id, people.cai!.id)).toBe(true);
    await api('PATCH', `/api/v1/contacts/${people.ann!.id}`, { attributes: { plan: 'pro' } });
    expect(await baton.services.segments.contains(ws.workspaceId, segment.id, people.ann!.id)).toBe(true);
    const other = await createWorkspace(baton, 'Other');
    await expect(baton.services.segments.contains(other.workspaceId, segment.id, people.ann!.id)).rejects.toThrow(/not found/);
  });

  it('refreshes concurrently without recording anything twice', async () => {
    await api('PATCH', `/api/v1/contacts/${people['дина']!.id}`, { attributes: { plan: 'pro' } });
    await Promise.all([
      baton.services.segments.refresh(ws.workspaceId, segment.id),
      baton.services.segments.refresh(ws.workspaceId, segment.id),
    ]);
    expect(await enteredOrLeft('дина')).toEqual(['segment_entered:Pro users']);
  });

  it('refreshes every segment from the scheduled job', async () => {
    await api('PATCH', `/api/v1/contacts/${people.bob!.id}`, { attributes: { plan: 'pro' } });
    await baton.ctx.jobs.send(SEGMENT_REFRESH_QUEUE, {});
    await expect.poll(() => enteredOrLeft('bob'), { timeout: 20_000 }).toHaveLength(2);
    expect((await enteredOrLeft('bob')).sort()).toEqual(['segment_entered:Pro users', 'segment_left:Pro users']);
  });

  it('updates the rule (refreshing at once), lists, and deletes', async () => {
    const updated = await api<Segment>('PATCH', `/api/v1/segments/${segment.id}`, {
      name: 'Paying',
      rule: all({ type: 'field', field: 'attributes.plan', op: 'neq', value: 'free' }),
    });
    expect(updated.body).toMatchObject({ name: 'Paying', member_count: 4 });
    const badRule = await api('PATCH', `/api/v1/segments/${segment.id}`, { rule: all({ type: 'field', field: 'x', op: 'eq', value: 1 }) });
    expect(badRule.status).toBe(400);
    expect((await api<Segment>('GET', `/api/v1/segments/${segment.id}`)).body.name).toBe('Paying');

    const companies = await api<Segment>('POST', '/api/v1/segments', {
      name: 'Enterprise', target: 'company', rule: all({ type: 'field', field: 'plan', op: 'eq', value: 'enterprise' }),
    });
    expect(companies.body.member_count).toBe(1);
    const inCompanies = await api<{ data: Company[] }>('GET', `/api/v1/companies?segment_id=${companies.body.id}`);
    expect(inCompanies.body.data.map((c) => c.name)).toEqual(['Globex']);
    const ofGlobex = await api<{ data: Segment[] }>('GET', `/api/v1/companies/${globex.id}/segments`);
    expect(ofGlobex.body.data.map((s) => s.name)).toEqual(['Enterprise']);
    const wrongKind = await api<{ errors: { field: string }[] }>('GET', `/api/v1/contacts?segment_id=${companies.body.id}`);
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.errors[0]!.field).toBe('segment_id');

    const page1 = await api<{ data: Segment[]; next_cursor: string }>('GET', '/api/v1/segments?limit=1');
    const page2 = await api<{ data: Segment[]; next_cursor: string | null }>('GET', `/api/v1/segments?limit=1&cursor=${page1.body.next_cursor}`);
    expect([...page1.body.data, ...page2.body.data].map((s) => s.name).sort()).toEqual(['Enterprise', 'Paying']);
    expect(page2.body.next_cursor).toBeNull();

    expect((await api('DELETE', `/api/v1/segments/${segment.id}`)).status).toBe(204);
    expect((await api('GET', `/api/v1/segments/${segment.id}`)).status).toBe(404);
    expect(await baton.services.segments.of(ws.workspaceId, people.cai!.id)).toEqual([]);
  });
});

describe('demo segments', () => {
  it('each match some of the demo data, never none or all', async () => {
    const demo = await createWorkspace(baton, 'Demo');
    const summary = await baton.services.contacts.seedDemo(demo.workspaceId);
    await baton.services.segments.seedDemo(demo.workspaceId);
    const { data } = await baton.services.segments.list(demo.workspaceId, { limit: 10 });
    expect(data).toHaveLength(3);
    for (const s of data) {
      const total = s.target === 'company' ? summary.companies : summary.contacts;
      expect(s.member_count, s.name).toBeGreaterThan(0);
      expect(s.member_count, s.name).toBeLessThan(total);
    }
  });
});
