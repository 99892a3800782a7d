import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaton, type TestBaton } from '../harness.ts';
import { createWorkspace, type TestWorkspace } from '../factories.ts';
import { ensureDashboardBuilt, hasChromium, launchBrowser, newPage, signInToDashboard } from './browser.ts';

/**
 * Segments in a real browser: build a rule from an attribute and an event, watch the live count
 * follow each change, save it, and open its members in the contacts list.
 */

describe.skipIf(!hasChromium)('dashboard in a real browser: segments and contact profiles', () => {
  let baton: TestBaton;
  let ws: TestWorkspace;
  let browser: Browser;
  let page: Page;

  const rest = async (url: string, payload: object) => {
    const res = await baton.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${ws.apiKey}` }, payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as { id: string };
  };

  beforeAll(async () => {
    ensureDashboardBuilt();
    baton = await startBaton({ listen: true });
    ws = await createWorkspace(baton, 'Segmented');
    const ann = await rest('/api/v1/contacts', { email: 'ann@acme.test', name: 'Ann Acme' });
    await rest('/api/v1/contacts', { email: 'bob@acme.test', name: 'Bob Acme' });
    await rest('/api/v1/contacts', { email: 'cai@globex.test', name: 'Cai Globex' });
    await rest('/api/v1/events', { contact_id: ann.id, name: 'project_created' });
    browser = await launchBrowser();
    page = await newPage(browser);
    await signInToDashboard(page, baton, ws);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await baton?.stop();
  });

  const count = () => page.getByTestId('segment-preview');
  const choose = async (label: string, option: string) => {
    await page.getByRole('combobox', { name: label, exact: true }).click();
    await page.getByRole('option', { name: option, exact: true }).click();
  };

  it('builds a rule with a live count, saves it and lists its members', async () => {
    await page.getByTestId('nav-go.segments').click();
    await page.getByText('No segments yet.', { exact: false }).waitFor();
    await page.getByRole('link', { name: 'New segment' }).click();
    await page.getByLabel(/^Name/).fill('Acme builders');
    await count().getByText('Matches 3 people now').waitFor();

    await page.getByRole('button', { name: 'Attribute' }).click();
    await choose('Field', 'E-mail');
    await choose('Condition', 'contains');
    await page.getByRole('textbox', { name: 'Value' }).fill('@acme');
    await count().getByText('Matches 2 people now').waitFor();

    await page.getByRole('button', { name: 'Event', exact: true }).click();
    await page.getByRole('combobox', { name: 'Event name' }).fill('project_created');
    await count().getByText('Matches 1 people now').waitFor();

    await page.getByRole('button', { name: 'Save segment' }).click();
    await page.waitForURL(/\/app\/segments\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Acme builders' }).waitFor();

    await page.getByRole('link', { name: 'View members' }).click();
    await page.waitForURL(/\/app\/contacts\?segment=/);
    await page.getByRole('link', { name: 'Ann Acme' }).waitFor();
    await page.getByTestId('contacts-count').getByText('1 of 1 shown').waitFor();

    await page.getByTestId('nav-go.segments').click();
    const row = page.getByTestId('segments-table').getByRole('row', { name: /Acme builders/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('People');
  }, 90_000);

  it('shows a contact’s segments and edits its details and attributes, naming a taken e-mail', async () => {
    await page.goto(`${baton.url}/app/contacts?q=ann`);
    await page.getByRole('link', { name: 'Ann Acme' }).click();
    await page.getByTestId('member-of').getByRole('link', { name: 'Acme builders' }).waitFor();

    await page.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit contact' });
    await dialog.getByLabel('E-mail').fill('bob@acme.test');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('another contact already has this value').waitFor();

    await dialog.getByLabel('E-mail').fill('ann@acme.test');
    await dialog.getByLabel('Name').fill('Ann Builder');
    await dialog.getByRole('button', { name: 'Add attribute' }).click();
    await dialog.getByRole('textbox', { name: 'Attribute' }).fill('plan');
    await dialog.getByRole('textbox', { name: 'Value' }).fill('pro');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('contact-title').filter({ hasText: 'Ann Builder' }).waitFor();
    await page.getByTestId('contact-attributes').filter({ hasText: 'pro' }).waitFor();
  }, 60_000);
});
