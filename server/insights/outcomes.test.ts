import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Outcomes } from '../../contracts/insights.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, restClient, type RestClient, type TestWorkspace } from '../../test/factories.ts';
import { plantOutcomes } from '../../test/support-generator.ts';

/**
 * Customer outcomes over a planted history: 100 premium and 100 standard companies sign up through
 * Segment `group` calls; over the period 6 premium and 10 standard churn (MRR to 0 through the
 * REST API), 10 premium expand and 5 standard contract (Segment traits). Premium churn is planted
 * 4 points lower. The history table is fed by the trigger on companies; only its clock is planted.
 */

let baton: TestBaton;
let ws: TestWorkspace;
let api: RestClient;

const DAY = 86_400_000;
const now = Date.now();
const from = new Date(now - 90 * DAY).toISOString();
const to = new Date(now + 3_600_000).toISOString();
const signedUp = new Date(Date.parse(from) - 40 * DAY);
const MRR = { premium: 500, standard: 100 };

beforeAll(async () => {
  baton = await startBaton();
  ws = await createWorkspace(baton, 'Outcomes');
  api = restClient(baton, ws);
  await plantOutcomes(baton, ws, {
    perTier: 100, mrr: MRR, churned: { premium: 6, standard: 10 }, expanded: 10, expandTo: 800, contracted: 5, contractTo: 60, signedUp,
  });
}, 180_000);
afterAll(() => baton?.stop());

describe('customer outcomes by support tier', () => {
  it('reproduces the planted churn, expansion, contraction and NRR per tier, and the 4-point gap', async () => {
    const r = await api<Outcomes>('GET', `/api/v1/reports/outcomes?from=${from}&to=${to}&group_by=tier`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const byTier = Object.fromEntries(r.body.rows.map((x) => [x.key, x]));
    expect(byTier.premium!.outcome).toMatchObject({
      customers: 100, churned: 6, expanded: 10, contracted: 0, start_mrr: 50_000, end_mrr: 50_000 - 6 * 500 + 10 * 300,
      expansion_mrr: 3000, churned_mrr: 3000, churn_rate: 0.06, retention_rate: 0.94, net_revenue_retention: 1, gross_revenue_retention: 0.94,
    });
    expect(byTier.standard!.outcome).toMatchObject({
      customers: 100, churned: 10, expanded: 0, contracted: 5, start_mrr: 10_000, end_mrr: 10_000 - 1000 - 5 * 40,
      contraction_mrr: 200, churn_rate: 0.1,
    });
    expect(byTier.standard!.outcome.net_revenue_retention).toBeCloseTo(0.88, 10);
    expect(byTier.premium!.churn_difference_points).toBeCloseTo(-4, 10);
    expect(byTier.premium!.rest).toEqual(byTier.standard!.outcome);
    expect(r.body.total).toMatchObject({ customers: 200, churned: 16 });
  });

  it('draws the sign-up cohort: all paying until the period, then 92% still paying', async () => {
    const r = await api<Outcomes>('GET', `/api/v1/reports/outcomes?from=${from}&to=${to}`);
    const [cohort] = r.body.cohorts;
    expect(r.body.cohorts).toHaveLength(1);
    expect(cohort!.month).toBe(signedUp.toISOString().slice(0, 7));
    expect(cohort!.companies).toBe(200);
    expect(cohort!.retained[0]).toBe(1);
    expect(cohort!.retained.at(-1)).toBeCloseTo(184 / 200, 10);
  });

  it('names the field of a bad request', async () => {
    const r = await api<{ errors: { field: string }[] }>('GET', `/api/v1/reports/outcomes?from=${from}&to=${to}&group_by=segment`);
    expect(r.status).toBe(400);
    expect(r.body.errors[0]!.field).toBe('segment_id');
  });
});
