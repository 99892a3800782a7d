import { Analytics } from '@segment/analytics-node';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaton, type TestBaton } from '../harness.ts';
import { createWorkspace, type TestWorkspace } from '../factories.ts';
import { ensureDashboardBuilt, hasChromium, launchBrowser, newPage, signInToDashboard } from './browser.ts';

/**
 * The proof of the dashboard shell in a real browser: sign in → contacts → open a contact whose
 * events were just sent by the real Segment client → the events are on its timeline, the second
 * one arriving live over the stream without a reload.
 */

/**
 * Sends through the real @segment/analytics-node client, pointed at Baton, and waits until
 * delivered. Default batching, as products use it: the calls go together in one /v1/batch.
 */
async function segment(baton: TestBaton, writeKey: string, send: (a: Analytics) => void): Promise<void> {
  const analytics = new Analytics({ writeKey, host: baton.url, maxRetries: 0 });
  const failures: unknown[] = [];
  analytics.on('error', (err) => failures.push(err));
  send(analytics);
  await analytics.closeAndFlush({ timeout: 10_000 });
  expect(failures).toEqual([]);
}

describe.skipIf(!hasChromium)('dashboard in a real browser: contact timeline', () => {
  let baton: TestBaton;
  let ws: TestWorkspace;
  let browser: Browser;
  let page: Page;
  const userId = 'e2e-user-1';
  const email = 'ada.lovelace@example.test';

  beforeAll(async () => {
    ensureDashboardBuilt();
    baton = await startBaton({ listen: true });
    ws = await createWorkspace(baton, 'Analytical Engines');
    browser = await launchBrowser();
    page = await newPage(browser);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await baton?.stop();
  });

  it('signs in and lands on the contacts list', async () => {
    await signInToDashboard(page, baton, ws);
    await page.getByRole('heading', { name: 'Contacts' }).waitFor();
    await page.getByText('No contacts yet.', { exact: false }).waitFor();
  }, 60_000);

  it('shows an event sent by the Segment client on the contact’s timeline', async () => {
    await segment(baton, ws.writeKey, (a) => {
      a.identify({ userId, traits: { email, name: 'Ada Lovelace', plan: 'analytical' } });
      a.track({ userId, event: 'Report Exported', properties: { format: 'csv', rows: 1843 } });
    });

    await page.getByLabel('Search by name or e-mail').fill('ada.lovelace');
    const link = page.getByRole('link', { name: 'Ada Lovelace' });
    await link.click();
    await page.waitForURL(/\/app\/contacts\/[0-9a-f-]{36}$/);
    await page.getByTestId('contact-title').filter({ hasText: 'Ada Lovelace' }).waitFor();
    await page.getByTestId('timeline-event-name').filter({ hasText: 'Report Exported' }).waitFor();
    expect(await page.getByTestId('timeline-event').count()).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('adds new events and profile changes to the open contact live, without a reload', async () => {
    await page.locator('[data-testid="stream-status"][data-status="live"]').waitFor();
    // A marker on the window: a reload would wipe it.
    await page.evaluate(() => Object.assign(window, { __noReload: true }));

    await segment(baton, ws.writeKey, (a) => {
      a.track({ userId, event: 'Invoice Paid', properties: { amount: 49 } });
    });

    await page.getByTestId('timeline-event-name').filter({ hasText: 'Invoice Paid' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    // Newest first: the live event sits above the earlier one.
    const names = await page.getByTestId('timeline-event-name').allTextContents();
    expect(names.indexOf('Invoice Paid')).toBeLessThan(names.indexOf('Report Exported'));

    // A changed profile arrives over the same stream.
    await segment(baton, ws.writeKey, (a) => {
      a.identify({ userId, traits: { name: 'Ada King', plan: 'difference' } });
    });
    await page.getByTestId('contact-title').filter({ hasText: 'Ada King' }).waitFor();
    await page.getByTestId('contact-attributes').filter({ hasText: 'difference' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  }, 60_000);

  it('switches the whole UI to another language and keeps the choice after a reload', async () => {
    await page.getByTestId('language-switcher').filter({ visible: true }).click();
    await page.getByRole('option', { name: 'Русский' }).click();
    await page.getByRole('heading', { name: 'Активность' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Активность' }).waitFor();
    await page.getByTestId('nav-go.contacts').filter({ hasText: 'Контакты' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru');
  }, 60_000);
});
