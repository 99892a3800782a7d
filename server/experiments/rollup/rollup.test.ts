import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentReport } from '../../../contracts/experiment-report.ts';
import { Registration } from '../../../contracts/experiments.ts';
import { createWorkspace, type TestWorkspace } from '../../../test/factories.ts';
import { startBaton, type TestBaton } from '../../../test/harness.ts';
import { contactCompanies, events } from '../../contacts/schema.ts';
import { conversations, messages } from '../../inbox/schema.ts';
import { newId } from '../../platform/ids.ts';
import { createReportService, type ReportService } from '../report/service.ts';
import { experimentExposures } from '../schema.ts';
import { ROLLUP_QUEUE } from './service.ts';

/**
 * The report from the per-unit rollup against the report computed from the raw data (the direct
 * path, through a report service that sees no rollup) on the same data, for every metric kind:
 * after the first build, after new and late data and new exposures (an incremental refresh that
 * recomputes only the units concerned), and for company units. Figures may differ only by the
 * order of floating-point sums.
 */

let baton: TestBaton;
let w: TestWorkspace;
let live: ReportService;
const DAY = 86_400_000;
const T0 = Date.parse('2026-03-01T12:00:00Z');
const at = (ms: number) => new Date(ms).toISOString();

const registration = Registration.parse({
  hypotheses: [{ text: 'Help raises conversion', metric: 'paid', direction: 'increase' }],
  metrics: [
    { key: 'paid', label: 'Paid', kind: 'conversion', event: 'subscription_started', window_days: 14 },
    { key: 'searches', label: 'Searches', kind: 'count', event: 'help_searched', window_days: 14 },
    { key: 'revenue', label: 'Revenue', kind: 'revenue', event: 'subscription_started', property: 'amount', window_days: 14 },
    { key: 'revenue_capped', label: 'Revenue capped', kind: 'revenue', event: 'subscription_started', property: 'amount', window_days: 14, cap_percentile: 0.9 },
    { key: 'retained', label: 'Retained', kind: 'retention' },
    { key: 'activated', label: 'Activated', kind: 'time_to_value', event: 'activated', window_days: 7 },
    { key: 'conversations', label: 'Conversations', kind: 'conversations_started', window_days: 14 },
    { key: 'written', label: 'Messages', kind: 'messages_sent', window_days: 14 },
    { key: 'frt', label: 'First response', kind: 'first_response', window_days: 14 },
    { key: 'csat', label: 'CSAT', kind: 'csat', window_days: 14 },
    { key: 'mrr', label: 'MRR', kind: 'revenue', source: 'company_mrr' },
  ],
  primary_metric: 'paid',
  secondary_metrics: ['searches', 'revenue', 'revenue_capped', 'retained', 'activated', 'conversations', 'written', 'frt'],
  guardrails: ['csat', 'mrr'],
  mode: 'fixed',
  planned_units_per_arm: 10,
  observational_event: 'help_searched',
});

/** Deterministic pseudo-random numbers in [0, 1) (xorshift32). */
function stream(seed: number) {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

async function createExperiment(key: string, unit: 'contact' | 'company') {
  const e = await baton.services.experiments.create(w.workspaceId, {
    key, name: key, flag_key: `${key}.flag`, unit, traffic: 1,
    variants: [{ key: 'control', weight: 1, value: true }, { key: 'test', weight: 1, value: false }],
    registration,
  });
  await baton.services.experiments.start(w.workspaceId, e.id);
  return e.id;
}

/** One Messenger conversation started `at`, answered after `frt` minutes, rated `csat`, with `written` messages of the contact. */
async function conversation(contactId: string, atMs: number, frt: number | null, csat: number | null, written: number) {
  const id = newId();
  await baton.ctx.db.insert(conversations).values({
    workspaceId: w.workspaceId, id, contactId, channel: 'messenger', createdAt: new Date(atMs),
    firstResponseAt: frt === null ? null : new Date(atMs + frt * 60_000), csatRating: csat,
  });
  if (written)
    await baton.ctx.db.insert(messages).values(Array.from({ length: written }, (_, seq) => ({
      workspaceId: w.workspaceId, conversationId: id, seq: seq + 1, id: newId(), clientId: newId(), authorType: 'contact' as const, body: 'hi', bodyHtml: '<p>hi</p>', createdAt: new Date(atMs + seq * 60_000),
    })));
  return id;
}

/** A contact's events and conversations around its exposure time. */
async function activity(contactId: string, exposedAt: number, random: () => number) {
  const track = (name: string, offsetDays: number, properties: Record<string, unknown> = {}) =>
    baton.services.contacts.trackEvent(w.workspaceId, { contact_id: contactId, name, occurred_at: at(exposedAt + offsetDays * DAY), properties });
  if (random() < 0.5) await track('subscription_started', 1 + random() * 20, { amount: Math.round(random() * 100) });
  if (random() < 0.3) await track('subscription_started', -random() * 14, { amount: 10 });
  for (let k = Math.floor(random() * 4); k > 0; k--) await track('help_searched', random() * 30 - 10);
  if (random() < 0.5) await track('activated', random() * 9);
  if (random() < 0.4) await track('login', 28 + random() * 9);
  if (random() < 0.5) await conversation(contactId, exposedAt + random() * 20 * DAY - 3 * DAY, random() < 0.7 ? Math.round(random() * 120) : null, random() < 0.5 ? 1 + Math.floor(random() * 5) : null, Math.floor(random() * 3));
}

/** Everything recorded so far looks an hour old, so only what follows counts as new to a refresh. */
async function age() {
  const ws = w.workspaceId;
  await baton.ctx.db.execute(sql`update conversations set updated_at = created_at, last_message_at = null where workspace_id = ${ws}`);
  await baton.ctx.db.execute(sql`update contact_companies set created_at = created_at - interval '1 hour' where workspace_id = ${ws}`);
  await baton.ctx.db.execute(sql`update companies set updated_at = updated_at - interval '1 hour' where workspace_id = ${ws}`);
}

/** Every number of the two reports equal up to summation order; everything else identical. */
function expectSameFigures(a: unknown, b: unknown, path = 'report'): void {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a !== b) expect(Math.abs(a - b), `${path}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-9 * Math.max(Math.abs(a), Math.abs(b)) + 1e-12);
    return;
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    expect(a, path).toEqual(b);
    return;
  }
  expect(Object.keys(a).sort(), path).toEqual(Object.keys(b).sort());
  for (const k of Object.keys(a)) expectSameFigures((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
}

const withoutTimes = (r: ExperimentReport) => ({ ...r, generated_at: null, freshness: null });

async function compare(id: string, query: { breakdown?: string } = {}) {
  const fromRollup = await baton.services.experimentReports.report(w.workspaceId, id, query);
  const direct = await live.report(w.workspaceId, id, query);
  expect(fromRollup.freshness.source).toBe('rollup');
  expect(direct.freshness.source).toBe('live');
  expectSameFigures(withoutTimes(fromRollup), withoutTimes(direct));
  return fromRollup;
}

let contactExperiment = '';
const contactIds: string[] = [];
const exposedAt = new Map<string, number>();
let companies: string[] = [];

beforeAll(async () => {
  // No job worker: the refreshes here are the test's own, not the sweep's at any moment.
  baton = await startBaton({ env: { BATON_ROLES: 'web' } });
  w = await createWorkspace(baton, 'Rollup');
  live = createReportService(baton.ctx, {
    contacts: baton.services.contacts,
    experiments: baton.services.experiments,
    rollups: { ...baton.services.experimentRollups, current: async () => null, request: async () => null },
  });
  const random = stream(20260301);
  companies = (await Promise.all([0, 1, 2].map((i) => baton.services.contacts.createCompany(w.workspaceId, { name: `Co ${i}`, plan: i ? 'free' : 'pro', mrr: 50 * i })))).map((c) => c.id);
  contactExperiment = await createExperiment('rollup-contacts', 'contact');
  const rows: (typeof experimentExposures.$inferInsert)[] = [];
  for (let i = 0; i < 24; i++) {
    const c = await baton.services.contacts.createContact(w.workspaceId, {
      role: 'user', external_id: `u${i}`, locale: i % 3 ? 'en' : 'ru', company_ids: i % 4 ? [companies[i % 3]!] : [],
    });
    contactIds.push(c.id);
    const t = T0 + (i % 3) * DAY + i * 3_600_000;
    exposedAt.set(c.id, t);
    rows.push({ workspaceId: w.workspaceId, experimentId: contactExperiment, unitId: c.id, variant: i % 2 ? 'test' : 'control', exposedAt: new Date(t) });
    await activity(c.id, t, random);
  }
  // A visitor id that is no Baton id still counts as a unit without data.
  rows.push({ workspaceId: w.workspaceId, experimentId: contactExperiment, unitId: 'visitor-1', variant: 'test', exposedAt: new Date(T0) });
  await baton.ctx.db.insert(experimentExposures).values(rows);
  await age();
});
afterAll(() => baton?.stop());

describe('experiment rollup', () => {
  it('reports from the rollup exactly what the direct computation reports, and says as of when', async () => {
    const before = await baton.services.experimentReports.report(w.workspaceId, contactExperiment, {});
    // No rollup yet: computed from the raw data (and a build requested).
    expect(before.freshness.source).toBe('live');
    const built = await baton.services.experimentRollups.refresh(w.workspaceId, contactExperiment);
    expect(built).toMatchObject({ full: true, units: 25 });
    const r = await compare(contactExperiment, { breakdown: 'locale' });
    // The report first catches up incrementally (nothing new here), so it is as of its own time.
    expect(Date.parse(r.freshness.as_of)).toBeGreaterThanOrEqual(built!.asOf.getTime());
    expect(r.metrics.map((m) => m.arms.reduce((s, a) => s + a.n, 0))[0]).toBe(25);
    expect(r.breakdown!.rows.length).toBeGreaterThan(1);
  });

  it('recomputes only units with new data, late events, changed conversations or a first exposure after the last run; a report catches up first', async () => {
    const ws = w.workspaceId;
    const first = await baton.services.experimentReports.report(ws, contactExperiment, {});
    const [c0, c1, c2, c3] = contactIds as [string, string, string, string];
    // A purchase inside c0's window, and one for c1 that happened 10 days ago but arrives only now.
    await baton.services.contacts.trackEvent(ws, { contact_id: c0, name: 'subscription_started', occurred_at: at(exposedAt.get(c0)! + 2 * DAY), properties: { amount: 500 } });
    await baton.services.contacts.trackEvent(ws, { contact_id: c1, name: 'help_searched', occurred_at: at(exposedAt.get(c1)! + 3 * DAY) });
    // c2's conversation, recorded long ago, gets its rating now.
    const convo = await conversation(c2, exposedAt.get(c2)! + DAY, 15, null, 1);
    await baton.ctx.db.execute(sql`update conversations set updated_at = created_at, last_message_at = null where id = ${convo}`);
    await baton.ctx.db.update(conversations).set({ csatRating: 5, updatedAt: new Date() }).where(and(eq(conversations.workspaceId, ws), eq(conversations.id, convo)));
    // c3's company gets a new MRR.
    const [membership] = await baton.ctx.db.select().from(contactCompanies).where(and(eq(contactCompanies.workspaceId, ws), eq(contactCompanies.contactId, c3)));
    await baton.services.contacts.updateCompany(ws, membership!.companyId, { mrr: 777 });
    const companyMembers = await baton.ctx.db.select().from(contactCompanies).where(and(eq(contactCompanies.workspaceId, ws), eq(contactCompanies.companyId, membership!.companyId)));
    // A new unit, exposed after the last run but with an exposure time before it (an import).
    const late = await baton.services.contacts.createContact(ws, { role: 'user', external_id: 'late' });
    await baton.ctx.db.insert(experimentExposures).values({ workspaceId: ws, experimentId: contactExperiment, unitId: late.id, variant: 'test', exposedAt: new Date(T0) });
    await baton.services.contacts.trackEvent(ws, { contact_id: late.id, name: 'subscription_started', occurred_at: at(T0 + DAY), properties: { amount: 42 } });

    const refreshed = await baton.services.experimentRollups.refresh(ws, contactExperiment);
    const expected = new Set([c0, c1, c2, late.id, ...companyMembers.map((m) => m.contactId)]);
    expect(refreshed).toMatchObject({ full: false, units: expected.size });
    const r = await compare(contactExperiment, { breakdown: 'locale' });
    expect(r.metrics[0]!.arms.reduce((s, a) => s + a.n, 0)).toBe(26);
    const revenue = (x: ExperimentReport) => x.metrics.find((m) => m.definition.key === 'revenue')!.arms.map((arm) => (arm.mean ?? 0) * arm.n);
    expect(revenue(r)).not.toEqual(revenue(first));
    expect(Date.parse(r.freshness.as_of)).toBeGreaterThan(Date.parse(first.freshness.as_of));

    // A report catches up by itself: an event for c3 that happened days ago arrives, no job runs.
    await baton.services.contacts.trackEvent(ws, { contact_id: c3, name: 'help_searched', occurred_at: at(exposedAt.get(c3)! + 2 * DAY) });
    const searches = (x: ExperimentReport) => x.metrics.find((m) => m.definition.key === 'searches')!.arms.map((arm) => (arm.mean ?? 0) * arm.n);
    const caughtUp = await compare(contactExperiment);
    expect(searches(caughtUp)).not.toEqual(searches(r));

    // Nothing new: a refresh recomputes nothing and the report stays the same.
    await age();
    expect(await baton.services.experimentRollups.refresh(ws, contactExperiment)).toMatchObject({ full: false, units: 0 });
    await compare(contactExperiment);
  });

  // PGlite is a single connection, so its transactions never overlap: PostgreSQL only.
  it.skipIf(!process.env.DATABASE_URL)('counts each event once when transactions commit out of order, however late', async () => {
    const ws = w.workspaceId;
    const [a, b] = [contactIds[5]!, contactIds[6]!];
    const refresh = () => baton.services.experimentRollups.refresh(ws, contactExperiment);
    let inserted!: () => void;
    let commit!: () => void;
    const ready = new Promise<void>((r) => (inserted = r));
    const gate = new Promise<void>((r) => (commit = r));
    // A transaction that writes a's purchase first and commits last, stamped as received an hour
    // ago (a batch that stayed open): no look-back on received_at would find it.
    const slow = baton.ctx.db.transaction(async (tx) => {
      await tx.insert(events).values({
        workspaceId: ws, id: newId(), contactId: a, name: 'subscription_started', properties: { amount: 300 },
        occurredAt: new Date(exposedAt.get(a)! + DAY), receivedAt: new Date(Date.now() - 3_600_000),
      });
      inserted();
      await gate;
    });
    await ready;
    await baton.services.contacts.trackEvent(ws, { contact_id: b, name: 'subscription_started', occurred_at: at(exposedAt.get(b)! + DAY), properties: { amount: 200 } });
    expect(await refresh()).toMatchObject({ full: false, units: 1 });
    const before = await compare(contactExperiment);
    commit();
    await slow;
    expect(await refresh()).toMatchObject({ full: false, units: 1 });
    const after = await compare(contactExperiment);
    const revenue = (x: ExperimentReport) => x.metrics.find((m) => m.definition.key === 'revenue')!.arms.reduce((sum, arm) => sum + (arm.mean ?? 0) * arm.n, 0);
    expect(revenue(after) - revenue(before)).toBeCloseTo(300, 6);
    // Seen once: another refresh finds nothing, and the figures stay.
    expect(await refresh()).toMatchObject({ full: false, units: 0 });
    expectSameFigures(withoutTimes(await compare(contactExperiment)), withoutTimes(after));
  });

  // Only PostgreSQL can interrupt a statement that runs past its time (PGlite runs it on this thread).
  it.skipIf(!process.env.DATABASE_URL)('shows the last run’s figures, labelled, when catching up would hold the report past its budget, and asks the job', async () => {
    const ws = w.workspaceId;
    const unit = contactIds[7]!;
    await baton.services.experimentRollups.refresh(ws, contactExperiment);
    const settled = await compare(contactExperiment);
    await baton.services.contacts.trackEvent(ws, { contact_id: unit, name: 'subscription_started', occurred_at: at(exposedAt.get(unit)! + DAY), properties: { amount: 900 } });
    // A transaction holding the unit's stored row keeps the catch-up waiting, as a long one would run.
    let locked!: () => void;
    let release!: () => void;
    const ready = new Promise<void>((r) => (locked = r));
    const gate = new Promise<void>((r) => (release = r));
    const holder = baton.ctx.db.transaction(async (tx) => {
      await tx.execute(sql`select 1 from experiment_rollup_units where workspace_id = ${ws} and experiment_id = ${contactExperiment} and unit_id = ${unit} for update`);
      locked();
      await gate;
    });
    await ready;
    const jobs = (verb: 'select count(*)::int as n' | 'delete') =>
      baton.ctx.database.query<{ n: number }>(`${verb} from pgboss.job where name = $1 and data ->> 'experiment_id' = $2 and state = 'created'`, [
        ROLLUP_QUEUE,
        contactExperiment,
      ]);
    try {
      // The build requested by the first report of this file is still queued (no worker here).
      await jobs('delete');
      expect(await baton.services.experimentRollups.refresh(ws, contactExperiment, { incrementalOnly: true, budgetMs: 100 })).toBeNull();
      const stale = await baton.services.experimentReports.report(ws, contactExperiment, {});
      expect(stale.freshness).toEqual({ source: 'rollup', as_of: settled.freshness.as_of });
      expectSameFigures(withoutTimes(stale), withoutTimes(settled));
      expect((await jobs('select count(*)::int as n')).rows[0]!.n).toBe(1);
    } finally {
      release();
      await holder;
    }
    // The job's refresh (run here by hand: no worker in this test) reads the purchase once.
    expect(await baton.services.experimentRollups.refresh(ws, contactExperiment)).toMatchObject({ full: false, units: 1 });
    const revenue = (x: ExperimentReport) => x.metrics.find((m) => m.definition.key === 'revenue')!.arms.reduce((sum, arm) => sum + (arm.mean ?? 0) * arm.n, 0);
    expect(revenue(await compare(contactExperiment)) - revenue(settled)).toBeCloseTo(900, 6);
  });

  it('a changed registration makes the rollup stale until it is rebuilt for the new metrics', async () => {
    const ws = w.workspaceId;
    const changed = { ...registration, metrics: registration.metrics.map((m) => (m.key === 'searches' ? { ...m, window_days: 3 } : m)) };
    await baton.services.experiments.register(ws, contactExperiment, changed, 'Shorter search window');
    expect((await baton.services.experimentReports.report(ws, contactExperiment, {})).freshness.source).toBe('live');
    expect(await baton.services.experimentRollups.refresh(ws, contactExperiment)).toMatchObject({ full: true, units: 26 });
    await compare(contactExperiment);
    // Another observational event than the registered one is computed from the raw data.
    expect((await baton.services.experimentReports.report(ws, contactExperiment, { observe: 'activated' })).freshness.source).toBe('live');
  });

  it('company units: their contacts’ data, and a contact who joins the company later', async () => {
    const ws = w.workspaceId;
    const id = await createExperiment('rollup-companies', 'company');
    await baton.ctx.db.insert(experimentExposures).values(companies.map((c, i) => ({ workspaceId: ws, experimentId: id, unitId: c, variant: i % 2 ? 'test' : 'control', exposedAt: new Date(T0 + i * DAY) })));
    await age();
    expect(await baton.services.experimentRollups.refresh(ws, id)).toMatchObject({ full: true, units: companies.length });
    await compare(id, { breakdown: 'plan' });
    // A contact with history (u4 had no company) joins one: its events now count for that company.
    const joiner = contactIds[4]!;
    await baton.ctx.db.insert(contactCompanies).values({ workspaceId: ws, contactId: joiner, companyId: companies[0]! }).onConflictDoNothing();
    expect(await baton.services.experimentRollups.refresh(ws, id)).toMatchObject({ full: false, units: 1 });
    await compare(id, { breakdown: 'plan' });
  });
});
