import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetricDefinition } from '../../contracts/experiments.ts';
import { createWorkspace, type TestWorkspace } from '../../test/factories.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import type { MetricAggregates } from '../experiments/stats/sql-summary.ts';
import { conversations, messages } from '../inbox/schema.ts';
import { newId } from '../platform/ids.ts';
import type { MetricGrouping, MetricUnit } from './experiment-metrics.ts';

/**
 * Experiment metrics aggregated in the database (PGlite, or PostgreSQL with DATABASE_URL) against
 * values computed by hand from a handful of events around one exposure time t0.
 */

let baton: TestBaton;
let w: TestWorkspace;
const T0 = Date.parse('2026-01-10T00:00:00Z');
const at = (days: number) => new Date(T0 + days * 86_400_000).toISOString();
const ids: Record<string, string> = {};

beforeAll(async () => {
  baton = await startBaton();
  w = await createWorkspace(baton, 'Metrics');
  const svc = baton.services.contacts;
  const co = await svc.createCompany(w.workspaceId, { name: 'Co One', plan: 'free' });
  ids.co1 = co.id;
  for (const [name, locale] of [['c1', 'en'], ['c2', 'ru'], ['c3', 'en'], ['c4', 'kk']] as const) {
    const c = await svc.createContact(w.workspaceId, { role: 'user', external_id: name, locale, ...(name === 'c1' || name === 'c2' ? { company_ids: [co.id] } : {}) });
    ids[name] = c.id;
  }
  const track = (who: string, name: string, days: number, properties: Record<string, unknown> = {}) =>
    svc.trackEvent(w.workspaceId, { contact_id: ids[who]!, name, occurred_at: at(days), properties });
  // c1: searches before (−2d), inside (+1d, +3d) and after the 7-day window (+8d); a purchase of 10 inside, 5 outside.
  await track('c1', 'search', -2);
  await track('c1', 'search', 1);
  await track('c1', 'search', 3);
  await track('c1', 'search', 8);
  await track('c1', 'purchase', 2, { amount: 10 });
  await track('c1', 'purchase', 10, { amount: 5 });
  // c2: one search an hour after exposure; active on day 30 (retained).
  await track('c2', 'search', 1 / 24);
  await track('c2', 'login', 30);
  // c3: a purchase whose amount is not a number (converts, adds no revenue) and one of 7 the day before.
  await track('c3', 'purchase', 1, { amount: 'abc' });
  await track('c3', 'purchase', -1, { amount: 7 });
  // c4: two searches before, one on day 6.
  await track('c4', 'search', -1);
  await track('c4', 'search', -3);
  await track('c4', 'search', 6);
  // Inbox rows as the Messenger writes them, stored directly to fix their times: c1 started one
  // conversation the day before and two inside the window (answered after 30 and 90 minutes, the
  // first rated 4, with two messages of its own); c3 one on day 3, unanswered, rated 2, one message.
  const conversation = async (who: string, days: number, firstResponseMinutes: number | null, csat: number | null, written: number) => {
    const id = newId();
    const created = new Date(T0 + days * 86_400_000);
    await baton.ctx.db.insert(conversations).values({
      workspaceId: w.workspaceId, id, contactId: ids[who]!, channel: 'messenger', createdAt: created,
      firstResponseAt: firstResponseMinutes === null ? null : new Date(created.getTime() + firstResponseMinutes * 60_000), csatRating: csat,
    });
    const authors = [...Array.from({ length: written }, () => 'contact' as const), 'agent' as const];
    await baton.ctx.db.insert(messages).values(authors.map((authorType, seq) => ({
      workspaceId: w.workspaceId, conversationId: id, seq: seq + 1, id: newId(), clientId: newId(), authorType, body: 'hi', bodyHtml: '<p>hi</p>', createdAt: new Date(created.getTime() + seq * 60_000),
    })));
  };
  await conversation('c1', -1, 10, null, 1);
  await conversation('c1', 1, 30, 4, 2);
  await conversation('c1', 2, 90, null, 0);
  await conversation('c3', 3, null, 2, 1);
});
afterAll(() => baton?.stop());

const metric = (m: Record<string, unknown>) => MetricDefinition.parse({ key: 'm', label: 'M', window_days: 7, ...m });

function unitsOf(unit: MetricUnit) {
  const members = unit === 'contact' ? [['c1', 'control'], ['c2', 'control'], ['c3', 'test'], ['c4', 'test']] : [['co1', 'control']];
  const values = members.map(([k, v]) => sql`(${ids[k!]!}, ${ids[k!]!}::uuid, ${v!}, ${at(0)}::timestamptz)`);
  if (unit === 'contact') values.push(sql`('visitor-without-id', null::uuid, 'test', ${at(0)}::timestamptz)`);
  return sql`select * from (values ${sql.join(values, sql`, `)}) as v(unit_id, uid, variant, exposed_at)`;
}

async function aggregate(unit: MetricUnit, m: Record<string, unknown>, grouping: MetricGrouping = { by: 'none' }) {
  const rows = await baton.services.contacts.experimentMetric(w.workspaceId, { units: unitsOf(unit), unit, metric: metric(m), grouping });
  return rows.sort((a, b) => `${a.variant}/${a.grp}`.localeCompare(`${b.variant}/${b.grp}`)).map((r) => ({ ...r, n: Number(r.n) }));
}

const close = (row: MetricAggregates | undefined, expected: Partial<Record<keyof MetricAggregates, number | string | null>>) => {
  expect(row).toBeDefined();
  for (const [k, v] of Object.entries(expected)) {
    if (typeof v === 'number') expect(Number(row![k as keyof MetricAggregates]), k).toBeCloseTo(v, 12);
    else expect(row![k as keyof MetricAggregates], k).toBe(v);
  }
};

describe('experiment metrics aggregated in the database', () => {
  it('counts events within the window after exposure, with the same count before as the covariate', async () => {
    const [control, test] = await aggregate('contact', { kind: 'count', event: 'search' });
    // control: values [2, 1], pre [1, 0]; test: values [0, 1, 0], pre [0, 2, 0] (the visitor has no events).
    close(control, { variant: 'control', n: 2, total: 3, mean: 1.5, m2: 0.5, pre_mean: 0.5, pre_m2: 0.5, cxy: 0.5 });
    close(test, { variant: 'test', n: 3, total: 1, mean: 1 / 3, m2: 2 / 3, pre_mean: 2 / 3, pre_m2: 8 / 3, cxy: 4 / 3 });
  });

  it('conversion is 0/1 within the window; revenue sums only numeric amounts inside it', async () => {
    const conversion = await aggregate('contact', { kind: 'conversion', event: 'purchase' });
    close(conversion[0], { variant: 'control', n: 2, total: 1, pre_mean: 0 });
    close(conversion[1], { variant: 'test', n: 3, total: 1, pre_mean: 1 / 3 });
    const revenue = await aggregate('contact', { kind: 'revenue', event: 'purchase', property: 'amount' });
    close(revenue[0], { variant: 'control', total: 10, mean: 5, m2: 50, pre_mean: 0 });
    close(revenue[1], { variant: 'test', total: 0, mean: 0, m2: 0, pre_mean: 7 / 3 });
  });

  it('retention is activity in days 28–35; a company unit counts its contacts’ events', async () => {
    const retention = await aggregate('contact', { kind: 'retention' });
    close(retention[0], { variant: 'control', n: 2, total: 1 });
    close(retention[1], { variant: 'test', n: 3, total: 0 });
    const company = await aggregate('company', { kind: 'count', event: 'search' });
    close(company[0], { variant: 'control', n: 1, total: 3, pre_mean: 1 });
    await baton.services.contacts.updateCompany(w.workspaceId, ids.co1!, { mrr: 99 });
    const mrr = await aggregate('company', { kind: 'revenue', source: 'company_mrr' });
    close(mrr[0], { n: 1, total: 99, pre_mean: 0 });
  });

  it('groups by exposure day, by an attribute of the unit, and by whether the unit did an event', async () => {
    const daily = await aggregate('contact', { kind: 'count', event: 'search' }, { by: 'exposure_day' });
    expect(daily.map((r) => [r.variant, r.grp, r.n])).toEqual([['control', '2026-01-10', 2], ['test', '2026-01-10', 3]]);
    const byLocale = await aggregate('contact', { kind: 'count', event: 'search' }, { by: 'attribute', field: 'locale' });
    expect(byLocale.map((r) => [r.variant, r.grp, r.n, Number(r.total)])).toEqual([
      ['control', 'en', 1, 2], ['control', 'ru', 1, 1], ['test', 'en', 1, 0], ['test', 'kk', 1, 1], ['test', null, 1, 0],
    ]);
    const observed = await aggregate('contact', { kind: 'conversion', event: 'purchase' }, { by: 'did_event', event: 'search', window_days: 7 });
    // Searchers (c1, c2, c4) vs not (c3, the visitor): purchases 1 of 3 and 1 of 2.
    expect(observed.map((r) => [r.variant, r.grp, r.n, Number(r.total)])).toEqual([
      ['control', 'yes', 2, 1], ['test', 'no', 2, 1], ['test', 'yes', 1, 0],
    ]);
    await expect(aggregate('contact', { kind: 'count', event: 'search' }, { by: 'attribute', field: 'password' })).rejects.toThrow(/breakdown/);
  });

  it('time to first value: the share within the window, and each arm’s median days over all its units', async () => {
    const [result] = await baton.services.contacts.experimentMetrics(w.workspaceId, {
      units: unitsOf('contact'), unit: 'contact', metrics: [metric({ kind: 'time_to_value', event: 'search' })], grouping: { by: 'none' },
    });
    const [control, test] = result!.rows.sort((a, b) => a.variant.localeCompare(b.variant));
    close(control, { variant: 'control', n: 2, total: 2, pre_mean: 0.5 });
    close(test, { variant: 'test', n: 3, total: 1 });
    // control reached it after 1 day and 1 hour: median of the two; test: 6 days, then never twice, so no median.
    expect(result!.median_days!.get('control')).toBeCloseTo((1 + 1 / 24) / 2, 12);
    expect(result!.median_days!.get('test')).toBeNull();
  });

  it('caps revenue at the pooled percentile when asked (winsorized), value and covariate alike', async () => {
    const [control, test] = await aggregate('contact', { kind: 'revenue', event: 'purchase', property: 'amount', cap_percentile: 0.9 });
    // Unit values [10, 0 | 0, 0, 0]: the 90th percentile is 0.6·10 = 6; covariates [0, 0 | 7, 0, 0]: 4.2.
    close(control, { variant: 'control', total: 6, mean: 3, m2: 18, pre_mean: 0 });
    close(test, { variant: 'test', total: 0, pre_mean: 4.2 / 3 });
  });

  it('support outcomes from the Inbox: conversations started, messages sent, first response and CSAT', async () => {
    const started = await aggregate('contact', { kind: 'conversations_started' });
    close(started[0], { variant: 'control', n: 2, total: 2, pre_mean: 0.5 });
    close(started[1], { variant: 'test', n: 3, total: 1, pre_mean: 0 });
    const sent = await aggregate('contact', { kind: 'messages_sent' });
    close(sent[0], { variant: 'control', n: 2, total: 2, pre_mean: 0.5 });
    close(sent[1], { variant: 'test', n: 3, total: 1 });
    // Only units with an answered (rated) conversation in the window count.
    const response = await aggregate('contact', { kind: 'first_response' });
    expect(response.map((r) => [r.variant, r.n, Number(r.mean)])).toEqual([['control', 1, 60]]);
    const csat = await aggregate('contact', { kind: 'csat' });
    expect(csat.map((r) => [r.variant, r.n, Number(r.mean), Number(r.cxy)])).toEqual([['control', 1, 4, 0], ['test', 1, 2, 0]]);
  });

  it('computes all metrics in one statement with the same figures as one at a time', async () => {
    const defs = [
      { kind: 'count', event: 'search' }, { kind: 'conversion', event: 'purchase' }, { kind: 'retention' }, { kind: 'csat' }, { kind: 'messages_sent' },
    ].map((m, i) => metric({ ...m, key: `m${i}` }));
    const together = await baton.services.contacts.experimentMetrics(w.workspaceId, {
      units: unitsOf('contact'), unit: 'contact', metrics: defs, grouping: { by: 'exposure_day' }, observe: { event: 'search', window_days: 7 },
    });
    for (const [i, d] of defs.entries()) {
      const alone = await baton.services.contacts.experimentMetric(w.workspaceId, { units: unitsOf('contact'), unit: 'contact', metric: d, grouping: { by: 'did_event', event: 'search', window_days: 7 } });
      const byObs = together[i]!.rows.map((r) => [r.variant, r.obs, r.n, Number(r.total)]).sort();
      expect(byObs, d.kind).toEqual(alone.map((r) => [r.variant, r.grp, r.n, Number(r.total)]).sort());
    }
  });
});
