import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExperimentCreate } from '../../contracts/experiments.ts';
import { createWorkspace, type TestWorkspace } from '../../test/factories.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { boot, type Baton } from '../boot.ts';
import { loadConfig } from '../platform/config.ts';
import { newId } from '../platform/ids.ts';
import { analyzeFiles } from './analyze-files.ts';
import { registerFlag } from './flags.ts';

let baton: TestBaton;
let a: TestWorkspace;
let b: TestWorkspace;
beforeAll(async () => {
  baton = await startBaton();
  [a, b] = await Promise.all([createWorkspace(baton, 'A'), createWorkspace(baton, 'B')]);
});
afterAll(() => baton?.stop());

const bearer = (w: TestWorkspace) => ({ authorization: `Bearer ${w.apiKey}` });

async function api(w: TestWorkspace, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const r = await baton.app.inject({ method, url, headers: bearer(w), payload: payload as object });
  return { status: r.statusCode, body: r.json() };
}

const REGISTRATION = {
  hypotheses: [{ text: 'The treatment changes conversion', metric: 'conversion', direction: 'any' }],
  metrics: [{ key: 'conversion', label: 'Converted to paid', kind: 'conversion', event: 'subscription_started' }],
  primary_metric: 'conversion',
  mode: 'fixed',
  planned_units_per_arm: 1000,
};

async function runningExperiment(w: TestWorkspace, body: Record<string, unknown>) {
  const created = await api(w, 'POST', '/api/v1/experiments', { registration: REGISTRATION, ...body });
  expect(created.status).toBe(201);
  const started = await api(w, 'POST', `/api/v1/experiments/${created.body.id}/start`);
  expect(started.status).toBe(200);
  return started.body as { id: string; key: string };
}

const evaluate = (w: TestWorkspace, units: Record<string, string>, flags?: string[]) => api(w, 'POST', '/api/v1/flags/evaluate', { units, flags });

describe('flags and experiments over REST', () => {
  it('assigns contacts by hash, sticky, and records each exposure once', async () => {
    const exp = await runningExperiment(a, {
      key: 'help-links-holdout',
      name: 'Help links holdout',
      flag_key: 'help.links',
      unit: 'company',
      variants: [
        { key: 'control', weight: 1, value: true },
        { key: 'hidden', weight: 1, value: false },
      ],
    });
    const companies = Array.from({ length: 200 }, (_, i) => `company-${i}`);
    const first = await Promise.all(companies.map((c) => evaluate(a, { company: c, contact: newId() }, ['help.links'])));
    const values = first.map((r) => r.body.flags['help.links']);
    const hidden = values.filter((v) => v.variant === 'hidden').length;
    expect(hidden).toBeGreaterThan(70);
    expect(hidden).toBeLessThan(130);
    for (const v of values) {
      expect(v.experiment).toBe('help-links-holdout');
      expect(v.value).toBe(v.variant === 'control');
    }
    // Again, with other contacts of the same companies: same arm, no new exposures.
    const again = await Promise.all(companies.map((c) => evaluate(a, { company: c, contact: newId() }, ['help.links'])));
    expect(again.map((r) => r.body.flags['help.links'])).toEqual(values);
    const view = (await api(a, 'GET', `/api/v1/experiments/${exp.id}`)).body;
    expect(view.variants.map((v: { exposures: number }) => v.exposures)).toEqual([200 - hidden, hidden]);
    // Without the unit this experiment randomizes, it does not decide (and nothing is exposed).
    const noCompany = await evaluate(a, { contact: 'someone' }, ['help.links']);
    expect(noCompany.body.flags['help.links']).toEqual({ value: true, experiment: null, variant: null });
  });

  it('units outside the traffic get the default and no exposure; a registered flag has its default', async () => {
    registerFlag({ key: 'test.launcher-style', description: 'Launcher style (test flag)', defaultValue: 'round' });
    const exp = await runningExperiment(a, {
      key: 'launcher-style',
      name: 'Launcher style',
      flag_key: 'test.launcher-style',
      unit: 'visitor',
      traffic: 0.3,
      variants: [
        { key: 'control', weight: 1, value: 'round' },
        { key: 'square', weight: 1, value: 'square' },
      ],
    });
    const results = await Promise.all(Array.from({ length: 300 }, (_, i) => evaluate(a, { visitor: `v-${i}` }, ['test.launcher-style'])));
    const flags = results.map((r) => r.body.flags['test.launcher-style']);
    const enrolled = flags.filter((f) => f.experiment !== null).length;
    expect(enrolled).toBeGreaterThan(60);
    expect(enrolled).toBeLessThan(120);
    expect(flags.filter((f) => f.experiment === null).every((f) => f.value === 'round' && f.variant === null)).toBe(true);
    const view = (await api(a, 'GET', `/api/v1/experiments/${exp.id}`)).body;
    expect(view.variants.reduce((s: number, v: { exposures: number }) => s + v.exposures, 0)).toBe(enrolled);

    expect((await api(a, 'POST', `/api/v1/experiments/${exp.id}/stop`)).body.status).toBe('stopped');
    const after = await evaluate(a, { visitor: 'v-1' });
    expect(after.body.flags['test.launcher-style']).toEqual({ value: 'round', experiment: null, variant: null });
    expect((await api(a, 'POST', `/api/v1/experiments/${exp.id}/stop`)).status).toBe(409);
  });

  it('keeps experiments of one layer exclusive and refuses to start an overlapping range', async () => {
    const layered = (key: string, start: number, end: number) => ({
      key,
      name: key,
      flag_key: `layer.${key}`,
      unit: 'contact',
      variants: [
        { key: 'control', weight: 1, value: false },
        { key: 'on', weight: 1, value: true },
      ],
      layer: { key: 'onboarding', start, end },
    });
    await runningExperiment(a, layered('tour', 0, 0.5));
    await runningExperiment(a, layered('checklist', 0.5, 1));
    const clash = await api(a, 'POST', '/api/v1/experiments', { registration: REGISTRATION, ...layered('banner', 0.4, 0.6) });
    const refused = await api(a, 'POST', `/api/v1/experiments/${clash.body.id}/start`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('overlaps');
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => evaluate(a, { contact: `c-${i}` }, ['layer.tour', 'layer.checklist'])));
    for (const r of results) {
      const inTour = r.body.flags['layer.tour'].experiment !== null;
      const inChecklist = r.body.flags['layer.checklist'].experiment !== null;
      expect(inTour !== inChecklist).toBe(true);
    }
  });

  it('never shows one workspace the experiments of another', async () => {
    const exp = await runningExperiment(a, {
      key: 'private',
      name: 'Private',
      flag_key: 'private.flag',
      unit: 'contact',
      variants: [
        { key: 'control', weight: 1, value: 1 },
        { key: 'two', weight: 1, value: 2 },
      ],
    });
    expect((await api(b, 'GET', `/api/v1/experiments/${exp.id}`)).status).toBe(404);
    expect((await api(a, 'GET', '/api/v1/experiments')).body.data.map((e: { key: string }) => e.key)).toContain('private');
    expect((await api(b, 'GET', '/api/v1/experiments')).body).toEqual({ data: [] });
    expect((await api(b, 'POST', `/api/v1/experiments/${exp.id}/stop`)).status).toBe(404);
    const other = await evaluate(b, { contact: 'c-1' }, ['private.flag']);
    expect(other.body.flags['private.flag']).toEqual({ value: null, experiment: null, variant: null });
    expect(Object.keys((await evaluate(b, { contact: 'c-1' })).body.flags)).not.toContain('private.flag');
  });

  it('a global holdout keeps its contacts out of every experiment, with proactive features off', async () => {
    const c = await createWorkspace(baton, 'C');
    registerFlag({ key: 'test.proactive-tips', description: 'Proactive tips (test flag)', defaultValue: true, heldOutValue: false });
    await runningExperiment(c, {
      key: 'tips-copy',
      name: 'Tips copy',
      flag_key: 'test.tips-copy',
      unit: 'contact',
      variants: [
        { key: 'control', weight: 1, value: 'short' },
        { key: 'long', weight: 1, value: 'long' },
      ],
    });
    expect((await api(c, 'GET', '/api/v1/flags/holdout')).body).toEqual({ share: 0 });
    const set = await baton.app.inject({ method: 'PUT', url: '/api/v1/flags/holdout', headers: bearer(c), payload: { share: 0.2 } });
    expect(set.json()).toEqual({ share: 0.2 });
    const flags = ['test.proactive-tips', 'test.tips-copy'];
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => evaluate(c, { contact: `h-${i}` }, flags)));
    const held = results.filter((r) => r.body.held_out);
    expect(held.length).toBeGreaterThan(20);
    expect(held.length).toBeLessThan(65);
    for (const r of held) {
      expect(r.body.flags['test.proactive-tips']).toEqual({ value: false, experiment: null, variant: null });
      expect(r.body.flags['test.tips-copy']).toEqual({ value: 'short', experiment: null, variant: null });
    }
    for (const r of results.filter((x) => !x.body.held_out)) {
      expect(r.body.flags['test.proactive-tips'].value).toBe(true);
      expect(r.body.flags['test.tips-copy'].experiment).toBe('tips-copy');
    }
    // A larger share keeps everyone who was held out.
    await baton.app.inject({ method: 'PUT', url: '/api/v1/flags/holdout', headers: bearer(c), payload: { share: 0.4 } });
    const wider = await Promise.all(held.map((_, i) => evaluate(c, { contact: `h-${results.indexOf(held[i]!)}` }, flags)));
    expect(wider.every((r) => r.body.held_out)).toBe(true);
    const tooMuch = await baton.app.inject({ method: 'PUT', url: '/api/v1/flags/holdout', headers: bearer(c), payload: { share: 0.9 } });
    expect(tooMuch.statusCode).toBe(400);
  });

  it('answers bad input with 400 naming the field, without credentials 401, a taken key 409', async () => {
    const noUnit = await evaluate(a, {});
    expect(noUnit.status).toBe(400);
    expect(JSON.stringify(noUnit.body.errors)).toContain('units');
    const badKey = await evaluate(a, { contact: 'x' }, ['Not A Key']);
    expect(badKey.status).toBe(400);
    expect(JSON.stringify(badKey.body.errors)).toContain('flags');
    const dupe = await api(a, 'POST', '/api/v1/experiments', {
      key: 'dupe-variants', name: 'x', flag_key: 'x.y', unit: 'contact',
      variants: [{ key: 'a', weight: 1, value: 1 }, { key: 'a', weight: 1, value: 2 }],
    });
    expect(dupe.status).toBe(400);
    expect(JSON.stringify(dupe.body.errors)).toContain('variants.1.key');
    const again = await api(a, 'POST', '/api/v1/experiments', {
      key: 'private', name: 'x', flag_key: 'x.y', unit: 'contact',
      variants: [{ key: 'a', weight: 1, value: 1 }, { key: 'b', weight: 1, value: 2 }],
    });
    expect(again.status).toBe(409);
    const anonymous = await baton.app.inject({ method: 'POST', url: '/api/v1/flags/evaluate', payload: { units: { contact: 'x' } } });
    expect(anonymous.statusCode).toBe(401);
    expect((await baton.app.inject({ url: '/api/openapi.json' })).json().paths).toHaveProperty(['/api/v1/flags/evaluate']);
  });
});

describe('pre-registration and the sample-size calculator', () => {
  const draft = (key: string, extra: Record<string, unknown> = {}) =>
    api(a, 'POST', '/api/v1/experiments', {
      key,
      name: key,
      flag_key: `prereg.${key}`,
      unit: 'contact',
      variants: [
        { key: 'control', weight: 1, value: false },
        { key: 'on', weight: 1, value: true },
      ],
      ...extra,
    });

  it('refuses to start without a registration, locks it at the start and logs later changes with their reason', async () => {
    const exp = (await draft('prereg-a')).body;
    expect(exp.registration).toBeNull();
    const refused = await api(a, 'POST', `/api/v1/experiments/${exp.id}/start`);
    expect(refused.status).toBe(409);
    expect(refused.body.errors).toEqual([{ field: 'registration', message: 'is required to start' }]);

    const put = (body: unknown) => baton.app.inject({ method: 'PUT', url: `/api/v1/experiments/${exp.id}/registration`, headers: bearer(a), payload: body as object });
    const first = await put({ registration: REGISTRATION });
    expect(first.statusCode).toBe(200);
    expect(first.json().registration).toMatchObject({ ...REGISTRATION, alpha: 0.05, power: 0.8, secondary_metrics: [], guardrails: [] });
    const revised = {
      ...REGISTRATION,
      metrics: [...REGISTRATION.metrics, { key: 'revenue', label: 'Revenue', kind: 'revenue', event: 'invoice_paid', property: 'amount' }],
      secondary_metrics: ['revenue'],
      planned_units_per_arm: 2000,
    };
    expect((await put({ registration: revised })).json().changes).toEqual([]);

    expect((await api(a, 'POST', `/api/v1/experiments/${exp.id}/start`)).status).toBe(200);
    const noReason = await put({ registration: { ...revised, planned_units_per_arm: 500 } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('body.reason');
    const logged = await put({ registration: { ...revised, planned_units_per_arm: 500 }, reason: 'Traffic is lower than planned' });
    expect(logged.statusCode).toBe(200);
    const changes = logged.json().changes;
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ reason: 'Traffic is lower than planned', before: { planned_units_per_arm: 2000 }, after: { planned_units_per_arm: 500 } });
    expect((await api(a, 'GET', `/api/v1/experiments/${exp.id}`)).body.changes).toEqual(changes);
  });

  it('names the bad field of a registration', async () => {
    const repeat = await draft('prereg-b', { registration: { ...REGISTRATION, secondary_metrics: ['conversion'] } });
    expect(repeat.status).toBe(400);
    expect(JSON.stringify(repeat.body.errors)).toContain('registration.secondary_metrics');
    const none = await draft('prereg-c', { registration: { ...REGISTRATION, hypotheses: [] } });
    expect(none.status).toBe(400);
    expect(JSON.stringify(none.body.errors)).toContain('registration.hypotheses');
  });

  it('turns baseline, effect, alpha and power into units per arm and days', async () => {
    const r = await api(a, 'POST', '/api/v1/experiments/sample-size', { kind: 'proportions', baseline: 0.1, mde: 0.02, daily_units: 500, traffic: 0.5 });
    expect(r.status).toBe(200);
    // statsmodels NormalIndPower: 3834.6 per arm (see stats/power-fixtures.json).
    expect(r.body).toMatchObject({ units_per_arm: 3835, total_units: 7670, days: 31 });
    const means = await api(a, 'POST', '/api/v1/experiments/sample-size', { kind: 'means', sd: 40, mde: 2 });
    expect(means.body).toMatchObject({ units_per_arm: 6280, days: null });
    const impossible = await api(a, 'POST', '/api/v1/experiments/sample-size', { kind: 'proportions', baseline: 0.95, mde: 0.1 });
    expect(impossible.status).toBe(400);
    expect(impossible.body.errors[0].field).toBe('body.mde');
    expect((await api(a, 'POST', '/api/v1/experiments/sample-size', { kind: 'proportions', baseline: 0.1, mde: 0 })).status).toBe(400);
  });
});

describe('POST /api/v1/experiments/analyze', () => {
  const fixture = (f: string) => fs.readFileSync(path.join(import.meta.dirname, 'stats', 'fixtures', 'three-arms', f), 'utf8');

  it('answers the same analysis as the CLI for an uploaded CSV and design', async () => {
    const r = await api(a, 'POST', '/api/v1/experiments/analyze', { design: JSON.parse(fixture('design.json')), units_csv: fixture('units.csv') });
    expect(r.status).toBe(200);
    expect(r.body).toEqual(JSON.parse(JSON.stringify(analyzeFiles(fixture('design.json'), fixture('units.csv')))));
  });

  it('keeps variant names such as constructor; a __proto__ key is refused by the JSON parser', async () => {
    const design = { control: 'constructor', variants: ['constructor', 'toString'], intended_split: { constructor: 0.5, toString: 0.5 } };
    const csv = 'unit_id,variant,converted,revenue,pre_revenue,conversations,searches\nu1,constructor,1,2,1,0,1\nu2,toString,0,0,1,1,0\nu3,constructor,0,1,2,0,0\nu4,toString,1,5,3,2,1\n';
    const r = await api(a, 'POST', '/api/v1/experiments/analyze', { design, units_csv: csv });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.results.variants)).toEqual(['constructor', 'toString']);
    expect(r.body.results.variants.toString.n).toBe(2);
    const poisoned = '{"design":{"control":"__proto__","variants":["__proto__","b"],"intended_split":{"__proto__":0.5,"b":0.5}},"units_csv":"x"}';
    const refused = await baton.app.inject({ method: 'POST', url: '/api/v1/experiments/analyze', headers: { ...bearer(a), 'content-type': 'application/json' }, payload: poisoned });
    expect(refused.statusCode).toBe(400);
  });

  it('names the bad line and column, or the design field, in a 400 problem', async () => {
    const lines = fixture('units.csv').split('\n');
    lines.splice(2, 0, 'x1,control,maybe,1,1,1,1');
    const bad = lines.join('\n');
    const r = await api(a, 'POST', '/api/v1/experiments/analyze', { design: JSON.parse(fixture('design.json')), units_csv: bad });
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toEqual({ field: 'units line 3, column converted', message: 'must be 0 or 1, got "maybe"' });
    const d = await api(a, 'POST', '/api/v1/experiments/analyze', { design: { control: 'x' }, units_csv: 'unit_id\n' });
    expect(d.status).toBe(400);
    expect(d.body.errors.map((e: { field: string }) => e.field)).toContain('design.variants');
    const anonymous = await baton.app.inject({ method: 'POST', url: '/api/v1/experiments/analyze', payload: { design: {}, units_csv: 'x' } });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('eligibility: a segment of the unit and an entry window', () => {
  it('enrols only members during the window; others get the default and record no exposure', async () => {
    const svc = baton.services;
    const free = await svc.contacts.createCompany(a.workspaceId, { external_id: 'elig-free', name: 'Free Co', plan: 'free' });
    const pro = await svc.contacts.createCompany(a.workspaceId, { external_id: 'elig-pro', name: 'Pro Co', plan: 'pro' });
    const segment = await svc.segments.create(a.workspaceId, {
      name: 'Free companies',
      target: 'company',
      rule: { type: 'group', match: 'all', conditions: [{ type: 'field', field: 'plan', op: 'eq', value: 'free' }] },
    });
    const variants = [
      { key: 'control', weight: 1, value: 'on' },
      { key: 'test', weight: 1, value: 'off' },
    ];
    const wrongKind = await svc.segments.create(a.workspaceId, { name: 'People', target: 'contact', rule: { type: 'group', match: 'all', conditions: [] } });
    const refused = await api(a, 'POST', '/api/v1/experiments', { key: 'elig-wrong', name: 'W', flag_key: 'elig.wrong', unit: 'company', variants, eligibility: { segment_id: wrongKind.id } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'body.eligibility.segment_id', message: 'must be a company segment' }]);

    const exp = await runningExperiment(a, { key: 'elig', name: 'Eligibility', flag_key: 'elig.flag', unit: 'company', variants, eligibility: { segment_id: segment.id } });
    const evaluate = (company: string) => api(a, 'POST', '/api/v1/flags/evaluate', { units: { company }, flags: ['elig.flag'] });
    const member = await evaluate(free.id);
    expect(member.body.flags['elig.flag'].experiment).toBe('elig');
    const outsider = await evaluate(pro.id);
    expect(outsider.body.flags['elig.flag']).toEqual({ value: 'on', experiment: null, variant: null });
    const view = (await api(a, 'GET', `/api/v1/experiments/${exp.id}`)).body as { variants: { exposures: number }[]; eligibility: unknown };
    expect(view.variants.reduce((s, v) => s + v.exposures, 0)).toBe(1);
    expect(view.eligibility).toEqual({ segment_id: segment.id, entry_starts_at: null, entry_ends_at: null });

    const later = new Date(Date.now() + 86_400_000).toISOString();
    await runningExperiment(a, { key: 'elig-later', name: 'Later', flag_key: 'elig.later', unit: 'company', variants, eligibility: { entry_starts_at: later } });
    const early = await api(a, 'POST', '/api/v1/flags/evaluate', { units: { company: free.id }, flags: ['elig.later'] });
    expect(early.body.flags['elig.later']).toEqual({ value: 'on', experiment: null, variant: null });
  });
});

describe.skipIf(!process.env.REDIS_URL)('several nodes', () => {
  it("a start, a stop and a holdout change through one node reach another node's cached running set over the bus", async () => {
    const node = () => boot(loadConfig({ LOG_LEVEL: 'silent', BATON_DEMO: '0', PORT: '0', REDIS_URL: process.env.REDIS_URL! }), { database: baton.ctx.database, work: false });
    const [reader, writer] = await Promise.all([node(), node()]);
    try {
      const ws = (await createWorkspace(baton, 'Nodes')).workspaceId;
      const flag = 'nodes.flag';
      const seen = (n: Baton) => n.services.experiments.evaluate(ws, { units: { contact: 'c-1' }, flags: [flag] });
      // Polls well under the cache's one-minute bound, so only the broadcast can make these pass.
      const until = async (what: (e: Awaited<ReturnType<typeof seen>>) => boolean) => {
        const deadline = Date.now() + 20_000;
        let last = await seen(reader);
        while (!what(last) && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 50));
          last = await seen(reader);
        }
        return last;
      };
      expect((await seen(reader)).flags[flag]).toEqual({ value: null, experiment: null, variant: null }); // caches an empty running set
      const created = await writer.services.experiments.create(ws, ExperimentCreate.parse({
        key: 'nodes', name: 'Nodes', flag_key: flag, unit: 'contact', traffic: 1,
        variants: [{ key: 'a', weight: 1, value: 'on' }, { key: 'b', weight: 1, value: 'on' }],
        registration: REGISTRATION,
      }));
      await writer.services.experiments.start(ws, created.id);
      expect((await until((e) => e.flags[flag]!.experiment === 'nodes')).flags[flag]).toMatchObject({ value: 'on', experiment: 'nodes' });
      await writer.services.experiments.setHoldout(ws, 1);
      expect((await until((e) => e.held_out)).flags[flag]).toEqual({ value: 'on', experiment: null, variant: null });
      await writer.services.experiments.setHoldout(ws, 0);
      await until((e) => !e.held_out);
      await writer.services.experiments.stop(ws, created.id);
      expect((await until((e) => e.flags[flag]!.experiment === null)).flags[flag]).toEqual({ value: null, experiment: null, variant: null });
    } finally {
      await Promise.all([reader.close(), writer.close()]);
    }
  });
});
