import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaton, type TestBaton } from '../harness.ts';
import { createWorkspace, restClient, type RestClient, type TestWorkspace } from '../factories.ts';
import { ensureDashboardBuilt, hasChromium, signedInBrowser } from './browser.ts';

/**
 * The settings pages that list things and create them from a form above the list: API keys,
 * tags, custom attributes and teams: each creates one, lists it, and deletes (or revokes) it;
 * the tag form also shows a server-side field error under the field that caused it.
 */
describe.skipIf(!hasChromium)('settings lists in a real browser: API keys, tags, attributes, teams', () => {
  let baton: TestBaton;
  let ws: TestWorkspace;
  let api: RestClient;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureDashboardBuilt();
    baton = await startBaton({ listen: true });
    ws = await createWorkspace(baton, 'Settings Co');
    api = restClient(baton, ws);
    ({ browser, page } = await signedInBrowser(baton, ws));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await baton?.stop();
  });

  it('creates an API key, shows it once, and revokes it', async () => {
    await page.goto(`${baton.url}/app/settings/api-keys`);
    // Not an empty list: the workspace already has the key the test harness calls the API with.
    await page.getByRole('button', { name: 'Create key' }).waitFor();
    await page.getByLabel(/^Name/).fill('CRM sync');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByText('Key “CRM sync” created').waitFor();
    const key = await page.getByTestId('new-api-key').inputValue();
    expect(key).toMatch(/^bk_/);
    expect(await page.getByLabel(/^Name/).inputValue()).toBe('');
    const row = page.getByRole('row').filter({ hasText: 'CRM sync' });
    await row.getByText('Never').waitFor();
    await row.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await row.getByText('Revoked').waitFor();
    const revoked = await fetch(`${baton.url}/api/v1/contacts`, { headers: { authorization: `Bearer ${key}` } });
    expect(revoked.status).toBe(401);
  }, 60_000);

  it('creates a tag with its colour, names a taken name under the field, and deletes the tag', async () => {
    await page.goto(`${baton.url}/app/settings/tags`);
    await page.getByText('No tags yet.').waitFor();
    await page.getByRole('textbox', { name: 'Name' }).fill('Billing');
    await page.getByRole('combobox', { name: 'Color' }).click();
    await page.getByRole('option', { name: 'Teal' }).click();
    await page.getByRole('button', { name: 'Create tag' }).click();
    await page.getByRole('row').filter({ hasText: 'Billing' }).getByText('Conversations: 0').waitFor();
    expect((await api<{ data: { name: string; color: string }[] }>('GET', '/api/v1/tags')).body.data).toEqual([expect.objectContaining({ name: 'Billing', color: 'teal' })]);

    await page.getByRole('textbox', { name: 'Name' }).fill('Billing');
    await page.getByRole('button', { name: 'Create tag' }).click();
    await page.getByText('already used by another tag').waitFor();

    await page.getByRole('row').filter({ hasText: 'Billing' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No tags yet.').waitFor();
  }, 60_000);

  it('adds a contact attribute with the key suggested from its label, lists it under its target only, and deletes it', async () => {
    await page.goto(`${baton.url}/app/settings/attributes`);
    await page.getByText('No custom attributes yet.').waitFor();
    await page.getByRole('textbox', { name: 'Label' }).fill('Seats bought');
    expect(await page.getByRole('textbox', { name: 'Key' }).inputValue()).toBe('seats_bought');
    await page.getByRole('combobox', { name: 'Type' }).click();
    await page.getByRole('option', { name: 'Number' }).click();
    await page.getByRole('button', { name: 'Add attribute' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Seats bought' });
    await row.getByText('seats_bought').waitFor();
    await row.getByText('Number').waitFor();
    expect(await page.getByRole('textbox', { name: 'Label' }).inputValue()).toBe('');

    await page.locator('.mantine-SegmentedControl-root').getByText('Companies').click();
    await page.getByText('No custom attributes yet.').waitFor();
    await page.locator('.mantine-SegmentedControl-root').getByText('Contacts').click();
    await row.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No custom attributes yet.').waitFor();
  }, 60_000);

  it('creates a team and deletes it', async () => {
    await page.goto(`${baton.url}/app/settings/teams`);
    await page.getByText('No teams yet.').waitFor();
    await page.getByRole('textbox', { name: 'Team name' }).fill('Tier 2');
    await page.getByRole('button', { name: 'Create team' }).click();
    await page.getByTestId('team-capacity-Tier 2').waitFor();
    expect(await page.getByRole('textbox', { name: 'Team name' }).inputValue()).toBe('');
    await expect.poll(async () => (await baton.services.workspaces.teams.list(ws.workspaceId)).map((t) => t.name)).toEqual(['Tier 2']);
    await page.getByRole('row').filter({ hasText: 'Tier 2' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No teams yet.').waitFor();
  }, 60_000);
});
