import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketVolume } from '../../contracts/insights.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, restClient, type TestWorkspace } from '../../test/factories.ts';
import { TAIL_MARGIN_MS } from './open-weeks.ts';
import { WEEK, weekStart } from './weekly-counts.ts';

/**
 * The companies active in the weeks the daily rollup does not hold (the current one, and the last
 * until the rollup's night run): kept by the open-weeks job, with the events since its recount
 * counted live. Every number is the set of companies the planted events name, computed here.
 */

let baton: TestBaton;
let ws: TestWorkspace;
let segment: Record<string, string>;
const current = weekStart(new Date()).getTime();
const last = current - WEEK;
/** An instant a fraction of the way from the current week's start to now. */
const into = (fraction: number) => new Date(current + (Date.now() - current) * fraction).toISOString();

/** Contact → companies (Segment groupIds); c6 belongs to none, c7 to two. */
const members: Record<string, string[]> = { c1: ['A'], c2: ['A'], c3: ['B'], c4: ['C'], c5: ['D'], c6: [], c7: ['E', 'F'], c8: ['B'] };

async function track(userId: string, timestamp: string, w: TestWorkspace = ws) {
  const r = await baton.app.inject({
    method: 'POST', url: '/v1/track', payload: { userId, event: 'project_updated', timestamp },
    headers: w === ws ? segment : { authorization: `Basic ${Buffer.from(`${w.writeKey}:`).toString('base64')}` },
  });
  expect(r.statusCode, r.body).toBeLessThan(300);
}

/** Active companies of the last week and the current one, as the report says. */
async function active(w: TestWorkspace = ws, unit = 'company'): Promise<number[]> {
  const r = await baton.app.inject({
    url: `/api/app/insights/ticket-volume?from=${new Date(last).toISOString()}&to=${new Date(Date.now() + 1000).toISOString()}&unit=${unit}`,
    headers: w.agentHeaders,
  });
  expect(r.statusCode, r.body).toBe(200);
  return r.json<TicketVolume>().weeks.map((x) => x.active);
}

const kept = async () =>
  (
    await baton.ctx.database.query<{ week: Date; n: number }>(
      'select week, count(*)::int as n from insights_open_week_companies where workspace_id = $1 group by week order by week',
      [ws.workspaceId],
    )
  ).rows.map((r) => [new Date(r.week).getTime(), r.n]);

beforeAll(async () => {
  baton = await startBaton();
  ws = await createWorkspace(baton, 'Open weeks');
  segment = { authorization: `Basic ${Buffer.from(`${ws.writeKey}:`).toString('base64')}` };
  const batch = Object.entries(members).flatMap(([userId, groups]) => [
    { type: 'identify', userId, traits: { email: `${userId}@example.test` } },
    ...groups.map((groupId) => ({ type: 'group', userId, groupId, traits: { name: `Company ${groupId}` } })),
  ]);
  const r = await baton.app.inject({ method: 'POST', url: '/v1/batch', headers: segment, payload: { batch } });
  expect(r.statusCode, r.body).toBeLessThan(300);
  // Last week: A, B, E and F. This week so far: A (twice) and C; c6's event names no company.
  for (const c of ['c1', 'c3', 'c7']) await track(c, new Date(last + 86_400_000).toISOString());
  for (const [c, at] of [['c1', 0.1], ['c2', 0.2], ['c4', 0.3], ['c6', 0.4]] as const) await track(c, into(at));
}, 120_000);
afterAll(() => baton?.stop());

describe('active companies of the open weeks', () => {
  it('counts the same from the job’s sets as from every event, and keeps one set per open week', async () => {
    expect(await active()).toEqual([4, 2]);
    expect(await baton.services.insights.recountAllOpenWeeks()).toBeGreaterThanOrEqual(2);
    expect(await kept()).toEqual([[last, 4], [current, 2]]);
    const { rows } = await baton.ctx.database.query<{ lag_ms: number }>(
      'select extract(epoch from now() - counted_through) * 1000 as lag_ms from insights_open_weeks where workspace_id = $1 and week = $2',
      [ws.workspaceId, new Date(current).toISOString()],
    );
    expect(Number(rows[0]!.lag_ms)).toBeGreaterThanOrEqual(TAIL_MARGIN_MS);
    expect(Number(rows[0]!.lag_ms)).toBeLessThan(TAIL_MARGIN_MS + 60_000);
    expect(await active()).toEqual([4, 2]);
    expect(await active(ws, 'contact')).toEqual([3, 4]);
  });

  it('counts an event since the recount live, and one stamped before it at the next recount', async () => {
    await track('c5', new Date().toISOString());
    expect(await active()).toEqual([4, 3]);
    // As if the recount had run later than c8's event is stamped: it arrived after, with an older timestamp.
    await baton.ctx.database.query('update insights_open_weeks set counted_through = $3 where workspace_id = $1 and week = $2', [
      ws.workspaceId, new Date(current).toISOString(), into(0.8),
    ]);
    await track('c8', into(0.5));
    expect(await active()).toEqual([4, 3]);
    expect(await baton.services.insights.recountOpenWeeks(ws.workspaceId)).toBe(2);
    expect(await active()).toEqual([4, 4]);
    expect(await kept()).toEqual([[last, 4], [current, 4]]);
  });

  it('follows a contact leaving a company at the next recount, writing only what changed', async () => {
    const api = restClient(baton, ws);
    const { rows } = await baton.ctx.database.query<{ id: string }>('select id from contacts where workspace_id = $1 and external_id = $2', [ws.workspaceId, 'c4']);
    const left = await api('PATCH', `/api/v1/contacts/${rows[0]!.id}`, { company_ids: [] });
    expect(left.status).toBe(200);
    const before = await baton.ctx.database.query<{ company_id: string; xmin: string }>(
      'select company_id, xmin::text from insights_open_week_companies where workspace_id = $1 and week = $2 order by company_id',
      [ws.workspaceId, new Date(current).toISOString()],
    );
    await baton.services.insights.recountOpenWeeks(ws.workspaceId);
    const after = await baton.ctx.database.query<{ company_id: string; xmin: string }>(
      'select company_id, xmin::text from insights_open_week_companies where workspace_id = $1 and week = $2 order by company_id',
      [ws.workspaceId, new Date(current).toISOString()],
    );
    expect(after.rows).toHaveLength(3);
    // The companies still active keep their rows untouched.
    expect(after.rows).toEqual(before.rows.filter((r) => after.rows.some((a) => a.company_id === r.company_id)));
    expect(await active()).toEqual([4, 3]);
  });

  it('stops recounting the last week once the daily rollup holds it, which reads the same, and drops older sets', async () => {
    const older = new Date(last - WEEK).toISOString();
    await baton.ctx.database.query('insert into insights_open_weeks (workspace_id, week, counted_through) values ($1, $2, $2)', [ws.workspaceId, older]);
    await baton.ctx.database.query('insert into insights_open_week_companies (workspace_id, week, company_id) values ($1, $2, $3)', [ws.workspaceId, older, crypto.randomUUID()]);
    await baton.services.insights.rollUpActivity(ws.workspaceId);
    expect(await baton.services.insights.recountOpenWeeks(ws.workspaceId)).toBe(1);
    expect(await kept()).toEqual([[last, 4], [current, 3]]);
    expect(await active()).toEqual([4, 3]);
  });

  it('keeps workspaces apart', async () => {
    const other = await createWorkspace(baton, 'Other open weeks');
    await track('c1', into(0.5), other);
    expect(await active(other)).toEqual([0, 0]);
    await baton.services.insights.recountOpenWeeks(other.workspaceId);
    expect(await active(other)).toEqual([0, 0]);
    expect(await active(other, 'contact')).toEqual([0, 1]);
    expect(await active()).toEqual([4, 3]);
  });
});
