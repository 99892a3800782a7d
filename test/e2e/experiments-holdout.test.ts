import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execSync } from 'node:child_process';
import { and, eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experimentExposures } from '../../server/experiments/schema.ts';
import { startBaton, type TestBaton } from '../harness.ts';
import { createWorkspace, type TestWorkspace } from '../factories.ts';
import { ensureDashboardBuilt, hasChromium, launchBrowser, newPage, screenshot, signInToDashboard } from './browser.ts';

/**
 * The lab's whole loop in one real browser: the help-links holdout is designed and started in
 * the dashboard's form, a customer's page is loaded as members of companies until both arms are
 * seen (help links present in control, absent in the holdout, each company exposed once), and
 * the experiment's report then renders with its sample-ratio status and a verdict per arm.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function hostPage(batonUrl: string, writeKey: string, url: URL, slug: string) {
  const user = url.searchParams.get('user')!;
  const company = url.searchParams.get('company')!;
  const settings = { user_id: user, name: `User ${user}`, company: { company_id: company, name: `Company ${company}` } };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme billing</title></head>
<body><h1>Billing settings</h1>
<p>Your plan renews monthly. <a href="/docs/invoices" id="help-invoices" data-baton-article="${slug}">Where are my invoices?</a></p>
<script>window.batonSettings = ${JSON.stringify(settings)};</script>
<script src="${batonUrl}/widget.js" data-app-id="${writeKey}" async></script>
</body></html>`;
}

describe.skipIf(!hasChromium)('help-links holdout from design to report in a real browser', () => {
  let baton: TestBaton;
  let ws: TestWorkspace;
  let browser: Browser;
  let dashboard: Page;
  let host: http.Server;
  let origin: string;
  let experimentId: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(root, 'dist/widget/widget.js'))) execSync('npm run --silent build', { cwd: root, stdio: 'inherit' });
    ensureDashboardBuilt();
    baton = await startBaton({ listen: true });
    ws = await createWorkspace(baton, 'Acme Lab');
    await baton.services.knowledge.seedDemo(ws.workspaceId);
    const [hit] = await baton.services.knowledge.search.search(ws.workspaceId, 'download invoices', { locale: 'en' });
    const slug = decodeURIComponent(hit!.url.split('/').pop()!);
    host = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(hostPage(baton.url, ws.writeKey, new URL(req.url ?? '/', 'http://localhost'), slug));
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    // "localhost" rather than 127.0.0.1: another origin than Baton's.
    origin = `http://localhost:${(host.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    dashboard = await newPage(browser, { width: 1400, height: 1000 });
    await signInToDashboard(dashboard, baton, ws);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    host?.closeAllConnections();
    await new Promise((resolve) => (host ? host.close(resolve) : resolve(undefined)));
    await baton?.stop();
  });

  it('designs and starts the holdout in the dashboard', async () => {
    await dashboard.getByTestId('nav-go.experiments').click();
    await dashboard.getByTestId('new-experiment').click();
    await dashboard.getByRole('textbox', { name: /^Name/ }).fill('Help links holdout');
    await dashboard.getByRole('textbox', { name: /^Flag\b(?! value)/ }).fill('help.links');
    await dashboard.getByTestId('hypothesis-0').fill('Without help links fewer companies convert to paid');
    await dashboard.getByTestId('planned-units').fill('500');
    await dashboard.getByTestId('save-and-start').click();
    await dashboard.waitForURL(/\/app\/experiments\/[0-9a-f-]{36}$/);
    await dashboard.getByTestId('report-stage').filter({ hasText: 'No exposures yet' }).waitFor();
    const [created] = (await baton.services.experiments.list(ws.workspaceId)).filter((e) => e.flag_key === 'help.links');
    expect(created).toMatchObject({ status: 'running', unit: 'company' });
    expect(created!.variants.map((v) => [v.key, v.value])).toEqual([['control', true], ['treatment', false]]);
    experimentId = created!.id;
  }, 90_000);

  it('shows help links to the control arm only, exposing each company once', async () => {
    const arms = new Map<string, string>();
    for (let i = 0; new Set(arms.values()).size < 2; i++) {
      expect(i).toBeLessThan(40);
      const page = await newPage(browser, { width: 1200, height: 820 });
      await page.goto(`${origin}/settings/billing?user=member-${i}&company=co-${i}`);
      await page.locator('#baton-messenger').getByTestId('messenger-launcher').waitFor();
      const shown = await page.evaluate(
        () => new Promise<unknown>((resolve) => (window as unknown as { Baton(...a: unknown[]): unknown }).Baton('onFlags', (f: Record<string, unknown>) => resolve(f['help.links']))),
      );
      await page.locator(`#help-invoices[data-baton-help="${shown ? 'on' : 'off'}"]`).waitFor({ state: 'attached' });
      expect(await page.locator('#help-invoices').isVisible()).toBe(shown);
      let contact: string | undefined;
      await expect.poll(async () => (contact = (await baton.services.contacts.findContactId(ws.workspaceId, { externalId: `member-${i}` }))?.id), { timeout: 30_000 }).toBeTruthy();
      const company = (await baton.services.contacts.getContact(ws.workspaceId, contact!)).companies[0]!.id;
      const exposures = await baton.ctx.db
        .select()
        .from(experimentExposures)
        .where(and(eq(experimentExposures.workspaceId, ws.workspaceId), eq(experimentExposures.experimentId, experimentId), eq(experimentExposures.unitId, company)));
      expect(exposures).toHaveLength(1);
      expect(exposures[0]!.variant).toBe(shown ? 'control' : 'treatment');
      arms.set(company, exposures[0]!.variant);
      // Only the control arm converts, after its exposure: the report then has an effect to state.
      if (shown) {
        await page.evaluate(() => (window as unknown as { Baton(...a: unknown[]): unknown }).Baton('trackEvent', 'subscription_started'));
        await expect
          .poll(async () => ((await baton.services.contacts.listContactEvents(ws.workspaceId, contact!, { limit: 10 })).data as { name: string }[]).some((e) => e.name === 'subscription_started'), { timeout: 30_000 })
          .toBe(true);
      }
      if (!shown) await screenshot(page, 'holdout-host-page-without-help-links');
      await page.context().close();
    }
    const view = await baton.services.experiments.get(ws.workspaceId, experimentId);
    expect(Object.fromEntries(view.variants.map((v) => [v.key, v.exposures]))).toEqual({
      control: [...arms.values()].filter((v) => v === 'control').length,
      treatment: [...arms.values()].filter((v) => v === 'treatment').length,
    });
  }, 240_000);

  it('renders the report of those exposures with its sample-ratio status and a verdict', async () => {
    await dashboard.reload();
    await dashboard.getByTestId('report-stage').filter({ hasNotText: 'No exposures yet' }).waitFor();
    await dashboard.getByTestId('srm-ok').filter({ hasNotText: 'No exposures' }).waitFor();
    const verdict = await dashboard.getByTestId('verdict-converted_to_paid').textContent();
    expect(verdict).toMatch(/^treatment (lowered converted_to_paid by 100\.0|changed converted_to_paid by -100\.0) points \(95% CI -?\d+\.\d to -?\d+\.\d\); .+ Interim — do not decide yet\.$/);
    await screenshot(dashboard, 'holdout-report', { fullPage: true });
  }, 90_000);
});
