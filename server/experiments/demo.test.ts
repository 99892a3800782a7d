import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentReport } from '../../contracts/experiment-report.ts';
import { createWorkspace, type TestWorkspace } from '../../test/factories.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { seedExperimentsDemo } from './demo.ts';

/** The demo experiments, ingested like real data, give reports in the direction of the seed articles. */

let baton: TestBaton;
let w: TestWorkspace;
let reports: Record<string, ExperimentReport> = {};
beforeAll(async () => {
  baton = await startBaton();
  w = await createWorkspace(baton, 'Demo');
  await seedExperimentsDemo(baton.ctx, baton.services, w.workspaceId);
  const list = await baton.services.experiments.list(w.workspaceId);
  reports = Object.fromEntries(
    await Promise.all(list.map(async (e) => [e.key, await baton.services.experimentReports.report(w.workspaceId, e.id, { breakdown: e.unit === 'company' ? 'plan' : 'locale' })] as const)),
  );
}, 180_000);
afterAll(() => baton?.stop());

describe('demo experiments', () => {
  it('help-links holdout: no help converts ~9 points less, with fewer conversations and searches', () => {
    const r = reports['help-links-holdout']!;
    expect(r.trustworthy).toBe(true);
    expect(r.stage).toBe('final');
    const [paid, conversations, searches] = r.metrics;
    expect(paid!.comparisons[0]!.headline.estimate!).toBeLessThan(-0.06);
    expect(paid!.comparisons[0]!.headline.estimate!).toBeGreaterThan(-0.12);
    expect(paid!.comparisons[0]!.headline.significant).toBe(true);
    expect(conversations!.comparisons[0]!.headline.estimate!).toBeLessThan(0);
    expect(searches!.comparisons[0]!.headline.estimate!).toBeLessThan(0);
    expect(r.observational!.ratio!).toBeGreaterThan(2);
  });

  it('real-time chat split: more questions, trials and revenue', () => {
    const r = reports['real-time-chat']!;
    expect(r.trustworthy).toBe(true);
    expect(r.stage).toBe('always_valid');
    for (const m of r.metrics) expect(m.comparisons[0]!.headline.rel_diff!).toBeGreaterThan(0.08);
  });
});
