import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaton, type TestBaton } from '../harness.ts';
import { createWorkspace, type TestWorkspace } from '../factories.ts';
import { plantOutcomes } from '../support-generator.ts';
import { ensureDashboardBuilt, hasChromium, screenshot, signedInBrowser } from './browser.ts';

/**
 * Customer outcomes in a real browser: premium customers planted to churn 4 points less (2 of 50
 * against 4 of 50) show as a plain sentence that says it is a correlation, the charts and the
 * table; "Test this" opens the experiments lab's design form with the test prefilled.
 */

describe.skipIf(!hasChromium)('dashboard in a real browser: customer outcomes', () => {
  let baton: TestBaton;
  let ws: TestWorkspace;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureDashboardBuilt();
    baton = await startBaton({ listen: true });
    ws = await createWorkspace(baton, 'Outcomes');
    await plantOutcomes(baton, ws, {
      perTier: 50, mrr: { premium: 500, standard: 100 }, churned: { premium: 2, standard: 4 },
      expanded: 5, expandTo: 700, contracted: 3, contractTo: 50, signedUp: new Date(Date.now() - 200 * 86_400_000),
    });
    ({ browser, page } = await signedInBrowser(baton, ws, { width: 1400, height: 1000 }));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await baton?.stop();
  });

  it('states the churn gap as a correlation and prefills the experiment that would test it', async () => {
    await page.goto(`${baton.url}/app/reports`);
    await page.getByRole('link', { name: 'Customer outcomes' }).click();
    const finding = page.getByTestId('outcome-finding');
    await finding.waitFor();
    expect(await finding.textContent()).toContain('Customers in "premium" churned 4.0 points less than comparable customers (4.0% against 8.0%).');
    expect(await finding.textContent()).toContain('This is a correlation, not proof');
    await page.getByTestId('chart-outcomes').locator('.recharts-bar-rectangle').first().waitFor();
    await page.getByTestId('chart-cohorts').locator('.recharts-line-curve').first().waitFor();
    const premium = page.getByTestId('outcomes-table').getByRole('row', { name: /^premium/ });
    expect(await premium.locator('td[data-metric="nrr"]').textContent()).toBe('100.0%');
    await screenshot(page, 'customer-outcomes', { fullPage: true });

    await finding.getByRole('button', { name: 'Test this' }).click();
    await page.waitForURL(/\/app\/experiments\/new\?design=/);
    await expect.poll(() => page.getByRole('textbox', { name: /^Name/ }).first().inputValue()).toBe('Support test: premium');
    expect(await page.getByRole('textbox', { name: /Hypothesis/ }).first().inputValue()).toContain('retained more often');
    await screenshot(page, 'customer-outcomes-test-this', { fullPage: true });

    // Grouped by SLA policy, the page reads the swept conversation facts and says as of when.
    await page.goto(`${baton.url}/app/reports/outcomes`);
    await page.getByLabel('Group by').first().click();
    await page.getByRole('option', { name: 'SLA policy' }).click();
    expect(await page.getByTestId('outcomes-as-of').textContent()).toMatch(/^Figures (as of|are being prepared)/);
  }, 90_000);
});
