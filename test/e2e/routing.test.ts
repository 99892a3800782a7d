import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '../../contracts/messenger.ts';
import { startBaton, type TestBaton } from '../harness.ts';
import { createWorkspace, restClient, type RestClient, type TestWorkspace } from '../factories.ts';
import { ensureDashboardBuilt, hasChromium, launchBrowser, newPage, signInToDashboard } from './browser.ts';

/**
 * Routing in a real browser: an SLA policy and a rule made in settings route the next
 * conversation, the Inbox shows its SLA clock and the support report counts it under its policy.
 */

describe.skipIf(!hasChromium)('dashboard in a real browser: routing and SLA policies', () => {
  let baton: TestBaton;
  let ws: TestWorkspace;
  let api: RestClient;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureDashboardBuilt();
    baton = await startBaton({ listen: true });
    ws = await createWorkspace(baton, 'Routers');
    api = restClient(baton, ws);
    await baton.services.workspaces.teams.create(ws.workspaceId, { name: 'Real-time' });
    browser = await launchBrowser();
    page = await newPage(browser);
    await signInToDashboard(page, baton, ws);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await baton?.stop();
  });

  it('creates a 2-minute policy and a rule for trial customers that routes their next conversation', async () => {
    await page.goto(`${baton.url}/app/settings/routing`);
    await page.getByText('No SLA policies yet.').waitFor();
    await page.getByLabel('Name').first().fill('Real-time: 2 minutes');
    await page.getByLabel('First response within (minutes)').fill('2');
    await page.getByLabel('Next response within (minutes)').fill('10');
    await page.getByRole('button', { name: 'Add policy' }).click();
    await page.getByTestId('sla-table').getByText('Real-time: 2 minutes').waitFor();
    await page.getByTestId('sla-table').getByText('next 10 min').waitFor();

    const rule = page.getByTestId('new-rule');
    await rule.getByLabel('Name').fill('Trials to real-time');
    await rule.getByRole('button', { name: 'Attribute' }).click();
    await rule.getByRole('combobox', { name: 'Field', exact: true }).click();
    await page.getByRole('option', { name: 'E-mail', exact: true }).click();
    await rule.getByRole('combobox', { name: 'Condition', exact: true }).click();
    await page.getByRole('option', { name: 'contains', exact: true }).click();
    await rule.getByRole('textbox', { name: 'Value' }).fill('@trial.test');
    await rule.getByRole('combobox', { name: 'Team' }).click();
    await page.getByRole('option', { name: 'Real-time' }).click();
    await rule.getByRole('combobox', { name: 'SLA policy' }).click();
    await page.getByRole('option', { name: 'Real-time: 2 minutes' }).click();
    await rule.getByRole('button', { name: 'Add rule' }).click();
    await page.getByTestId('routing-table').getByText('Trials to real-time').waitFor();

    const contact = (await api<{ id: string }>('POST', '/api/v1/contacts', { email: 'kim@trial.test' })).body;
    const conv = (await api<Conversation>('POST', '/api/v1/conversations', { contact_id: contact.id, body: 'Help!' })).body;
    await expect.poll(async () => (await api<Conversation>('GET', `/api/v1/conversations/${conv.id}`)).body.team_id).not.toBeNull();

    // The Inbox shows the clock of the policy the conversation was routed under.
    await page.goto(`${baton.url}/app/inbox/${conv.id}`);
    await page.locator('[data-testid="thread-sla"][data-status="due"]').getByText('SLA: reply by', { exact: false }).waitFor();

    // The support report counts it under its policy.
    await page.getByTestId('nav-go.reports').click();
    await page.getByRole('combobox', { name: 'Group by' }).click();
    await page.getByRole('option', { name: 'SLA policy' }).click();
    const row = page.getByTestId('support-report').getByRole('row', { name: /Real-time: 2 minutes/ });
    await row.waitFor();
    expect(await row.locator('td').nth(1).textContent()).toBe('1');
  }, 90_000);
});
