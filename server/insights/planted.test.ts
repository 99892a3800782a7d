import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupportMetrics, SupportReport, SupportVolume } from '../../contracts/insights.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, restClient, type RestClient, type TestWorkspace } from '../../test/factories.ts';
import { DAY, HOUR, generateSupport, planSupport, SLA_MINUTES, type Generated, type PlannedConversation, type Tier } from '../../test/support-generator.ts';

/**
 * Report numbers against values computed here, independently of the SQL, from the generator's plan.
 * The reports read the conversation facts rollup, so these numbers are the rollup's (the generator
 * rebuilds it after back-dating its rows behind the application's back).
 */

let baton: TestBaton;
let ws: TestWorkspace;
let api: RestClient;
let gen: Generated;

const now = Date.now();
const from = new Date(now - 7 * DAY).toISOString();
const to = new Date(now + HOUR).toISOString();
const previousFrom = Date.parse(from) - (Date.parse(to) - Date.parse(from));

/** percentile_cont: linear interpolation between the closest ranks. */
function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const rank = p * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return s[lo]! + (s[hi]! - s[lo]!) * (rank - lo);
}

function expected(plans: PlannedConversation[]): Partial<SupportMetrics> {
  const sec = (ms: number) => ms / 1000;
  const agentTimes = (p: PlannedConversation) => p.messages.filter((m) => m.author === 'agent').map((m) => m.at);
  const responded = plans.filter((p) => agentTimes(p).length > 0);
  const closed = plans.filter((p) => p.state === 'closed');
  const repliedClosed = closed.filter((p) => agentTimes(p).length > 0);
  const turns = plans.flatMap((p) =>
    p.messages.flatMap((m, i) => {
      if (m.author !== 'contact' || p.messages[i - 1]?.author !== 'agent') return [];
      const next = p.messages.slice(i + 1).find((n) => n.author === 'agent');
      return next ? [sec(next.at - m.at)] : [];
    }),
  );
  const due = (p: PlannedConversation) => p.createdAt + SLA_MINUTES[p.tier] * 60_000;
  const met = plans.filter((p) => agentTimes(p).length > 0 && agentTimes(p)[0]! <= due(p)).length;
  const breached = plans.filter((p) => (agentTimes(p).length > 0 ? agentTimes(p)[0]! > due(p) : due(p) < Date.now())).length;
  const everClosed = plans.filter((p) => p.closes.length > 0);
  const rated = plans.filter((p) => p.csat !== null);
  const nps = plans.flatMap((p) => (p.nps ? [p.nps.score] : []));
  return {
    conversations: plans.length,
    responded: responded.length,
    median_first_response_seconds: percentile(responded.map((p) => sec(agentTimes(p)[0]! - p.createdAt)), 0.5),
    p90_first_response_seconds: percentile(responded.map((p) => sec(agentTimes(p)[0]! - p.createdAt)), 0.9),
    next_responses: turns.length,
    median_next_response_seconds: percentile(turns, 0.5),
    p90_next_response_seconds: percentile(turns, 0.9),
    closed: closed.length,
    median_resolution_seconds: percentile(closed.map((p) => sec(p.closes.at(-1)! - p.createdAt)), 0.5),
    p90_resolution_seconds: percentile(closed.map((p) => sec(p.closes.at(-1)! - p.createdAt)), 0.9),
    replies_to_resolution: repliedClosed.length ? repliedClosed.reduce((n, p) => n + agentTimes(p).length, 0) / repliedClosed.length : null,
    one_touch_rate: repliedClosed.length ? repliedClosed.filter((p) => agentTimes(p).length === 1).length / repliedClosed.length : null,
    reopen_rate: everClosed.length ? everClosed.filter((p) => p.closes.length > 1 || p.state !== 'closed').length / everClosed.length : null,
    sla_met: met,
    sla_breached: breached,
    sla_attainment: met + breached ? met / (met + breached) : null,
    csat_responses: rated.length,
    csat_score: rated.length ? rated.filter((p) => p.csat! >= 4).length / rated.length : null,
    csat_response_rate: closed.length ? rated.length / closed.length : null,
    nps_responses: nps.length,
    nps_score: nps.length ? ((nps.filter((n) => n >= 9).length - nps.filter((n) => n <= 6).length) / nps.length) * 100 : null,
  };
}

const current = () => gen.conversations.map((c) => c.plan).filter((p) => p.createdAt >= Date.parse(from));
const previous = () => gen.conversations.map((c) => c.plan).filter((p) => p.createdAt < Date.parse(from));
const report = async (groupBy: string) => {
  const r = await api<SupportReport>('GET', `/api/v1/reports/support?from=${from}&to=${to}&group_by=${groupBy}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};
const close = (m: Partial<SupportMetrics>) =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v === 'number' && !Number.isInteger(v) ? expect.closeTo(v, 6) : v]));

beforeAll(async () => {
  baton = await startBaton();
  ws = await createWorkspace(baton, 'Planted');
  api = restClient(baton, ws);
  const plans = [...planSupport(7, 30, now - 7 * DAY, now), ...planSupport(8, 12, previousFrom, Date.parse(from))];
  gen = await generateSupport(baton, ws, plans);
}, 480_000);
afterAll(() => baton?.stop());

describe('support report over a planted history', () => {
  it('matches every metric computed from the plan, for the period and the one before', async () => {
    const [all] = (await report('none')).rows;
    expect(all!.current).toEqual(close(expected(current())));
    expect(all!.previous).toEqual(close(expected(previous())));
    // The plan does exercise every metric.
    expect(all!.current.next_responses).toBeGreaterThan(3);
    expect(all!.current.reopen_rate).toBeGreaterThan(0);
    expect(all!.current.sla_breached).toBeGreaterThan(0);
    expect(all!.current.nps_responses).toBeGreaterThan(3);
  });

  it('counts office time as calendar time for teams that are always open, and says how fresh the rollup is', async () => {
    const r = await api<SupportReport>('GET', `/api/v1/reports/support?from=${from}&to=${to}&time=office`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.time).toBe('office');
    expect(r.body.rows[0]!.current).toEqual(close(expected(current())));
    expect(Date.parse(r.body.as_of!)).toBeGreaterThan(now - 60_000);
  });

  it('per customer tier, per team and per SLA policy: the premium tier answers within its hour far more often', async () => {
    const byTier = Object.fromEntries((await report('tier')).rows.map((r) => [r.key, r]));
    for (const tier of ['premium', 'standard'] as Tier[]) {
      expect(byTier[tier]!.current).toEqual(close(expected(current().filter((p) => p.tier === tier))));
    }
    const byTeam = Object.fromEntries((await report('team')).rows.map((r) => [r.key, r]));
    expect(byTeam[gen.teams.premium]!.label).toBe('Premium desk');
    expect(byTeam[gen.teams.premium]!.current).toEqual(byTier.premium!.current);
    const byPolicy = Object.fromEntries((await report('sla_policy')).rows.map((r) => [r.key, r]));
    expect(byPolicy[gen.policies.standard.id]!.current).toEqual(byTier.standard!.current);
    expect(byTier.premium!.current.median_first_response_seconds!).toBeLessThan(byTier.standard!.current.median_first_response_seconds!);
  });

  it('exports the same numbers as CSV, one line per group and period', async () => {
    const json = await report('tier');
    const r = await baton.app.inject({ url: `/api/v1/reports/support.csv?from=${from}&to=${to}&group_by=tier`, headers: { authorization: `Bearer ${ws.apiKey}` } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/csv/);
    const [header, ...lines] = r.body.trim().split('\r\n').map((l) => l.split(','));
    expect(lines).toHaveLength(json.rows.length * 2);
    const premium = lines.find((l) => l[1] === 'premium' && l[3] === 'current')!;
    const col = (name: string) => premium[header!.indexOf(name)];
    expect(Number(col('conversations'))).toBe(json.rows.find((x) => x.key === 'premium')!.current.conversations);
    expect(Number(col('p90_first_response_seconds'))).toBe(json.rows.find((x) => x.key === 'premium')!.current.p90_first_response_seconds);
  });

  it('counts conversations per day against the aligned day before, and per hour of the week', async () => {
    const r = await api<SupportVolume>('GET', `/api/v1/reports/support/volume?from=${from}&to=${to}&tz=Asia/Almaty`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.days.reduce((n, d) => n + d.current, 0)).toBe(current().length);
    expect(r.body.days.reduce((n, d) => n + d.previous, 0)).toBe(previous().length);
    const cells = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
    const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Almaty', weekday: 'short', hour: 'numeric', hourCycle: 'h23' });
    const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
    for (const p of current()) {
      const parts = Object.fromEntries(fmt.formatToParts(new Date(p.createdAt)).map((x) => [x.type, x.value]));
      cells[days.indexOf(parts.weekday!)]![Number(parts.hour)]!++;
    }
    expect(r.body.hour_of_week).toEqual(cells);
    const bad = await api<{ errors: { field: string }[] }>('GET', `/api/v1/reports/support/volume?from=${from}&to=${to}&tz=Mars/Olympus`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]!.field).toBe('querystring.tz');
  });
});
