import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaton, type TestBaton } from '../harness.ts';
import { createWorkspace, type TestWorkspace } from '../factories.ts';
import { ensureDashboardBuilt, hasChromium, screenshot, signedInBrowser } from './browser.ts';

/**
 * Time to first value in a real browser: four sign-ups of 20 days ago sent through /v1/batch,
 * three reaching `project_created` after 1 h, 2 days and 10 days; the owner chooses the milestone
 * and reads the median (2 d) and the share within 7 days (2 of 4) in the table under the charts.
 */

describe.skipIf(!hasChromium)('dashboard in a real browser: time to first value', () => {
  let baton: TestBaton;
  let ws: TestWorkspace;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureDashboardBuilt();
    baton = await startBaton({ listen: true });
    ws = await createWorkspace(baton, 'First value');
    const signup = Math.floor((Date.now() - 20 * 86_400_000) / 1000) * 1000;
    const iso = (ms: number) => new Date(ms).toISOString();
    const delays = [3600, 2 * 86_400, 10 * 86_400, null];
    const batch = delays.flatMap((d, i) => [
      { type: 'identify', userId: `first-${i}`, traits: { email: `first-${i}@example.test`, createdAt: iso(signup) }, timestamp: iso(signup) },
      ...(d === null ? [] : [{ type: 'track', userId: `first-${i}`, event: 'project_created', timestamp: iso(signup + d * 1000) }]),
    ]);
    const res = await baton.app.inject({ method: 'POST', url: '/v1/batch', headers: { authorization: `Basic ${Buffer.from(`${ws.writeKey}:`).toString('base64')}` }, payload: { batch } });
    expect(res.statusCode, res.body).toBe(200);
    ({ browser, page } = await signedInBrowser(baton, ws, { width: 1400, height: 1000 }));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await baton?.stop();
  });

  it('asks for the milestone, then shows the distribution in charts and a table', async () => {
    await page.goto(`${baton.url}/app/reports`);
    await page.getByRole('link', { name: 'Time to first value' }).click();
    await page.getByTestId('ttfv-no-milestone').waitFor();
    await page.getByRole('textbox', { name: /Workspace milestone event/ }).fill('project_created');
    await page.getByRole('button', { name: 'Save' }).click();
    const everyone = page.getByTestId('ttfv-table').getByRole('row', { name: /^Everyone/ });
    await everyone.waitFor();
    expect(await everyone.locator('td[data-metric="contacts"]').textContent()).toBe('4');
    expect(await everyone.locator('td[data-metric="reached"]').textContent()).toBe('3');
    expect(await everyone.locator('td[data-metric="median"]').textContent()).toBe('2 d');
    expect(await everyone.locator('td[data-metric="within"]').textContent()).toBe('50.0% (2 / 4)');
    await page.getByTestId('chart-ttfv-histogram').locator('.recharts-bar-rectangle').first().waitFor();
    await page.getByTestId('chart-ttfv-cohorts').locator('.recharts-line-dots').first().waitFor();
    await screenshot(page, 'time-to-first-value', { fullPage: true });
  }, 90_000);
});
