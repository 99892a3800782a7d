import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentReport } from '../../contracts/experiment-report.ts';
import { createWorkspace, type TestWorkspace } from '../../test/factories.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { experimentExposures } from './schema.ts';

/**
 * The report API over real stored exposures and events: figures against hand-computed values,
 * the SRM flag, nulls against a zero control, Holm with three arms, CSV, and share links.
 */

let baton: TestBaton;
let a: TestWorkspace;
let b: TestWorkspace;
const DAY = 86_400_000;
const T0 = Date.parse('2026-03-01T12:00:00Z');
const bearer = (w: TestWorkspace) => ({ authorization: `Bearer ${w.apiKey}` });
const get = (url: string, w?: TestWorkspace) => baton.app.inject({ method: 'GET', url, headers: w ? bearer(w) : {} });

const registration = (planned: number) => ({
  hypotheses: [{ text: 'Without help fewer convert', metric: 'paid', direction: 'decrease' }],
  metrics: [
    { key: 'paid', label: 'Converted to paid', kind: 'conversion', event: 'subscription_started', window_days: 14 },
    { key: 'searches', label: 'Help searches', kind: 'count', event: 'help_searched', window_days: 14 },
  ],
  primary_metric: 'paid',
  secondary_metrics: ['searches'],
  mode: 'fixed',
  planned_units_per_arm: planned,
  observational_event: 'help_searched',
});

/** An experiment with `sizes[i]` contacts in arm i, exposed at T0 (+1 day for the second half). */
async function experiment(key: string, arms: string[], sizes: number[], converts: (arm: number, i: number) => boolean, planned = 20) {
  const created = await baton.app.inject({
    method: 'POST', url: '/api/v1/experiments', headers: bearer(a),
    payload: { key, name: key, flag_key: `${key}.flag`, unit: 'contact', variants: arms.map((k) => ({ key: k, weight: 1, value: k })), registration: registration(planned) },
  });
  expect(created.statusCode).toBe(201);
  const id = created.json().id as string;
  const rows: (typeof experimentExposures.$inferInsert)[] = [];
  for (const [arm, size] of sizes.entries()) {
    for (let i = 0; i < size; i++) {
      const contact = await baton.services.contacts.createContact(a.workspaceId, { role: 'user', external_id: `${key}-${arm}-${i}`, locale: i % 2 ? 'ru' : 'en' });
      const exposedAt = T0 + (i < size / 2 ? 0 : DAY);
      rows.push({ workspaceId: a.workspaceId, experimentId: id, unitId: contact.id, variant: arms[arm]!, exposedAt: new Date(exposedAt) });
      const track = (name: string, after: number) =>
        baton.services.contacts.trackEvent(a.workspaceId, { contact_id: contact.id, name, occurred_at: new Date(exposedAt + after).toISOString() });
      if (converts(arm, i)) await track('subscription_started', 3 * DAY);
      if (i % 3 === 0) await track('help_searched', DAY);
    }
  }
  // Exposures as flag evaluation writes them; stored directly to choose the arm sizes.
  await baton.ctx.db.insert(experimentExposures).values(rows);
  return id;
}

let main = '';
beforeAll(async () => {
  baton = await startBaton();
  [a, b] = await Promise.all([createWorkspace(baton, 'A'), createWorkspace(baton, 'B')]);
  // control: 10 of 20 convert; test: 5 of 20.
  main = await experiment('help', ['control', 'test'], [20, 20], (arm, i) => (arm === 0 ? i % 2 === 0 : i % 4 === 0));
});
afterAll(() => baton?.stop());

describe('experiment report', () => {
  it('compares the pre-registered metrics with the STATS.md formulas on hand-checkable data', async () => {
    const res = await get(`/api/v1/experiments/${main}/report?breakdown=locale`, a);
    expect(res.statusCode).toBe(200);
    const r = res.json() as ExperimentReport;
    expect(r.stage).toBe('final');
    expect(r.progress).toEqual({ planned_units_per_arm: 20, smallest_arm: 20, share: 1, reached: true });
    expect(r.trustworthy).toBe(true);
    expect(r.srm.chi2).toBe(0);
    const paid = r.metrics[0]!;
    expect(paid.role).toBe('primary');
    expect(paid.arms.map((x) => [x.variant, x.n, x.mean])).toEqual([['control', 20, 0.5], ['test', 20, 0.25]]);
    const h = paid.comparisons[0]!.headline;
    const se = Math.sqrt((0.5 * 0.5) / 20 + (0.25 * 0.75) / 20);
    expect(h.estimate).toBeCloseTo(-0.25, 12);
    expect(h.ci_low).toBeCloseTo(-0.25 - 1.959963984540054 * se, 12);
    expect(h.rel_diff).toBeCloseTo(-0.5, 12);
    expect(h.p_value_holm).toBeNull();
    expect(h.method).toBe('two_proportions');
    // Searches: every third contact searches once, identically in both arms → no difference.
    const searches = r.metrics[1]!;
    expect(searches.comparisons[0]!.headline.estimate).toBeCloseTo(0, 12);
    // Cumulative: day 1 has the first halves (10 + 10 units), day 2 everyone.
    expect(r.cumulative[0]!.points.map((p) => [p.day, p.n])).toEqual([['2026-03-01', 20], ['2026-03-02', 40]]);
    expect(r.breakdown!.rows.map((x) => x.value).sort()).toEqual(['en', 'ru']);
    // Searchers (i % 3 == 0: 7 per arm) vs the rest, arms pooled.
    expect(r.observational!.did.n).toBe(14);
    expect(r.observational!.did_not.n).toBe(26);
  });

  it('flags a sample-ratio mismatch, reports nulls against a zero control and adds Holm with three arms', async () => {
    const id = await experiment('srm', ['control', 'b', 'c'], [30, 10, 10], (arm, i) => arm > 0 && i < 3, 100);
    const r = (await get(`/api/v1/experiments/${id}/report`, a)).json() as ExperimentReport;
    expect(r.srm.p_value!).toBeLessThan(0.001);
    expect(r.srm.mismatch).toBe(true);
    expect(r.trustworthy).toBe(false);
    expect(r.stage).toBe('interim');
    expect(r.progress.share).toBeCloseTo(0.1, 12);
    const paid = r.metrics[0]!;
    expect(paid.arms[0]!.mean).toBe(0);
    for (const c of paid.comparisons) {
      expect(c.headline.rel_diff).toBeNull();
      expect(c.headline.p_value_holm).not.toBeNull();
    }
    const csv = await get(`/api/v1/experiments/${id}/report.csv`, a);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toContain('metric,role,kind,variant,n');
    expect(csv.body.split('\r\n').filter(Boolean)).toHaveLength(1 + 2 * 3);
  });

  it('shares a read-only report by an unguessable link that works without a session until revoked', async () => {
    const created = await baton.app.inject({ method: 'POST', url: `/api/v1/experiments/${main}/share-links`, headers: bearer(a) });
    expect(created.statusCode).toBe(201);
    const link = created.json() as { id: string; token: string; path: string };
    expect(link.token.length).toBeGreaterThan(60);
    const shared = await get(`/api/v1/shared/experiment-reports/${link.token}`);
    expect(shared.statusCode).toBe(200);
    expect((shared.json() as ExperimentReport).metrics[0]!.arms[0]!.n).toBe(20);
    expect((await get(`/api/v1/shared/experiment-reports/${link.token}/report.csv`)).statusCode).toBe(200);
    // B's own key cannot read A's report, nor A's token re-aimed at B's workspace.
    expect((await get(`/api/v1/experiments/${main}/report`, b)).statusCode).toBe(404);
    const forged = link.token.replace(a.workspaceId, b.workspaceId);
    expect((await get(`/api/v1/shared/experiment-reports/${forged}`, b)).statusCode).toBe(404);
    expect((await get(`/api/v1/shared/experiment-reports/${link.token.slice(0, -2)}`)).statusCode).toBe(404);
    const revokeByB = await baton.app.inject({ method: 'DELETE', url: `/api/v1/experiments/${main}/share-links/${link.id}`, headers: bearer(b) });
    expect(revokeByB.statusCode).toBe(404);
    const revoked = await baton.app.inject({ method: 'DELETE', url: `/api/v1/experiments/${main}/share-links/${link.id}`, headers: bearer(a) });
    expect(revoked.statusCode).toBe(204);
    expect((await get(`/api/v1/shared/experiment-reports/${link.token}`)).statusCode).toBe(404);
    const listed = (await get(`/api/v1/experiments/${main}/share-links`, a)).json() as { data: { revoked_at: string | null }[] };
    expect(listed.data[0]!.revoked_at).not.toBeNull();
  });

  it('names a bad breakdown field and refuses a report without registration', async () => {
    const bad = await get(`/api/v1/experiments/${main}/report?breakdown=password`, a);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('breakdown');
    const draft = await baton.app.inject({
      method: 'POST', url: '/api/v1/experiments', headers: bearer(a),
      payload: { key: 'bare', name: 'Bare', flag_key: 'bare.flag', unit: 'contact', variants: [{ key: 'a', weight: 1, value: 1 }, { key: 'b', weight: 1, value: 2 }] },
    });
    expect((await get(`/api/v1/experiments/${draft.json().id}/report`, a)).statusCode).toBe(409);
  });
});
