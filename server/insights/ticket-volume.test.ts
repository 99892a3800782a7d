import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketVolume } from '../../contracts/insights.ts';
import type { Conversation } from '../../contracts/messenger.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, restClient, type TestWorkspace } from '../../test/factories.ts';
import { DAY, planTicketVolume, plantTicketVolume, type PlantedTicketVolume, type TicketVolumePlan } from '../../test/support-generator.ts';
import { LATE_WEEKS } from './activity-rollup.ts';
import { MAX_WEEKS, weekStart } from './weekly-counts.ts';

/**
 * Ticket volume per active customer over a planted history: 0.5 conversations per active contact
 * a week for four weeks, then 0.2 from the week the onboarding campaign starts. Every reported
 * number is checked against one computed here from the plan, not from the SQL.
 */

let baton: TestBaton;
let ws: TestWorkspace;
let plan: TicketVolumePlan;
let planted: PlantedTicketVolume;

const WEEK = 7 * DAY;
const START_WEEK = 4;
const firstWeek = weekStart(new Date()).getTime() - 9 * WEEK;
const from = new Date(firstWeek).toISOString();
const to = new Date(firstWeek + 8 * WEEK).toISOString();

async function get<T>(url: string, w: TestWorkspace = ws) {
  const r = await baton.app.inject({ url, headers: w.agentHeaders });
  return { status: r.statusCode, body: r.body, json: () => r.json<T>() };
}

/** Per week: conversations and active units, from the plan alone. */
function expected(unit: 'contact' | 'company') {
  const unitOf = (i: number) => (unit === 'contact' ? String(i) : plan.contacts[i]!.company);
  return plan.weeks.map((w) => {
    const inWeek = (at: number) => at >= w && at < w + WEEK;
    const conversations = plan.conversations.filter((c) => inWeek(c.at) && unitOf(c.contact) !== null).length;
    const active = new Set(plan.events.filter((e) => inWeek(e.at)).map((e) => unitOf(e.contact)).filter((u) => u !== null)).size;
    const deflections = plan.events.filter((e) => inWeek(e.at) && e.name === 'help_deflection').length;
    return { week: new Date(w).toISOString().slice(0, 10), conversations, active, per_active: active ? conversations / active : null, deflections };
  });
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

beforeAll(async () => {
  baton = await startBaton();
  ws = await createWorkspace(baton, 'Onboarding');
  plan = planTicketVolume(21, { firstWeek, weeks: 8, startWeek: START_WEEK, contacts: 30, before: 0.5, after: 0.2 });
  planted = await plantTicketVolume(baton, ws, plan);
}, 240_000);
afterAll(() => baton?.stop());

describe('ticket volume per active customer', () => {
  it('matches the plan week by week and shows the planted drop after the onboarding campaign starts', async () => {
    const r = await get<TicketVolume>(`/api/app/insights/ticket-volume?from=${from}&to=${to}`);
    expect(r.status, r.body).toBe(200);
    const v = r.json();
    expect(v).toMatchObject({ from, to, unit: 'contact' });
    const want = expected('contact');
    expect(v.weeks).toEqual(want.map((w) => ({ ...w, per_active: expect.closeTo(w.per_active!, 10) })));
    const perActive = v.weeks.map((w) => w.per_active!);
    expect(mean(perActive.slice(0, START_WEEK))).toBeCloseTo(0.5, 1);
    expect(mean(perActive.slice(START_WEEK))).toBeCloseTo(0.2, 1);
    expect(mean(v.weeks.slice(START_WEEK).map((w) => w.deflections))).toBeGreaterThan(mean(v.weeks.slice(0, START_WEEK).map((w) => w.deflections)));
  });

  it('counts companies: active companies and the conversations of contacts in one', async () => {
    const v = (await get<TicketVolume>(`/api/app/insights/ticket-volume?from=${from}&to=${to}&unit=company`)).json();
    expect(v.weeks).toEqual(expected('company').map((w) => ({ ...w, per_active: expect.closeTo(w.per_active!, 10) })));
    expect(v.weeks.every((w) => w.active <= 8)).toBe(true);
  });

  it('marks onboarding campaign runs, not surveys, with the control group’s experiment to prove it', async () => {
    const v = (await get<TicketVolume>(`/api/app/insights/ticket-volume?from=${from}&to=${to}`)).json();
    expect(v.campaigns.map((c) => c.name)).toEqual(['Webinar invite', 'Getting started']);
    const [webinar, onboarding] = v.campaigns;
    expect(webinar).toMatchObject({ experiment_id: null, control_pct: 0, runs: [{ started_at: new Date(plan.webinar.start).toISOString(), stopped_at: new Date(plan.webinar.stop).toISOString() }] });
    expect(onboarding).toMatchObject({ id: planted.onboarding.id, experiment_id: planted.onboarding.experimentId, control_pct: 20, runs: [{ started_at: new Date(plan.campaignStart).toISOString(), stopped_at: null }] });
    const experiment = await baton.services.experiments.get(ws.workspaceId, planted.onboarding.experimentId);
    expect(experiment.registration?.secondary_metrics).toContain('conversations');
    expect(experiment.registration?.metrics.find((m) => m.key === 'conversations')?.kind).toBe('conversations_started');
  });

  it('exports one CSV line per week with the campaigns started and stopped in it', async () => {
    const r = await get(`/api/app/insights/ticket-volume.csv?from=${from}&to=${to}`);
    expect(r.status).toBe(200);
    const [header, ...lines] = r.body.trim().split('\r\n').map((l) => l.split(','));
    expect(header).toEqual(['week', 'unit', 'conversations', 'active', 'per_active', 'deflections', 'campaigns_started', 'campaigns_stopped']);
    expect(lines).toHaveLength(8);
    const want = expected('contact');
    expect(lines.map((l) => Number(l[2]))).toEqual(want.map((w) => w.conversations));
    expect(lines[START_WEEK]![6]).toBe('Getting started');
    expect(lines[1]![6]).toBe('Webinar invite');
    expect(lines[2]![7]).toBe('Webinar invite');
  });

  it('names the field of a bad request, needs a signed-in agent and keeps workspaces apart', async () => {
    const back = await get<{ errors: { field: string }[] }>(`/api/app/insights/ticket-volume?from=${to}&to=${from}`);
    expect(back.status).toBe(400);
    expect(back.json().errors[0]!.field).toBe('to');
    const long = await get<{ errors: { field: string }[] }>(`/api/app/insights/ticket-volume?from=2020-01-01T00:00:00Z&to=2025-01-01T00:00:00Z`);
    expect(long.status).toBe(400);
    const unit = await get<{ errors: { field: string }[] }>(`/api/app/insights/ticket-volume?from=${from}&to=${to}&unit=planet`);
    expect(unit.status).toBe(400);
    const byKey = await baton.app.inject({ url: `/api/app/insights/ticket-volume?from=${from}&to=${to}`, headers: { authorization: `Bearer ${ws.apiKey}` } });
    expect(byKey.statusCode).toBe(401);
    const other = await createWorkspace(baton, 'Other');
    const theirs = (await get<TicketVolume>(`/api/app/insights/ticket-volume?from=${from}&to=${to}`, other)).json();
    expect(theirs.weeks.every((w) => w.conversations === 0 && w.active === 0)).toBe(true);
    expect(theirs.campaigns).toEqual([]);
  });

  it('reads complete weeks from the daily rollup with the same numbers; a late event in an old week waits for nobody', async () => {
    const url = (unit: string) => `/api/app/insights/ticket-volume?from=${from}&to=${to}&unit=${unit}`;
    const live = { contact: (await get<TicketVolume>(url('contact'))).json(), company: (await get<TicketVolume>(url('company'))).json() };
    expect(await baton.services.insights.rollUpActivity(ws.workspaceId)).toBe(MAX_WEEKS);
    expect(await baton.services.insights.rollUpActivity(ws.workspaceId)).toBe(LATE_WEEKS);
    expect((await get<TicketVolume>(url('contact'))).json()).toEqual(live.contact);
    expect((await get<TicketVolume>(url('company'))).json()).toEqual(live.company);
    // An event older than the weeks the job recounts is not in the rollup: the report reads the rollup.
    const segment = { authorization: `Basic ${Buffer.from(`${ws.writeKey}:`).toString('base64')}` };
    const late = await baton.app.inject({
      method: 'POST', url: '/v1/track', headers: segment,
      payload: { userId: 'late-comer', event: 'project_updated', timestamp: new Date(plan.weeks[0]! + DAY).toISOString() },
    });
    expect(late.statusCode).toBeLessThan(300);
    const counted = await baton.ctx.database.query<{ n: number }>(
      'select count(distinct contact_id)::int as n from events where workspace_id = $1 and occurred_at >= $2 and occurred_at < $3',
      [ws.workspaceId, new Date(plan.weeks[0]!).toISOString(), new Date(plan.weeks[1]!).toISOString()],
    );
    expect(counted.rows[0]!.n).toBe(live.contact.weeks[0]!.active + 1);
    expect((await get<TicketVolume>(url('contact'))).json().weeks[0]!.active).toBe(live.contact.weeks[0]!.active);
  });

  it('reads conversations and deflections of rolled-up weeks from the rollup: never a row from before their columns, late ones recounted', async () => {
    const url = (unit: string) => `/api/app/insights/ticket-volume?from=${from}&to=${to}&unit=${unit}`;
    const want = (unit: 'contact' | 'company') => expected(unit).map((w) => ({ ...w, per_active: expect.closeTo(w.per_active!, 10) }));
    // A row written before the counts had columns holds nulls: the report counts that week (and the
    // ones after it) live, and the job writes it again, from it on.
    await baton.ctx.database.query(
      'update insights_weekly_activity set conversations = null, company_conversations = null, deflections = null where workspace_id = $1 and week = $2',
      [ws.workspaceId, new Date(plan.weeks[3]!).toISOString()],
    );
    expect((await get<TicketVolume>(url('contact'))).json().weeks).toEqual(want('contact'));
    expect((await get<TicketVolume>(url('company'))).json().weeks).toEqual(want('company'));
    expect(await baton.services.insights.rollUpActivity(ws.workspaceId)).toBe(6);
    expect((await get<TicketVolume>(url('contact'))).json().weeks).toEqual(want('contact'));
    expect((await get<TicketVolume>(url('company'))).json().weeks).toEqual(want('company'));
    // A conversation and a deflection that arrive late for a week the job still recounts: read
    // from the rollup until its next run, which counts them.
    const api = restClient(baton, ws);
    const contact = (await api<{ id: string }>('POST', '/api/v1/contacts', { email: `${crypto.randomUUID()}@example.test` })).body;
    const conv = (await api<Conversation>('POST', '/api/v1/conversations', { contact_id: contact.id, body: 'Late' })).body;
    const at = new Date(plan.weeks[7]! + DAY).toISOString();
    await baton.ctx.database.query('update conversations set created_at = $2 where id = $1', [conv.id, at]);
    const segment = { authorization: `Basic ${Buffer.from(`${ws.writeKey}:`).toString('base64')}` };
    const late = await baton.app.inject({ method: 'POST', url: '/v1/track', headers: segment, payload: { userId: 'late-deflector', event: 'help_deflection', timestamp: at } });
    expect(late.statusCode).toBeLessThan(300);
    expect((await get<TicketVolume>(url('contact'))).json().weeks).toEqual(want('contact'));
    expect(await baton.services.insights.rollUpActivity(ws.workspaceId)).toBe(LATE_WEEKS);
    const week7 = expected('contact')[7]!;
    expect((await get<TicketVolume>(url('contact'))).json().weeks[7]).toEqual({
      week: week7.week, conversations: week7.conversations + 1, active: week7.active + 1,
      per_active: expect.closeTo((week7.conversations + 1) / (week7.active + 1), 10), deflections: week7.deflections + 1,
    });
    // Not in a company: the company unit's count is unchanged.
    expect((await get<TicketVolume>(url('company'))).json().weeks[7]!.conversations).toBe(expected('company')[7]!.conversations);
  });
});
