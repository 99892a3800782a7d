import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaton, type TestBaton } from '../harness.ts';
import { createWorkspace, type TestWorkspace } from '../factories.ts';
import { ensureDashboardBuilt, hasChromium, launchBrowser, newPage, screenshot, signInToDashboard } from './browser.ts';

/**
 * "Analyze an uploaded CSV" in a real browser: the fixture files go through the dashboard's file
 * inputs to the API and back into the report, with the SRM banner, verdicts, Holm column and a
 * malformed file's error naming its line and column; and the sample-size calculator.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.join(root, 'server/experiments/stats/fixtures');

describe.skipIf(!hasChromium)('dashboard in a real browser: analyze an uploaded experiment', () => {
  let baton: TestBaton;
  let ws: TestWorkspace;
  let browser: Browser;
  let page: Page;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-e2e-analyze-'));

  beforeAll(async () => {
    ensureDashboardBuilt();
    baton = await startBaton({ listen: true });
    ws = await createWorkspace(baton, 'Lab');
    browser = await launchBrowser();
    page = await newPage(browser, { width: 1400, height: 1000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await baton?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const upload = async (design: string, units: string) => {
    const inputs = page.locator('input[type="file"]');
    await inputs.nth(0).setInputFiles(design);
    await inputs.nth(1).setInputFiles(units);
    await page.getByRole('button', { name: 'Analyze', exact: true }).click();
  };

  it('signs in and opens the experiments page from the side bar', async () => {
    await signInToDashboard(page, baton, ws);
    await page.getByTestId('nav-go.experiments').click();
    await page.waitForURL(/\/app\/experiments/);
    await page.getByRole('link', { name: 'Analyze a CSV' }).click();
    await page.getByRole('heading', { name: 'Analyze an experiment' }).waitFor();
  }, 60_000);

  it('shows a large effect as unlikely to be chance, with the sample ratio as intended', async () => {
    await upload(path.join(fixtures, 'large-effect/design.json'), path.join(fixtures, 'large-effect/units.csv'));
    await page.locator('[data-testid="srm-status"][data-status="ok"]').waitFor();
    await page.getByTestId('variant-table').filter({ hasText: '6,000' }).waitFor();
    const conversion = page.getByTestId('comparison-treatment').getByTestId('metric-conversion');
    expect(await conversion.getByTestId('verdict').getAttribute('data-verdict')).toBe('veryUnlikelyChance');
    // 10.42% → 19.32%: +8.9 points.
    expect(await conversion.textContent()).toContain('8.9 pp');
    await screenshot(page, 'experiments-report', { fullPage: true });
  }, 60_000);

  it('puts a red banner on a sample ratio mismatch and marks every result untrustworthy', async () => {
    await upload(path.join(fixtures, 'srm/design.json'), path.join(fixtures, 'srm/units.csv'));
    await page.locator('[data-testid="srm-status"][data-status="mismatch"]').waitFor();
    await screenshot(page, 'experiments-srm', { fullPage: true });
    const verdicts = await page.getByTestId('verdict').evaluateAll((els) => els.map((e) => e.getAttribute('data-verdict')));
    expect(verdicts.length).toBe(5);
    expect(new Set(verdicts)).toEqual(new Set(['untrustworthy']));
  }, 60_000);

  it('shows Holm-adjusted p-values with several treatment arms', async () => {
    await upload(path.join(fixtures, 'three-arms/design.json'), path.join(fixtures, 'three-arms/units.csv'));
    await page.getByTestId('comparison-help_expanded').waitFor();
    await page.getByTestId('comparison-help_hidden').getByRole('columnheader', { name: 'p (Holm)' }).waitFor();
  }, 60_000);

  it('turns baseline, effect and traffic into units per arm and days', async () => {
    await page.getByLabel('Baseline conversion').fill('10');
    await page.getByLabel('Smallest change (points)').fill('2');
    await page.getByLabel('Eligible units per day').fill('500');
    await page.getByLabel('Traffic enrolled').fill('50');
    await page.getByRole('button', { name: 'Calculate' }).click();
    // statsmodels NormalIndPower: 3834.6 per arm; 7,670 units at 250 a day.
    await page.getByTestId('sample-size-result').filter({ hasText: '3,835 units per arm (7,670 in all): about 31 days.' }).waitFor();
  }, 60_000);

  it('names the line and column of a malformed row', async () => {
    const lines = fs.readFileSync(path.join(fixtures, 'tiny/units.csv'), 'utf8').split('\n');
    lines.splice(2, 0, 'x1,control,maybe,1,1,1,1');
    const bad = path.join(tmp, 'bad.csv');
    fs.writeFileSync(bad, lines.join('\n'));
    await upload(path.join(fixtures, 'tiny/design.json'), bad);
    await page.getByTestId('analyze-error').filter({ hasText: 'units line 3, column converted' }).waitFor();
  }, 60_000);
});
