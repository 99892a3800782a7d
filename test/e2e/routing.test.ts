import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupportReport } from '../../contracts/insights.ts';
import type { Conversation } from '../../contracts/messenger.ts';
import { startBaton, type TestBaton } from '../harness.ts';
import { createWorkspace, restClient, type RestClient, type TestWorkspace } from '../factories.ts';
import { ensureDashboardBuilt, hasChromium, launchBrowser, newPage, signInToDashboard } from './browser.ts';

/**
 * Routing in a real browser: an SLA policy and a rule made in settings route the next
 * conversation, the Inbox shows its SLA clock and the support report counts it under its policy;
 * a rule made in settings for one channel marks that channel's next conversation priority and tags it,
 * and a server error about a field shows on that field; a rule is edited in every part and deleted.
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

    // The support report counts it under its policy once the facts job has run (it settles for
    // a few seconds after the last change): the page reads the report once, so wait for that first.
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    await expect
      .poll(async () => {
        const report = await api<SupportReport>('GET', `/api/v1/reports/support?from=${from}&to=${to}&group_by=sla_policy`);
        return report.body.rows.find((r) => r.label === 'Real-time: 2 minutes')?.current.conversations;
      }, { timeout: 60_000 })
      .toBe(1);
    await page.getByTestId('nav-go.reports').click();
    await page.getByRole('combobox', { name: 'Group by' }).click();
    await page.getByRole('option', { name: 'SLA policy' }).click();
    const row = page.getByTestId('support-report').getByRole('row', { name: /Real-time: 2 minutes/ });
    await row.waitFor();
    expect(await row.locator('td').nth(1).textContent()).toBe('1');
  }, 90_000);
  it('creates a rule for the API channel that marks its next conversation priority and tags it', async () => {
    const vip = (await api<{ id: string }>('POST', '/api/v1/tags', { name: 'VIP' })).body;
    const doomed = (await api<{ id: string }>('POST', '/api/v1/tags', { name: 'Doomed' })).body;
    await page.goto(`${baton.url}/app/settings/routing`);
    const rule = page.getByTestId('new-rule');
    await rule.getByLabel('Name').waitFor();

    // A tag deleted while the form is open is refused by the server, and the form says so on the tag field.
    await rule.getByLabel('Name').fill('Doomed rule');
    await rule.getByRole('combobox', { name: 'Add tags' }).click();
    await page.getByRole('option', { name: 'Doomed', exact: true }).click();
    expect((await api('DELETE', `/api/v1/tags/${doomed.id}`)).status).toBe(204);
    await rule.getByRole('button', { name: 'Add rule' }).click();
    await expect.poll(async () => rule.getByRole('combobox', { name: 'Add tags' }).getAttribute('aria-invalid')).toBe('true');
    await rule.getByText('no such tag').waitFor();
    await page.reload();
    await rule.getByLabel('Name').waitFor();

    await rule.getByLabel('Name').fill('API customers first');
    await rule.getByRole('combobox', { name: 'Only on channels' }).click();
    await page.getByRole('option', { name: 'API', exact: true }).click();
    await page.keyboard.press('Escape');
    await rule.getByRole('combobox', { name: 'Add tags' }).click();
    await page.getByRole('option', { name: 'VIP', exact: true }).click();
    await page.keyboard.press('Escape');
    await rule.getByRole('switch', { name: 'Mark as priority' }).check();
    await rule.getByRole('button', { name: 'Add rule' }).click();
    const row = page.getByTestId('routing-table').getByRole('row', { name: /API customers first/ });
    await row.waitFor();
    await row.getByText('only on API').waitFor();
    await row.getByText('priority', { exact: true }).waitFor();
    await row.getByText('VIP', { exact: true }).waitFor();
    expect(await page.getByTestId('routing-table').getByText('Doomed rule').count()).toBe(0);

    const contact = (await api<{ id: string }>('POST', '/api/v1/contacts', { email: 'lee@customer.test' })).body;
    const conv = (await api<Conversation>('POST', '/api/v1/conversations', { contact_id: contact.id, body: 'Hello from the API' })).body;
    expect(conv.channel).toBe('api');
    await expect
      .poll(async () => {
        const c = (await api<Conversation>('GET', `/api/v1/conversations/${conv.id}`)).body;
        return { priority: c.priority, tag_ids: c.tag_ids };
      })
      .toEqual({ priority: true, tag_ids: [vip.id] });
  }, 90_000);

  it('edits every part of a rule and deletes it', async () => {
    const gold = (await api<{ id: string }>('POST', '/api/v1/tags', { name: 'Gold' })).body;
    const vip = (await api<{ data: { id: string; name: string }[] }>('GET', '/api/v1/tags')).body.data.find((t) => t.name === 'VIP')!;
    await page.goto(`${baton.url}/app/settings/routing`);
    const table = page.getByTestId('routing-table');
    const row = table.getByRole('row', { name: /API customers first/ });
    await row.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByTestId('edit-rule');
    // The form opens with the rule as it is.
    await expect.poll(() => form.getByLabel('Name').inputValue()).toBe('API customers first');
    expect(await form.getByRole('switch', { name: 'Mark as priority' }).isChecked()).toBe(true);
    await form.getByText('VIP', { exact: true }).waitFor();

    await form.getByLabel('Name').fill('Gold e-mail customers');
    await form.getByRole('button', { name: 'Attribute' }).click();
    await form.getByRole('combobox', { name: 'Field', exact: true }).click();
    await page.getByRole('option', { name: 'E-mail', exact: true }).click();
    await form.getByRole('combobox', { name: 'Condition', exact: true }).click();
    await page.getByRole('option', { name: 'contains', exact: true }).click();
    await form.getByRole('textbox', { name: 'Value' }).fill('@gold.test');
    // A multi-select that already holds values hides its own input under the pills: the click
    // lands on the field around it, which is what opens the list for a person too.
    await form.getByRole('combobox', { name: 'Only on channels' }).click({ force: true });
    await page.getByRole('option', { name: 'E-mail', exact: true }).click();
    await page.keyboard.press('Escape');
    await form.getByRole('combobox', { name: 'Add tags' }).click({ force: true });
    await page.getByRole('option', { name: 'Gold', exact: true }).click();
    await page.keyboard.press('Escape');
    await form.getByRole('switch', { name: 'Mark as priority' }).uncheck();
    await form.getByRole('combobox', { name: 'Team' }).click();
    await page.getByRole('option', { name: 'Real-time' }).click();
    await form.getByRole('combobox', { name: 'SLA policy' }).click();
    await page.getByRole('option', { name: 'Real-time: 2 minutes' }).click();
    await form.getByRole('button', { name: 'Save' }).click();

    const edited = table.getByRole('row', { name: /Gold e-mail customers/ });
    await edited.waitFor();
    await expect.poll(() => form.count()).toBe(0);
    await edited.getByText('only on E-mail, API', { exact: true }).waitFor();
    await edited.getByText('Gold', { exact: true }).waitFor();
    expect(await edited.getByText('priority', { exact: true }).count()).toBe(0);
    const teams = await baton.services.workspaces.teams.list(ws.workspaceId);
    const policies = (await api<{ data: { id: string; name: string }[] }>('GET', '/api/v1/sla-policies')).body.data;
    const rules = (await api<{ data: Record<string, unknown>[] }>('GET', '/api/v1/routing-rules')).body.data;
    expect(rules.find((r) => r.name === 'Gold e-mail customers')).toMatchObject({
      channels: ['email', 'api'],
      priority: false,
      tag_ids: [vip.id, gold.id],
      team_id: teams.find((t) => t.name === 'Real-time')!.id,
      sla_policy_id: policies.find((p) => p.name === 'Real-time: 2 minutes')!.id,
      rule: { conditions: [{ type: 'field', field: 'email', op: 'contains', value: '@gold.test' }] },
    });
    expect(rules.some((r) => r.name === 'API customers first')).toBe(false);

    await edited.getByRole('button', { name: 'Delete' }).click();
    // The confirmation is a popover: aim inside it, or a click that lands before it opens
    // toggles the row's own button instead.
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(() => table.getByText('Gold e-mail customers').count()).toBe(0);
    const after = (await api<{ data: { name: string }[] }>('GET', '/api/v1/routing-rules')).body.data;
    expect(after.map((r) => r.name)).not.toContain('Gold e-mail customers');
  }, 90_000);
});
