import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaton, type TestBaton } from '../harness.ts';
import { createWorkspace, type TestWorkspace } from '../factories.ts';
import { weekStart } from '../../server/insights/weekly-counts.ts';
import { DAY, generateSupport, planSupport, planTicketVolume, plantTicketVolume, type PlannedConversation, type PlantedTicketVolume, type TicketVolumePlan } from '../support-generator.ts';
import { ensureDashboardBuilt, hasChromium, screenshot, signedInBrowser } from './browser.ts';

/**
 * The support report in a real browser over a planted history: charts first (daily volume, hour of
 * the week, per-group bars), the table below with the planted numbers, the CSV export, a lead
 * turning on the weekly digest in their account settings, and the ticket-volume timeline with its
 * campaign markers over a planted drop (weeks that end before the support report's 7 days).
 */

describe.skipIf(!hasChromium)('dashboard in a real browser: support report', () => {
  let baton: TestBaton;
  let ws: TestWorkspace;
  let browser: Browser;
  let page: Page;
  let plans: PlannedConversation[];
  let tickets: TicketVolumePlan;
  let planted: PlantedTicketVolume;

  beforeAll(async () => {
    ensureDashboardBuilt();
    baton = await startBaton({ listen: true });
    ws = await createWorkspace(baton, 'Reporting');
    const now = Date.now();
    // The recent ones start 5 days back, not 6: a run that crosses midnight still has them all in its last 7 days.
    plans = [...planSupport(11, 16, now - 5 * DAY, now), ...planSupport(12, 6, now - 13 * DAY, now - 8 * DAY)];
    await generateSupport(baton, ws, plans);
    tickets = planTicketVolume(31, { firstWeek: weekStart(new Date()).getTime() - 9 * 7 * DAY, weeks: 8, startWeek: 4, contacts: 20, before: 0.5, after: 0.2 });
    planted = await plantTicketVolume(baton, ws, tickets);
    ({ browser, page } = await signedInBrowser(baton, ws, { width: 1400, height: 1000 }));
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

  it('draws ticket volume per active customer with the campaign markers, and proves it in the lab', async () => {
    await page.goto(`${baton.url}/app/reports`);
    await page.getByRole('link', { name: 'Ticket volume' }).click();
    const chart = page.getByTestId('chart-ticket-volume');
    await chart.locator('.recharts-line-curve').first().waitFor();
    // Webinar started and stopped, onboarding started: three markers, each labelled with its campaign.
    await expect.poll(() => chart.locator('.campaign-marker').count()).toBe(3);
    expect(await chart.locator('.campaign-started').count()).toBe(2);
    const labels = await chart.locator('svg text').allTextContents();
    expect(labels).toEqual(expect.arrayContaining(['Started: Webinar invite', 'Stopped: Webinar invite', 'Started: Getting started']));
    await expect.poll(() => chart.locator('.recharts-bar-rectangle').count()).toBeGreaterThanOrEqual(8);
    const startWeek = new Date(tickets.weeks[4]!).toISOString().slice(0, 10);
    const row = page.getByTestId('ticket-volume-table').locator(`tr[data-week="${startWeek}"]`);
    const inWeek = (at: number) => at >= tickets.weeks[4]! && at < tickets.weeks[4]! + 7 * DAY;
    expect(await row.locator('td[data-metric="conversations"]').textContent()).toBe(String(tickets.conversations.filter((c) => inWeek(c.at)).length));
    expect(await row.textContent()).toContain('Started: Getting started');
    await screenshot(page, 'ticket-volume', { fullPage: true });

    const onboarding = page.getByTestId('timeline-campaigns').locator(`[data-campaign="${planted.onboarding.id}"]`);
    expect(await page.getByTestId('timeline-campaigns').locator(`[data-campaign="${planted.webinar.id}"]`).textContent()).toContain('No control group');
    await onboarding.getByRole('link', { name: 'Prove it' }).click();
    await page.waitForURL(new RegExp(`/app/experiments/${planted.onboarding.experimentId}$`));
    await page.getByText('Campaign: Getting started').first().waitFor();
  }, 90_000);
});
