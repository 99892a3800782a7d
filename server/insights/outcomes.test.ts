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

describe('customer outcomes by SLA policy', () => {
  // Companies and conversations are planted in SQL, as the bench does; the report reads the
  // company rows the facts sweep keeps, so every change here is followed by a sweep.
  let sla: TestWorkspace;
  const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const P1 = id(901);
  const P2 = id(902);
  const [A, B, C, D] = [id(1), id(2), id(3), id(4)];
  const [k1, k2, k3, k4, k5] = [id(11), id(12), id(13), id(14), id(15)];
  const daysAgo = (n: number) => new Date(now - n * DAY).toISOString();
  const q = (text: string, params: unknown[] = []) => baton.ctx.database.query(text, [sla.workspaceId, ...params]);

  /** The definition, computed directly: the policy of each company's latest routed conversation (any of its contacts) before `t`. */
  async function definition(t: string): Promise<Record<string, string | null>> {
    const { rows } = await baton.ctx.database.query<{ id: string; policy: string | null }>(
      `select co.id, (select r.sla_policy_id::text from contact_companies cc
          join conversations c on c.workspace_id = cc.workspace_id and c.contact_id = cc.contact_id
          join conversation_routing r on r.workspace_id = c.workspace_id and r.conversation_id = c.id
          where cc.workspace_id = co.workspace_id and cc.company_id = co.id and c.created_at < $2 and r.sla_policy_id is not null
          order by c.created_at desc limit 1) as policy
       from companies co where co.workspace_id = $1`,
      [sla.workspaceId, t],
    );
    return Object.fromEntries(rows.map((r) => [r.id, r.policy]));
  }

  /** The report's customers per policy key, and the same counted from the definition. */
  async function compare(t: string) {
    const r = await restClient(baton, sla)<Outcomes>('GET', `/api/v1/reports/outcomes?from=${new Date(Date.parse(t) - 90 * DAY).toISOString()}&to=${t}&group_by=sla_policy`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const byKey: Record<string, number> = {};
    for (const p of Object.values(await definition(t))) byKey[String(p)] = (byKey[String(p)] ?? 0) + 1;
    expect(Object.fromEntries(r.body.rows.map((x) => [String(x.key), x.outcome.customers]))).toEqual(byKey);
    return r.body;
  }

  const sweep = async (full: boolean) => expect(await baton.services.insights.facts.sweep(sla.workspaceId, { full })).not.toBeNull();

  beforeAll(async () => {
    sla = await createWorkspace(baton, 'Outcomes by SLA policy');
    await q(`insert into sla_policies (workspace_id, id, name, first_response_minutes) values ($1, $2, 'P1', 60), ($1, $3, 'P2', 480)`, [P1, P2]);
    for (const co of [A, B, C, D]) {
      await q(`insert into companies (workspace_id, id, external_id, name, plan, mrr, created_at) values ($1, $2::uuid, $2::text, $2::text, 'standard', 100, $3)`, [co, daysAgo(200)]);
    }
    await q(`update company_mrr_history set at = $2 where workspace_id = $1`, [daysAgo(200)]);
    // k1 is in two companies; k4 joins D only after the first sweep; k5 is in none.
    for (const [contact, co] of [[k1, A], [k1, B], [k2, B], [k3, C]]) {
      await q(`insert into contact_companies (workspace_id, contact_id, company_id, created_at) values ($1, $2, $3, $4)`, [contact, co, daysAgo(150)]);
    }
    // [conversation, contact, days ago, policy: null routed without one, undefined not routed]
    const conversations: [number, string, number, string | null | undefined][] = [
      [101, k1, 5, P1], [102, k1, 2, undefined], [103, k1, 1, null], [104, k2, 10, P2],
      [105, k3, 20, P2], [106, k3, -1, P1], [107, k4, 3, P1], [108, k5, 4, P2],
    ];
    for (const [n, contact, ago, policy] of conversations) {
      await q(`insert into conversations (workspace_id, id, contact_id, channel, state, created_at, updated_at) values ($1, $2, $3, 'api', 'open', $4, $4)`, [id(n), contact, daysAgo(ago)]);
      if (policy !== undefined) {
        await q(`insert into conversation_routing (workspace_id, conversation_id, sla_policy_id, routed_at) values ($1, $2, $3, $4)`, [id(n), policy, daysAgo(ago)]);
      }
    }
    await sweep(true);
  }, 60_000);

  it('gives each company the policy of its latest routed conversation before `to`, as the definition does', async () => {
    const t = new Date(now + 3_600_000).toISOString();
    expect(await definition(t)).toEqual({ [A]: P1, [B]: P1, [C]: P2, [D]: null });
    const report = await compare(t);
    expect(report.as_of).not.toBeNull();
    expect(report.rows.find((x) => x.key === P1)?.label).toBe('P1');
    // A week ago k1's conversation was not there yet: B had k2's policy, A none.
    expect(await definition(daysAgo(7))).toEqual({ [A]: null, [B]: P2, [C]: P2, [D]: null });
    await compare(daysAgo(7));
  });

  it('follows a contact joining a company and one leaving another after the next sweep', async () => {
    await q(`insert into contact_companies (workspace_id, contact_id, company_id) values ($1, $2, $3)`, [k4, D]);
    // Through the contacts API, which deletes only the membership k1 leaves: nothing is written anew.
    await q(`insert into contacts (workspace_id, id, role, external_id) values ($1, $2, 'user', 'k1')`, [k1]);
    const api = restClient(baton, sla);
    expect((await api('PATCH', `/api/v1/contacts/${k1}`, { company_ids: [A] })).status).toBe(200);
    await sweep(false);
    const t = new Date(now + 3_600_000).toISOString();
    expect(await definition(t)).toEqual({ [A]: P1, [B]: P2, [C]: P2, [D]: P1 });
    await compare(t);
  });

  it('follows a contact leaving every company, and a company deleted, after the next sweep; the leaves are kept a day', async () => {
    const api = restClient(baton, sla);
    expect((await api('PATCH', `/api/v1/contacts/${k1}`, { company_ids: [] })).status).toBe(200);
    expect((await api('DELETE', `/api/v1/companies/${C}`)).status).toBeLessThan(300);
    await sweep(false);
    const t = new Date(now + 3_600_000).toISOString();
    expect(await definition(t)).toEqual({ [A]: null, [B]: P2, [D]: P1 });
    await compare(t);
    const leaves = async () => (await q(`select contact_id, company_id from contact_company_leaves where workspace_id = $1 order by 1, 2`)).rows;
    expect(await leaves()).toEqual([{ contact_id: k1, company_id: A }, { contact_id: k1, company_id: B }, { contact_id: k3, company_id: C }]);
    // Kept a day, for every sweep in it: then a sweep deletes them.
    await q(`update contact_company_leaves set left_at = now() - interval '25 hours' where workspace_id = $1`);
    await sweep(false);
    expect(await leaves()).toEqual([]);
  });
});
