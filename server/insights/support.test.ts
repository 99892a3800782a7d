import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupportReport } from '../../contracts/insights.ts';
import type { Conversation } from '../../contracts/messenger.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, restClient, type RestClient, type TestWorkspace } from '../../test/factories.ts';

let baton: TestBaton;
let ws: TestWorkspace;
let api: RestClient;
let team: { id: string };

const HOUR = 3_600_000;
const now = Date.now();
const from = new Date(now - 24 * HOUR).toISOString();
const to = new Date(now + HOUR).toISOString();

/** A conversation with its times set as if it had happened: seconds after creation, or null. */
async function happened(at: number, t: { frt?: number; closedAfter?: number; csat?: number; team?: boolean }) {
  const contact = (await api<{ id: string }>('POST', '/api/v1/contacts', { email: `${crypto.randomUUID()}@example.test` })).body;
  const conv = (await api<Conversation>('POST', '/api/v1/conversations', { contact_id: contact.id, body: 'Hi' })).body;
  const created = new Date(at);
  const plus = (s?: number) => (s === undefined ? null : new Date(at + s * 1000).toISOString());
  await baton.ctx.database.query(
    `update conversations set created_at = $2, first_response_at = $3, closed_at = $4, state = $5, csat_rating = $6, team_id = $7 where id = $1`,
    [conv.id, created.toISOString(), plus(t.frt), plus(t.closedAfter), t.closedAfter === undefined ? 'open' : 'closed', t.csat ?? null, t.team ? team.id : null],
  );
  return conv.id;
}

let tagged: string[];

beforeAll(async () => {
  baton = await startBaton();
  ws = await createWorkspace(baton, 'Reported');
  api = restClient(baton, ws);
  team = await baton.services.workspaces.teams.create(ws.workspaceId, { name: 'Tier 2' });
  tagged = [
    await happened(now - 2 * HOUR, { frt: 60, closedAfter: 600, csat: 5, team: true }),
    await happened(now - 3 * HOUR, { frt: 120, closedAfter: 1200, csat: 2 }),
  ];
  await happened(now - 4 * HOUR, {});
  await happened(now - 30 * HOUR, { frt: 300, team: true });
  // The times were set behind the application's back: rebuild the facts the reports read.
  await baton.services.insights.facts.sweep(ws.workspaceId, { full: true });
}, 180_000);
afterAll(() => baton?.stop());

describe('support report', () => {
  it('computes volume, first response and resolution percentiles and CSAT for the period and the one before', async () => {
    const res = await api<SupportReport>('GET', `/api/v1/reports/support?from=${from}&to=${to}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const [all] = res.body.rows;
    expect(all!.current).toMatchObject({
      conversations: 3, responded: 2, median_first_response_seconds: 90, p90_first_response_seconds: 114,
      closed: 2, median_resolution_seconds: 900, p90_resolution_seconds: 1140,
      csat_responses: 2, csat_score: 0.5, csat_response_rate: 1,
    });
    expect(all!.previous).toMatchObject({ conversations: 1, responded: 1, median_first_response_seconds: 300, csat_score: null, csat_response_rate: null });
  });

  it('groups by team, naming it', async () => {
    const res = await api<SupportReport>('GET', `/api/v1/reports/support?from=${from}&to=${to}&group_by=team`);
    const byTeam = Object.fromEntries(res.body.rows.map((r) => [r.label ?? 'none', r]));
    expect(byTeam['Tier 2']!.current.conversations).toBe(1);
    expect(byTeam['Tier 2']!.previous.conversations).toBe(1);
    expect(byTeam.none!.current.conversations).toBe(2);
  });

  it('groups by tag: a conversation with two tags counts in both, untagged ones on their own', async () => {
    const tag = async (name: string) => (await api<{ id: string }>('POST', '/api/v1/tags', { name })).body.id;
    const [bug, billing] = [await tag('Bug'), await tag('Billing')];
    for (const [conv, t] of [[tagged[0], bug], [tagged[0], billing], [tagged[1], bug]] as const) {
      expect((await api('PUT', `/api/v1/conversations/${conv}/tags/${t}`)).status).toBeLessThan(300);
    }
    // Tagging is a domain event: its facts job, not a sweep, brings the tags into the report.
    const byTagNow = async () =>
      Object.fromEntries((await api<SupportReport>('GET', `/api/v1/reports/support?from=${from}&to=${to}&group_by=tag`)).body.rows.map((r) => [r.label ?? 'none', r]));
    await expect
      .poll(async () => {
        const t = await byTagNow();
        return [t.Bug?.current.conversations, t.Billing?.current.conversations];
      }, { timeout: 20_000 })
      .toEqual([2, 1]);
    const res = await api<SupportReport>('GET', `/api/v1/reports/support?from=${from}&to=${to}&group_by=tag`);
    const byTag = Object.fromEntries(res.body.rows.map((r) => [r.label ?? 'none', r]));
    expect(byTag.Bug!.current).toMatchObject({ conversations: 2, closed: 2, median_first_response_seconds: 90, csat_score: 0.5 });
    expect(byTag.Billing!.current).toMatchObject({ conversations: 1, median_first_response_seconds: 60 });
    expect(byTag.none!.current.conversations).toBe(1);
    expect(byTag.none!.previous.conversations).toBe(1);
    expect(byTag.Bug!.key).toBe(bug);
  }, 60_000);

  it('refuses a period that ends before it starts or runs past a year', async () => {
    const back = await api<{ errors: { field: string }[] }>('GET', `/api/v1/reports/support?from=${to}&to=${from}`);
    expect(back.status).toBe(400);
    expect(back.body.errors[0]!.field).toBe('to');
    const long = await api('GET', `/api/v1/reports/support?from=2020-01-01T00:00:00Z&to=2022-01-01T00:00:00Z`);
    expect(long.status).toBe(400);
    const other = await createWorkspace(baton, 'Other');
    const theirs = await restClient(baton, other)<SupportReport>('GET', `/api/v1/reports/support?from=${from}&to=${to}`);
    expect(theirs.body.rows).toEqual([]);
  });
});
