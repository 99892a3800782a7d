import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaton, type TestBaton } from '../harness.ts';
import { createWorkspace, type TestWorkspace } from '../factories.ts';
import { ensureDashboardBuilt, hasChromium, signedInBrowser } from './browser.ts';

/**
 * E-mail series in a real browser: write a welcome e-mail with a live preview, start it, let a
 * new sign-up through the delivery engine, and read the result on the series.
 */

describe.skipIf(!hasChromium)('dashboard in a real browser: e-mail series', () => {
  let baton: TestBaton;
  let ws: TestWorkspace;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureDashboardBuilt();
    baton = await startBaton({ listen: true });
    ws = await createWorkspace(baton, 'Welcomers');
    ({ browser, page } = await signedInBrowser(baton, ws));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await baton?.stop();
  });

  it('writes, previews, starts and reports a welcome series', async () => {
    await page.getByTestId('nav-go.series').click();
    await page.getByText('No e-mail series yet.', { exact: false }).waitFor();
    await page.getByRole('link', { name: 'New series' }).click();
    await page.getByLabel(/^Name/).fill('Welcome');
    const step = page.getByTestId('step-0');
    await step.getByLabel('Subject').fill('Welcome, {{first_name}}');
    await step.getByLabel('Message').fill('Start with [your first project](https://app.example.test/new).');
    await step.getByTestId('preview-subject').getByText('Welcome, Ada').waitFor();

    await page.getByRole('button', { name: 'Save series' }).click();
    await page.waitForURL(/\/app\/email-series\/[0-9a-f-]{36}$/);
    await page.getByRole('button', { name: 'Start sending' }).click();
    await page.getByText('Live', { exact: true }).waitFor();

    const res = await baton.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: { authorization: `Bearer ${ws.apiKey}` },
      payload: { email: 'new.user@example.test', name: 'Nia Newton', signed_up_at: new Date().toISOString() },
    });
    expect(res.statusCode).toBe(201);
    await baton.services.engagement.engine.run();

    await page.reload();
    await page.getByTestId('step-0-stats').getByText('Sent 1', { exact: false }).waitFor();
    const sent = await baton.ctx.database.query<{ subject: string }>(`select subject from outbox_emails where "to" = 'new.user@example.test'`);
    expect(sent.rows.map((r) => r.subject)).toEqual(['Welcome, Nia']);
  }, 90_000);
});
