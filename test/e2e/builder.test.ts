import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign } from '../../contracts/campaigns.ts';
import { startBaton, type TestBaton } from '../harness.ts';
import { createWorkspace, restClient, type RestClient, type TestWorkspace } from '../factories.ts';
import { ensureDashboardBuilt, hasChromium, launchBrowser, newPage, screenshot, signInToDashboard } from './browser.ts';

/**
 * The campaign builder end to end: an admin writes a two-step tour, the widget's own renderer
 * previews each step as it is typed, a save with an empty step names that step's field, and the
 * second step's anchor is picked by clicking the element on the customer's own page (the widget
 * in picker mode) — the selector lands in the field and is saved.
 */
function hostPage(batonUrl: string, writeKey: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme projects</title>
<style>body { font: 16px/1.5 Georgia, serif; margin: 0; } main { padding: 120px 40px 24px; } button { padding: 8px 14px; margin-inline-end: 8px; }</style></head>
<body><main><h1>Your projects</h1>
<button class="btn css-1q2w3e4">New project</button>
<button class="btn css-9z8x7c6" data-testid="invite-teammates" onclick="document.title = 'clicked'">Invite teammates</button>
</main>
<script src="${batonUrl}/widget.js" data-app-id="${writeKey}" async></script>
</body></html>`;
}

describe.skipIf(!hasChromium)('campaign builder in a real browser', () => {
  let baton: TestBaton;
  let ws: TestWorkspace;
  let api: RestClient;
  let browser: Browser;
  let host: http.Server;
  let hostOrigin: string;

  beforeAll(async () => {
    ensureDashboardBuilt();
    baton = await startBaton({ listen: true });
    ws = await createWorkspace(baton, 'Builder e2e');
    api = restClient(baton, ws);
    host = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(hostPage(baton.url, ws.writeKey));
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    hostOrigin = `http://localhost:${(host.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    host?.closeAllConnections();
    await new Promise<void>((resolve) => (host ? host.close(() => resolve()) : resolve()));
    await baton?.stop();
  });

  it('edits a tour with a live preview, shows the server’s field error, and picks the anchor on the customer’s page', async () => {
    const page: Page = await newPage(browser);
    await signInToDashboard(page, baton, ws);
    await page.goto(`${baton.url}/app/campaigns/new`);
    await page.getByLabel(/^Name/).fill('Projects tour');
    await page.getByTestId('campaign-type').click();
    await page.getByRole('option', { name: 'Product tour' }).click();
    const preview = page.getByTestId('campaign-preview');
    const card = preview.getByTestId('baton-tour');

    const step1 = page.getByTestId('tour-step-0');
    await step1.getByLabel(/^Step title/).fill('Your projects');
    await step1.getByLabel(/^Step text/).fill('Everything you build lives here.');
    await card.getByText('Everything you build lives here.').waitFor();
    expect(await card.textContent()).toContain('Step 1 of 1');

    await page.getByRole('button', { name: 'Add step' }).click();
    const step2 = page.getByTestId('tour-step-1');
    await step2.waitFor();
    // The preview follows the step being edited: the new one, still without text of its own.
    await card.getByText('Step 2 of 2').waitFor();

    await page.getByRole('button', { name: 'Save campaign' }).click();
    const bodyField = step2.getByLabel(/^Step text/);
    await expect.poll(() => bodyField.getAttribute('aria-invalid')).toBe('true');
    expect(page.url()).toMatch(/\/campaigns\/new$/);

    await bodyField.fill('Invite your team to work together.');
    await card.getByText('Invite your team to work together.').waitFor();
    // Fixing the field clears the server's message for it.
    await expect.poll(() => bodyField.getAttribute('aria-invalid')).not.toBe('true');

    await step2.getByRole('button', { name: 'Pick on page' }).click();
    await page.getByLabel('Page of your product').fill(`${hostOrigin}/projects`);
    const [customer] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: 'Open the page and pick' }).click()]);
    await customer.locator('.pick-bar').getByText('Click the element to anchor to').waitFor();
    // The token left the address bar once the picker had it.
    expect(customer.url()).toBe(`${hostOrigin}/projects`);
    await screenshot(customer, 'builder-pick-on-page');
    await customer.getByRole('button', { name: 'Invite teammates' }).click();
    await customer.locator('.pick-bar').getByText('Sent to the builder').waitFor();
    // The page never saw the click that picked its element.
    expect(await customer.title()).toBe('Acme projects');

    const anchor = step2.getByLabel(/^Anchor element/);
    await expect.poll(() => anchor.inputValue()).toBe('[data-testid="invite-teammates"]');
    await page.getByLabel('Page of your product').waitFor({ state: 'hidden' });
    // The anchored step sits beside the mock element, inside the preview frame.
    await card.getByText('Invite your team to work together.').waitFor();
    const [frameBox, cardBox] = [await preview.boundingBox(), await card.boundingBox()];
    expect(cardBox!.x).toBeGreaterThanOrEqual(frameBox!.x);
    expect(cardBox!.x + cardBox!.width).toBeLessThanOrEqual(frameBox!.x + frameBox!.width);
    expect(cardBox!.y).toBeGreaterThanOrEqual(frameBox!.y);
    expect(cardBox!.y + cardBox!.height).toBeLessThanOrEqual(frameBox!.y + frameBox!.height);
    await screenshot(page, 'builder-tour');

    await page.getByRole('button', { name: 'Save campaign' }).click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    const saved = await api<Campaign>('GET', `/api/v1/campaigns/${id}`);
    expect(saved.body.content.en!.steps).toMatchObject([
      { title: 'Your projects', body: 'Everything you build lives here.' },
      { body: 'Invite your team to work together.', selector: '[data-testid="invite-teammates"]' },
    ]);
    await page.context().close();
  });

  it('edits a survey with a branch and a Russian translation that starts from the default text', async () => {
    const page: Page = await newPage(browser);
    await signInToDashboard(page, baton, ws);
    await page.goto(`${baton.url}/app/campaigns/new`);
    await page.getByLabel(/^Name/).fill('Role survey');
    await page.getByTestId('campaign-type').click();
    await page.getByRole('option', { name: 'Survey' }).click();
    const preview = page.getByTestId('campaign-preview');

    const first = page.getByTestId('survey-question-0');
    await first.getByLabel(/^Question( \*)?$/).fill('How likely are you to recommend us?');
    await preview.getByText('How likely are you to recommend us?').waitFor();
    await page.getByRole('button', { name: 'Add question' }).click();
    const second = page.getByTestId('survey-question-1');
    await second.getByLabel(/^Question( \*)?$/).fill('What is your role?');
    await second.getByLabel('Choice 1', { exact: true }).fill('Developer');
    await second.getByLabel('Choice 2', { exact: true }).fill('Product');
    // Promoters skip the second question.
    await first.getByRole('button', { name: 'Add branch' }).click();
    await first.getByLabel('Score from').fill('9');
    await page.getByLabel(/^Thank-you title/).fill('Thanks!');

    await page.getByTestId('locale-tab-ru').click();
    await page.getByRole('button', { name: 'Translate into Russian' }).click();
    const ruFirst = page.getByTestId('survey-question-0');
    await expect.poll(() => ruFirst.getByLabel(/^Question( \*)?$/).inputValue()).toBe('How likely are you to recommend us?');
    await ruFirst.getByLabel(/^Question( \*)?$/).fill('Насколько вероятно, что вы нас порекомендуете?');
    await preview.getByText('Насколько вероятно, что вы нас порекомендуете?').waitFor();
    await screenshot(page, 'builder-survey', { fullPage: true });

    await page.getByRole('button', { name: 'Save campaign' }).click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    const saved = await api<Campaign>('GET', `/api/v1/campaigns/${page.url().split('/').pop()!}`);
    expect(saved.body.content.en!.questions).toMatchObject([
      { kind: 'nps', prompt: 'How likely are you to recommend us?', branches: [{ when: { min: 9 }, goto: 'end' }] },
      { kind: 'single', prompt: 'What is your role?', choices: [{ label: 'Developer' }, { label: 'Product' }] },
    ]);
    expect(saved.body.content.ru!.questions).toMatchObject([{ prompt: 'Насколько вероятно, что вы нас порекомендуете?' }, { prompt: 'What is your role?' }]);
    expect(Object.keys(saved.body.content).sort()).toEqual(['en', 'ru']);
    await page.context().close();
  });
});
