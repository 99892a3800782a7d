import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign } from '../../contracts/campaigns.ts';
import { TTFV_BUCKETS, type TtfvDistribution, type TtfvReport } from '../../contracts/ttfv.ts';
import { createWorkspace, restClient, type TestWorkspace } from '../../test/factories.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { contacts } from '../contacts/schema.ts';
import { experimentExposures } from '../experiments/schema.ts';

/**
 * Time to first value on a seeded dataset sent through Segment's /v1/batch, checked against the
 * same numbers computed here from the dataset itself (percentile_cont by hand, buckets, cohorts).
 */

let baton: TestBaton;
let ws: TestWorkspace;
let other: TestWorkspace;

const DAY = 86_400_000;
const MILESTONE = 'project_created';
const now = Math.floor(Date.now() / 1000) * 1000;
const from = now - 60 * DAY;
const to = now + DAY;

/** mulberry32: a small seeded generator, so the dataset is the same on every run. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Person {
  userId: string;
  signup: number;
  milestones: number[];
}

function dataset(seed: number, count: number): Person[] {
  const rnd = random(seed);
  const second = (ms: number) => Math.floor(ms / 1000) * 1000;
  const people: Person[] = [];
  for (let i = 0; i < count; i++) {
    let signup: number;
    // Away from the "at least N days ago" edges (7 and 14 days), which the server reads at its own now.
    do signup = second(now - 3_600_000 - rnd() * 70 * DAY);
    while ([7, 14].some((d) => Math.abs(signup - (now - d * DAY)) < 3_600_000));
    const milestones: number[] = [];
    if (rnd() < 0.3) milestones.push(second(signup - rnd() * 5 * DAY)); // before sign-up: not first value
    if (rnd() < 0.75) {
      // Spread from minutes to weeks, so every bucket gets some.
      const first = second(signup + Math.exp(rnd() * Math.log(40 * DAY / 60_000)) * 60_000);
      if (first < now) milestones.push(first);
      if (rnd() < 0.4 && first + DAY < now) milestones.push(first + DAY);
    }
    people.push({ userId: `u-${seed}-${i}`, signup, milestones });
  }
  return people;
}

async function ingest(w: TestWorkspace, people: Person[]) {
  const messages = people.flatMap((p) => [
    { type: 'identify', userId: p.userId, traits: { email: `${p.userId}@example.test`, createdAt: new Date(p.signup).toISOString() }, timestamp: new Date(p.signup).toISOString() },
    ...p.milestones.map((m) => ({ type: 'track', userId: p.userId, event: MILESTONE, timestamp: new Date(m).toISOString() })),
    { type: 'track', userId: p.userId, event: 'page_opened', timestamp: new Date(p.signup + 1000).toISOString() },
  ]);
  for (let i = 0; i < messages.length; i += 80) {
    const res = await baton.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: `Basic ${Buffer.from(`${w.writeKey}:`).toString('base64')}` },
      payload: { batch: messages.slice(i, i + 80) },
    });
    expect(res.statusCode, res.body).toBe(200);
  }
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? 0) - sorted[lo]!);
}

function expected(people: Person[], withinDays: number): TtfvDistribution {
  const secs = people
    .map((p) => p.milestones.filter((m) => m >= p.signup).sort((a, b) => a - b)[0])
    .map((first, i) => (first === undefined ? null : (first - people[i]!.signup) / 1000));
  const reached = secs.filter((s): s is number => s !== null).sort((a, b) => a - b);
  const eligible = people.filter((p) => p.signup <= now - withinDays * DAY);
  const within = people.filter((p, i) => p.signup <= now - withinDays * DAY && secs[i] !== null && secs[i]! < withinDays * 86_400).length;
  const histogram = [...TTFV_BUCKETS, Infinity].map((upper, i) => reached.filter((s) => s >= (i === 0 ? 0 : TTFV_BUCKETS[i - 1]!) && s < upper).length);
  return {
    contacts: people.length,
    reached: reached.length,
    median_seconds: percentile(reached, 0.5),
    p90_seconds: percentile(reached, 0.9),
    eligible: eligible.length,
    reached_within: within,
    share_within: eligible.length === 0 ? null : within / eligible.length,
    histogram,
  };
}

function expectClose(labelled: TtfvDistribution & { cohort?: string; group?: string }, wanted: TtfvDistribution) {
  const { median_seconds, p90_seconds, share_within, cohort: _c, group: _g, ...counts } = labelled;
  const { median_seconds: m, p90_seconds: p, share_within: s, ...wantedCounts } = wanted;
  expect(counts).toEqual(wantedCounts);
  for (const [a, b] of [[median_seconds, m], [p90_seconds, p], [share_within, s]] as const) {
    if (b === null) expect(a).toBeNull();
    else expect(a).toBeCloseTo(b, 6);
  }
}

const weekOf = (t: number) => {
  const d = new Date(t);
  const monday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - ((d.getUTCDay() + 6) % 7) * DAY;
  return new Date(monday).toISOString().slice(0, 10);
};
const monthOf = (t: number) => `${new Date(t).toISOString().slice(0, 7)}-01`;

const people = dataset(20261201, 90);
const inPeriod = people.filter((p) => p.signup >= from && p.signup < to);

async function get<T>(w: TestWorkspace, path: string) {
  const res = await baton.app.inject({ method: 'GET', url: path, headers: w.agentHeaders });
  return { status: res.statusCode, body: res.headers['content-type']?.toString().startsWith('text/csv') ? (res.body as T) : res.json<T>() };
}
const query = (extra: Record<string, string> = {}) =>
  new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), ...extra }).toString();

beforeAll(async () => {
  baton = await startBaton();
  ws = await createWorkspace(baton, 'TTFV');
  other = await createWorkspace(baton, 'TTFV other');
  await ingest(ws, people);
  // Another workspace with the same user ids, every one reaching the milestone at once: must not leak in.
  await ingest(other, people.map((p) => ({ ...p, milestones: [p.signup] })));
  await baton.ctx.bus.drain();
});
afterAll(() => baton?.stop());

describe('time to first value', () => {
  it('needs a milestone: the workspace setting, or the view\'s own', async () => {
    const none = await get<{ errors: { field: string }[] }>(ws, `/api/app/ttfv?${query()}`);
    expect(none.status).toBe(400);
    expect(none.body.errors.map((e) => e.field)).toEqual(['event']);
    const bad = await get<{ errors: { field: string }[] }>(ws, `/api/app/ttfv?${query({ within_days: '0' })}`);
    expect(bad.body.errors.map((e) => e.field)).toContain('querystring.within_days');
    const set = await baton.app.inject({ method: 'PUT', url: '/api/app/ttfv/settings', headers: ws.agentHeaders, payload: { milestone_event: MILESTONE } });
    expect(set.json()).toEqual({ milestone_event: MILESTONE });
    expect((await get(other, '/api/app/ttfv/settings')).body).toEqual({ milestone_event: null });
    const byOverride = await get<TtfvReport>(other, `/api/app/ttfv?${query({ event: 'page_opened' })}`);
    expect(byOverride.body.event).toBe('page_opened');
    expect(byOverride.body.overall.reached).toBe(inPeriod.length);
    expect(byOverride.body.overall.median_seconds).toBe(1);
  });

  it('matches the distribution computed from the dataset, overall and per weekly and monthly cohort', async () => {
    const week = await get<TtfvReport>(ws, `/api/app/ttfv?${query({ within_days: '7' })}`);
    expect(week.status).toBe(200);
    expect(week.body.event).toBe(MILESTONE);
    expectClose(week.body.overall, expected(inPeriod, 7));
    expect(week.body.overall.histogram.filter((n) => n > 0).length).toBeGreaterThanOrEqual(5);
    const weeks = [...new Set(inPeriod.map((p) => weekOf(p.signup)))].sort();
    expect(week.body.cohorts.map((c) => c.cohort)).toEqual(weeks);
    for (const c of week.body.cohorts) expectClose(c, expected(inPeriod.filter((p) => weekOf(p.signup) === c.cohort), 7));

    const month = await get<TtfvReport>(ws, `/api/app/ttfv?${query({ cohort: 'month', within_days: '14' })}`);
    expectClose(month.body.overall, expected(inPeriod, 14));
    expect(month.body.cohorts.map((c) => c.cohort)).toEqual([...new Set(inPeriod.map((p) => monthOf(p.signup)))].sort());
    for (const c of month.body.cohorts) expectClose(c, expected(inPeriod.filter((p) => monthOf(p.signup) === c.cohort), 14));

    const csv = await get<string>(ws, `/api/app/ttfv.csv?${query()}`);
    const lines = csv.body.trim().split('\r\n');
    expect(lines).toHaveLength(1 + 1 + weeks.length);
    expect(lines[1]!.split(',').slice(0, 5)).toEqual(['all', '', MILESTONE, String(inPeriod.length), String(expected(inPeriod, 7).reached)]);
  });

  it('splits by exposure to a campaign: receivers, its control group, not exposed', async () => {
    const api = restClient(baton, ws);
    const created = await api<Campaign>('POST', '/api/v1/campaigns', {
      type: 'banner',
      name: 'Get started',
      trigger: { type: 'page_view', delay_seconds: 0 },
      goal: { event: MILESTONE, within_days: 7 },
      control_pct: 50,
      content: { en: { body: 'Create your first project' } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const campaign = (await api<Campaign>('POST', `/api/v1/campaigns/${created.body.id}/start`)).body;
    const rows = await baton.ctx.db.select({ id: contacts.id, externalId: contacts.externalId }).from(contacts).where(eq(contacts.workspaceId, ws.workspaceId));
    const idOf = new Map(rows.map((c) => [c.externalId, c.id]));
    const receivers = new Set<string>();
    for (const p of inPeriod.slice(0, 40)) {
      const decided = await baton.services.campaigns.decide(ws.workspaceId, idOf.get(p.userId)!, { session_id: `s-${p.userId}`, url: 'https://app.example.test/', locale: 'en', trigger: { type: 'page_view' } });
      if (decided.campaigns.some((c) => c.id === campaign.id)) receivers.add(p.userId);
    }
    await baton.services.campaigns.decisionsSettled();
    const control = new Set(
      (
        await baton.ctx.db
          .select({ unit: experimentExposures.unitId })
          .from(experimentExposures)
          .where(and(eq(experimentExposures.workspaceId, ws.workspaceId), eq(experimentExposures.experimentId, campaign.experiment_id!), eq(experimentExposures.variant, 'control')))
      ).map((r) => r.unit),
    );
    expect(receivers.size).toBeGreaterThan(5);
    expect(control.size).toBeGreaterThan(5);
    const groupOf = (p: Person) => (receivers.has(p.userId) ? 'receivers' : control.has(idOf.get(p.userId)!) ? 'control' : 'not_exposed');
    const report = await get<TtfvReport>(ws, `/api/app/ttfv?${query({ campaign_id: campaign.id })}`);
    expect(report.body.exposure?.groups.map((g) => g.group)).toEqual(['receivers', 'control', 'not_exposed']);
    for (const g of report.body.exposure!.groups) expectClose(g, expected(inPeriod.filter((p) => groupOf(p) === g.group), 7));
    expectClose(report.body.overall, expected(inPeriod, 7));

    const strange = await get<{ errors: { field: string }[] }>(other, `/api/app/ttfv?${query({ campaign_id: campaign.id, event: MILESTONE })}`);
    expect(strange.status).toBe(400);
    expect(strange.body.errors.map((e) => e.field)).toEqual(['campaign_id']);
  });
});
