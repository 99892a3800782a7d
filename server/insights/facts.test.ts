import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupportReport } from '../../contracts/insights.ts';
import type { Conversation } from '../../contracts/messenger.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, restClient, type RestClient, type TestWorkspace } from '../../test/factories.ts';
import { FACTS_QUEUE } from './facts.ts';

/**
 * The conversation facts rollup the support reports read: kept by the jobs the domain events send,
 * caught up by the sweep when a job was lost, and counting office time in the team's hours.
 */

let baton: TestBaton;
let ws: TestWorkspace;
let api: RestClient;

const HOUR = 3_600_000;

beforeAll(async () => {
  baton = await startBaton();
  ws = await createWorkspace(baton, 'Facts');
  api = restClient(baton, ws);
}, 180_000);
afterAll(() => baton?.stop());

const report = async (query: string) => {
  const r = await api<SupportReport>('GET', `/api/v1/reports/support?${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};

async function conversation(): Promise<{ id: string; contactId: string }> {
  const contact = (await api<{ id: string }>('POST', '/api/v1/contacts', { email: `${crypto.randomUUID()}@example.test` })).body;
  const conv = (await api<Conversation>('POST', '/api/v1/conversations', { contact_id: contact.id, body: 'Hi' })).body;
  return { id: conv.id, contactId: contact.id };
}

describe('conversation facts', () => {
  it('follow the domain events: a conversation replied to, answered again after the customer wrote, and closed', async () => {
    const range = `from=${new Date(Date.now() - HOUR).toISOString()}&to=${new Date(Date.now() + HOUR).toISOString()}`;
    const { id, contactId } = await conversation();
    const agent = (body: string) => baton.app.inject({ method: 'POST', url: `/api/v1/conversations/${id}/messages`, headers: ws.agentHeaders, payload: { body } });
    expect((await agent('Hello')).statusCode).toBeLessThan(300);
    const viewer = { workspaceId: ws.workspaceId, visitorId: crypto.randomUUID(), contactId, verified: true, canChat: true };
    await baton.services.inbox.send(ws.workspaceId, { kind: 'visitor', viewer }, id, { body: 'One more thing' });
    expect((await agent('Here it is')).statusCode).toBeLessThan(300);
    const closed = await baton.app.inject({ method: 'PATCH', url: `/api/v1/conversations/${id}`, headers: ws.agentHeaders, payload: { state: 'closed' } });
    expect(closed.statusCode).toBeLessThan(300);
    await expect
      .poll(async () => {
        const m = (await report(range)).rows[0]?.current;
        return m && { conversations: m.conversations, responded: m.responded, next: m.next_responses, closed: m.closed, replies: m.replies_to_resolution };
      }, { timeout: 30_000 })
      .toEqual({ conversations: 1, responded: 1, next: 1, closed: 1, replies: 2 });
    // Events within seconds share a recompute: one gathered job, not one per event.
    const jobs = await baton.ctx.database.query<{ n: number }>(
      `select count(*)::int as n from pgboss.job where name = $1 and data -> 'items' ? $2`,
      [FACTS_QUEUE, id],
    );
    expect(jobs.rows[0]!.n).toBeGreaterThanOrEqual(1);
    expect(jobs.rows[0]!.n).toBeLessThanOrEqual(2);
  });

  it('are caught up by the sweep when a change had no job, and rebuilt whole on the first run', async () => {
    const range = `from=${new Date(Date.now() - HOUR).toISOString()}&to=${new Date(Date.now() + HOUR).toISOString()}`;
    // A workspace of its own: the every-5-minutes sweep may already have run over the shared one.
    const fresh = await createWorkspace(baton, 'Facts sweep');
    const freshFirst = await baton.services.insights.facts.sweep(fresh.workspaceId);
    expect(freshFirst).toMatchObject({ full: true });
    await baton.services.insights.facts.sweep(ws.workspaceId);
    const { id } = await conversation();
    await expect.poll(async () => (await report(range)).rows[0]?.current.conversations, { timeout: 30_000 }).toBe(2);
    // A rating written as if the node had stopped before sending its job.
    await baton.ctx.database.query(`update conversations set state = 'closed', closed_at = now(), csat_rating = 5, updated_at = now() where id = $1`, [id]);
    expect((await report(range)).rows[0]!.current.csat_responses).toBe(0);
    const next = await baton.services.insights.facts.sweep(ws.workspaceId);
    expect(next).toMatchObject({ full: false });
    expect(next!.conversations).toBeGreaterThanOrEqual(1);
    const after = await report(range);
    expect(after.rows[0]!.current).toMatchObject({ csat_responses: 1, closed: 2 });
    expect(Date.parse(after.as_of!)).toBeGreaterThanOrEqual(next!.asOf.getTime());
  });

  it('are caught up by the sweep from a change recorded only beside the conversation (a tag row, a close)', async () => {
    await baton.services.insights.facts.sweep(ws.workspaceId);
    const { id } = await conversation();
    const facts = async () =>
      (await baton.ctx.database.query<{ tag_ids: string[] | null; closes: number }>(
        `select tag_ids, closes from insights_conversation_facts where workspace_id = $1 and conversation_id = $2`, [ws.workspaceId, id],
      )).rows[0];
    await expect.poll(async () => (await facts())?.closes, { timeout: 30_000 }).toBe(0);
    // Rows written behind the Inbox's back: neither moves the conversation's updated_at nor sends a job.
    const tag = crypto.randomUUID();
    await baton.ctx.database.query(`insert into tags (workspace_id, id, name, key) values ($1, $2, 'Sweep', 'sweep')`, [ws.workspaceId, tag]);
    await baton.ctx.database.query(`insert into conversation_tags (workspace_id, conversation_id, tag_id) values ($1, $2, $3)`, [ws.workspaceId, id, tag]);
    await baton.ctx.database.query(`insert into conversation_closes (workspace_id, conversation_id, closed_at) values ($1, $2, now())`, [ws.workspaceId, id]);
    const next = await baton.services.insights.facts.sweep(ws.workspaceId);
    expect(next).toMatchObject({ full: false });
    expect(await facts()).toEqual({ tag_ids: [tag], closes: 1 });
  });

  it('count first response and resolution in office time: Friday 16:00 to Monday 10:00 is 2 hours', async () => {
    const team = await baton.services.workspaces.teams.create(ws.workspaceId, { name: 'Almaty desk' });
    const hours = { time_zone: 'Asia/Almaty', weekly: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })), holidays: [] };
    const put = await baton.app.inject({ method: 'PUT', url: `/api/v1/teams/${team.id}/office-hours`, headers: { authorization: `Bearer ${ws.apiKey}` }, payload: hours });
    expect(put.statusCode, put.body).toBe(200);
    // Friday 27 November 2026 16:00 in Almaty (UTC+5), answered Monday 10:00, closed Monday 11:00.
    const withTeam = await conversation();
    await baton.ctx.database.query(
      `update conversations set team_id = $2, created_at = '2026-11-27T11:00:00Z', first_response_at = '2026-11-30T05:00:00Z',
         closed_at = '2026-11-30T06:00:00Z', state = 'closed' where id = $1`,
      [withTeam.id, team.id],
    );
    // Without a team nothing is closed: office time is calendar time.
    const without = await conversation();
    await baton.ctx.database.query(`update conversations set created_at = '2026-11-27T12:00:00Z', first_response_at = '2026-11-27T12:10:00Z' where id = $1`, [without.id]);
    await baton.services.insights.facts.sweep(ws.workspaceId, { full: true });

    const range = 'from=2026-11-27T00:00:00Z&to=2026-11-28T00:00:00Z';
    const calendar = (await report(range)).rows[0]!.current;
    expect(calendar).toMatchObject({ conversations: 2, median_first_response_seconds: (66 * 3600 + 600) / 2, median_resolution_seconds: 67 * 3600 });
    const office = await report(`${range}&time=office`);
    expect(office.time).toBe('office');
    expect(office.rows[0]!.current).toMatchObject({ conversations: 2, median_first_response_seconds: (2 * 3600 + 600) / 2, median_resolution_seconds: 3 * 3600 });
    const byTeam = Object.fromEntries((await report(`${range}&time=office&group_by=team`)).rows.map((r) => [r.label ?? 'none', r.current]));
    expect(byTeam['Almaty desk']).toMatchObject({ median_first_response_seconds: 2 * 3600, p90_first_response_seconds: 2 * 3600 });
    expect(byTeam.none).toMatchObject({ median_first_response_seconds: 600 });

    const bad = await api<{ errors: { field: string }[] }>('GET', `/api/v1/reports/support?${range}&time=business`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]!.field).toBe('querystring.time');
  });
});
