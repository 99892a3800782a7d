import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportGroup, ReportTime, SupportMetrics } from '../../contracts/insights.ts';
import type { Conversation } from '../../contracts/messenger.ts';
import { generate } from '../../bench/insights.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, restClient, type RestClient, type TestWorkspace } from '../../test/factories.ts';
import { RELATIVE_ERROR, weekOf } from './daily.ts';
import { supportReport } from './support.ts';

/**
 * The daily pre-aggregate against the facts it comes from: after changes the jobs brought in one
 * conversation at a time (a team changed, a reopen, a rating given later), its rows equal a rebuild
 * from scratch, and the report read from it has every count of the report read from the facts rows
 * and every percentile within the histogram's stated bound.
 */

let baton: TestBaton;
let ws: TestWorkspace;
let api: RestClient;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = Date.now();
const range = { from: new Date(now - 20 * DAY).toISOString(), to: new Date(now + HOUR).toISOString() };
const GROUPS: ReportGroup[] = ['none', 'team', 'sla_policy', 'channel', 'assignee', 'tier', 'tag'];
const PERCENTILES = [
  'median_first_response_seconds', 'p90_first_response_seconds', 'median_next_response_seconds', 'p90_next_response_seconds',
  'median_resolution_seconds', 'p90_resolution_seconds',
] as const;

interface Made {
  id: string;
  contactId: string;
}

/** A conversation made through the API, then moved back in time with a reply and a close, as if it had happened. */
async function happened(daysAgo: number, frtSeconds: number, closedAfterSeconds: number): Promise<Made> {
  const contact = (await api<{ id: string }>('POST', '/api/v1/contacts', { email: `${crypto.randomUUID()}@example.test` })).body;
  const conv = (await api<Conversation>('POST', '/api/v1/conversations', { contact_id: contact.id, body: 'Hi' })).body;
  const at = now - daysAgo * DAY;
  await baton.ctx.database.query(
    `update conversations set created_at = $2, first_response_at = $3, closed_at = $4, state = 'closed', updated_at = now() where id = $1`,
    [conv.id, new Date(at).toISOString(), new Date(at + frtSeconds * 1000).toISOString(), new Date(at + closedAfterSeconds * 1000).toISOString()],
  );
  await baton.ctx.database.query(`insert into conversation_closes (workspace_id, conversation_id, closed_at) values ($1, $2, $3)`, [
    ws.workspaceId, conv.id, new Date(at + closedAfterSeconds * 1000).toISOString(),
  ]);
  return { id: conv.id, contactId: contact.id };
}

const daily = async () =>
  (
    await baton.ctx.database.query(
      `select * from insights_support_daily where workspace_id = $1 order by day, dim, key nulls first`,
      [ws.workspaceId],
    )
  ).rows;

const weekly = async () =>
  (
    await baton.ctx.database.query(
      `select * from insights_support_weekly where workspace_id = $1 order by week, dim, key nulls first`,
      [ws.workspaceId],
    )
  ).rows;

/** The weekly rows as the direct computation from the daily rows would have them: counts summed, histograms merged. */
async function weeklyFromDaily() {
  const out = new Map<string, Record<string, unknown>>();
  for (const d of await daily()) {
    const week = weekOf(new Date(d.day as string | Date).toISOString().slice(0, 10));
    const id = `${week}|${d.dim}|${d.key}`;
    const w = out.get(id) ?? { week, dim: d.dim, key: d.key };
    for (const c of ['conversations', 'responded', 'closed', 'sla_met', 'sla_waiting', 'csat_good'] as const) w[c] = ((w[c] as number) ?? 0) + (d[c] as number);
    for (const h of ['frt', 'res_office', 'nrt'] as const) {
      const merged = (w[h] as Map<number, number>) ?? new Map<number, number>();
      ((d[`${h}_b`] as number[] | null) ?? []).forEach((b, i) => merged.set(b, (merged.get(b) ?? 0) + (d[`${h}_n`] as number[])[i]!));
      w[h] = merged;
    }
    out.set(id, w);
  }
  return [...out.values()].map((w) => ({
    ...w,
    ...Object.fromEntries((['frt', 'res_office', 'nrt'] as const).map((h) => [h, [...(w[h] as Map<number, number>)].sort((a, b) => a[0] - b[0])])),
  }));
}

const weeklyShape = (rows: Record<string, unknown>[]) =>
  rows.map((w) => ({
    week: new Date(w.week as string | Date).toISOString().slice(0, 10), dim: w.dim, key: w.key,
    conversations: w.conversations, responded: w.responded, closed: w.closed, sla_met: w.sla_met, sla_waiting: w.sla_waiting, csat_good: w.csat_good,
    ...Object.fromEntries((['frt', 'res_office', 'nrt'] as const).map((h) => [h, ((w[`${h}_b`] as number[] | null) ?? []).map((b, i) => [b, (w[`${h}_n`] as number[])[i]])])),
  }));

const fact = async (id: string) =>
  (await baton.ctx.database.query<{ team_id: string | null; closed: boolean; csat_rating: number | null }>(
    `select team_id, closed, csat_rating from insights_conversation_facts where workspace_id = $1 and conversation_id = $2`,
    [ws.workspaceId, id],
  )).rows[0];

/** The report read from the facts rows (exact) and the one read from the daily rows. */
const both = (groupBy: ReportGroup, time: ReportTime) =>
  Promise.all(
    [Infinity, 0].map((exactUpTo) => supportReport(baton.ctx.db, ws.workspaceId, { ...range, group_by: groupBy, time }, { exactUpTo })),
  );

function expectWithinBound(approx: SupportMetrics, exact: SupportMetrics) {
  const counts = Object.fromEntries(Object.entries(exact).filter(([k]) => !(PERCENTILES as readonly string[]).includes(k)));
  expect(approx).toMatchObject(counts);
  for (const k of PERCENTILES) {
    const [a, e] = [approx[k], exact[k]];
    if (e === null) expect(a, k).toBeNull();
    else expect(Math.abs(a! - e), `${k}: ${a} for ${e}`).toBeLessThanOrEqual(RELATIVE_ERROR * Math.abs(e) + 1e-9);
  }
}

let made: Made[];

beforeAll(async () => {
  baton = await startBaton();
  ws = await createWorkspace(baton, 'Daily');
  api = restClient(baton, ws);
  // A year of history set-wise (the bench's generator): teams, SLA policies with due times, tags, tiers, closes and ratings.
  await generate({ workspaceId: ws.workspaceId, database: baton.ctx.database }, { conversations: 2000, events: 1000, companies: 20 });
  made = [await happened(3, 90.25, 4000), await happened(5, 600, 7200.5), await happened(8, 30, 50)];
  // A third of the history moves to a team with office hours, so office time differs from calendar time (and is often zero).
  const desk = await baton.services.workspaces.teams.create(ws.workspaceId, { name: 'Almaty desk' });
  const hours = { time_zone: 'Asia/Almaty', weekly: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })), holidays: [] };
  const put = await baton.app.inject({ method: 'PUT', url: `/api/v1/teams/${desk.id}/office-hours`, headers: { authorization: `Bearer ${ws.apiKey}` }, payload: hours });
  expect(put.statusCode, put.body).toBe(200);
  await baton.ctx.database.query(`update conversations set team_id = $2 where workspace_id = $1 and team_id = md5('team1')::uuid`, [ws.workspaceId, desk.id]);
  await baton.services.insights.facts.sweep(ws.workspaceId, { full: true });
}, 240_000);
afterAll(() => baton?.stop());

describe('daily pre-aggregate', () => {
  it('equals a rebuild after a team change, a reopen and a late rating, each brought in by its job', async () => {
    const team = await baton.services.workspaces.teams.create(ws.workspaceId, { name: 'Escalations' });
    const [moved, reopened, rated] = made as [Made, Made, Made];
    expect((await api('PATCH', `/api/v1/conversations/${moved.id}`, { team_id: team.id })).status).toBeLessThan(300);
    expect((await api('PATCH', `/api/v1/conversations/${reopened.id}`, { state: 'open' })).status).toBeLessThan(300);
    const viewer = { workspaceId: ws.workspaceId, visitorId: crypto.randomUUID(), contactId: rated.contactId, verified: true, canChat: true };
    await baton.services.inbox.rate(ws.workspaceId, rated.id, { kind: 'visitor', viewer }, { rating: 4 });
    await expect
      .poll(async () => [(await fact(moved.id))?.team_id, (await fact(reopened.id))?.closed, (await fact(rated.id))?.csat_rating], { timeout: 30_000 })
      .toEqual([team.id, false, 4]);
    const incremental = await daily();
    expect(incremental.some((r) => r.dim === 'team' && r.key === team.id)).toBe(true);
    const incrementalWeeks = await weekly();
    expect(incrementalWeeks.some((r) => r.dim === 'team' && r.key === team.id)).toBe(true);
    // The weekly rows the jobs kept are their week's daily rows summed.
    const key = (r: Record<string, unknown>) => `${String(r.week)}|${String(r.dim)}|${String(r.key)}`;
    const direct = (await weeklyFromDaily()).sort((a, b) => key(a).localeCompare(key(b)));
    const kept = weeklyShape(incrementalWeeks).sort((a, b) => key(a).localeCompare(key(b)));
    expect(kept).toEqual(direct);
    await baton.services.insights.facts.sweep(ws.workspaceId, { full: true });
    expect(await daily()).toEqual(incremental);
    expect(await weekly()).toEqual(incrementalWeeks);
    // An upgraded install gets the same weekly rows from migration 0034's backfill of its daily rows.
    const migration = readFileSync(new URL('../../db/migrations/0034_insights_support_weekly.sql', import.meta.url), 'utf8');
    await baton.ctx.database.query('delete from insights_support_weekly');
    await baton.ctx.database.query(migration.split('--> statement-breakpoint').at(-1)!);
    expect(await weekly()).toEqual(incrementalWeeks);
  }, 60_000);

  it('gives the report every count of the facts rows and percentiles within the bound, per group, in calendar and office time', async () => {
    for (const time of ['calendar', 'office'] as ReportTime[]) {
      for (const groupBy of GROUPS) {
        const [exact, fromDaily] = await both(groupBy, time);
        expect(fromDaily!.rows.map((r) => [r.key, r.label])).toEqual(exact!.rows.map((r) => [r.key, r.label]));
        for (const [i, row] of exact!.rows.entries()) {
          expectWithinBound(fromDaily!.rows[i]!.current, row.current);
          expectWithinBound(fromDaily!.rows[i]!.previous, row.previous);
        }
      }
    }
    const [exact] = await both('none', 'calendar');
    // The history does exercise the daily rows' every part.
    expect(exact!.rows[0]!.current).toMatchObject({ conversations: expect.any(Number), reopen_rate: expect.any(Number) });
    expect(exact!.rows[0]!.current.conversations).toBeGreaterThan(50);
    expect(exact!.rows[0]!.current.sla_breached).toBeGreaterThan(0);
    expect(exact!.rows[0]!.current.next_responses).toBeGreaterThan(10);
    const [office] = await both('none', 'office');
    expect(office!.rows[0]!.current.median_resolution_seconds).not.toBe(exact!.rows[0]!.current.median_resolution_seconds);
  }, 60_000);
});
