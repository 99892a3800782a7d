import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaton, type TestBaton } from '../harness.ts';
import { createWorkspace, type TestWorkspace } from '../factories.ts';
import { DAY, generateSupport, planSupport, type PlannedConversation } from '../support-generator.ts';
import { ensureDashboardBuilt, hasChromium, launchBrowser, newPage, screenshot, signInToDashboard } from './browser.ts';

/**
 * The support report in a real browser over a planted history: charts first (daily volume, hour of
 * the week, per-group bars), the table below with the planted numbers, the CSV export, and a lead
 * turning on the weekly digest in their account settings.
 */

describe.skipIf(!hasChromium)('dashboard in a real browser: support report', () => {
  let baton: TestBaton;
  let ws: TestWorkspace;
  let browser: Browser;
  let page: Page;
  let plans: PlannedConversation[];

  beforeAll(async () => {
    ensureDashboardBuilt();
    baton = await startBaton({ listen: true });
    ws = await createWorkspace(baton, 'Reporting');
    const now = Date.now();
    // The recent ones start 5 days back, not 6: a run that crosses midnight still has them all in its last 7 days.
    plans = [...planSupport(11, 16, now - 5 * DAY, now), ...planSupport(12, 6, now - 13 * DAY, now - 8 * DAY)];
    await generateSupport(baton, ws, plans);
    browser = await launchBrowser();
    page = await newPage(browser, { width: 1400, height: 1000 });
    await signInToDashboard(page, baton, ws);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await baton?.stop();
  });

  it('draws the charts and lists the planted numbers, per customer tier too', async () => {
    const recent = plans.filter((p) => p.createdAt > Date.now() - 7 * DAY);
    await page.goto(`${baton.url}/app/reports`);
    await page.getByText('7 days', { exact: true }).click();
    await page.getByTestId('chart-volume').locator('.recharts-line-curve').first().waitFor();
    const cells = page.getByTestId('chart-hours').locator('[data-count]');
    // The 30-day chart stays on screen (keepPreviousData) until the 7-day one arrives, with as many
    // cells: only the total tells them apart.
    await expect.poll(() => cells.count()).toBe(7 * 24);
    await expect.poll(() => cells.evaluateAll((els) => els.reduce((n, e) => n + Number(e.getAttribute('data-count')), 0))).toBe(recent.length);
    await expect.poll(() => page.getByTestId('report-headlines').textContent()).toContain(`Conversations${recent.length}`);
    await screenshot(page, 'support-report', { fullPage: true });

    await page.getByRole('combobox', { name: 'Group by' }).click();
    await page.getByRole('option', { name: 'Customer tier' }).click();
    const premium = page.getByTestId('support-report').getByRole('row', { name: /^premium/ });
    await premium.waitFor();
    expect(await premium.locator('td[data-metric="conversations"]').textContent()).toMatch(
      new RegExp(`^${recent.filter((p) => p.tier === 'premium').length}`),
    );
    await expect.poll(() => page.getByTestId('chart-groups').locator('.recharts-bar-rectangle').count()).toBeGreaterThanOrEqual(2);
    await page.getByTestId('chart-frt').locator('.recharts-bar-rectangle').first().waitFor();
    await screenshot(page, 'support-report-by-tier', { fullPage: true });

    const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    const csv = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
    expect(csv.split('\r\n')[0]).toMatch(/^group_by,key,label,period,/);
    expect(csv).toContain('tier,premium,premium,current');
  }, 90_000);

  it('lets a lead turn on the weekly digest in account settings', async () => {
    await page.goto(`${baton.url}/app/settings/account`);
    const toggle = page.getByRole('switch', { name: 'Send me the weekly digest' });
    await expect.poll(() => toggle.isEnabled()).toBe(true);
    // The switch shows the stored choice, so it flips once the server has it.
    await toggle.click({ force: true });
    await expect.poll(async () => (await baton.services.insights.digest.get(ws.workspaceId, ws.owner.agentId)).weekly_digest).toBe(true);
    await page.reload();
    await expect.poll(() => page.getByRole('switch', { name: 'Send me the weekly digest' }).isChecked()).toBe(true);
  }, 60_000);
});
