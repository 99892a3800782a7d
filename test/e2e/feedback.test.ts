import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackItem } from '../../contracts/feedback.ts';
import type { Message } from '../../contracts/messenger.ts';
import { startBaton, type TestBaton } from '../harness.ts';
import { createWorkspace, restClient, waitForMail, type RestClient, type TestWorkspace } from '../factories.ts';
import { ensureDashboardBuilt, hasChromium, launchBrowser, newPage, screenshot, signInToDashboard } from './browser.ts';

/**
 * Voice of the customer in a real browser: Messenger visitors write in, an agent links their
 * conversations to a feature request from the Inbox (one by suggestion, one by picking it), the
 * item page shows its customers, ARR and trend, and once it ships the team tells every customer
 * in one step — in the Messenger, each in their language, and by e-mail for another item.
 */

interface Visitor {
  contactId: string;
  conversationId: string;
  headers: Record<string, string>;
  email: string;
  locale: string;
}

describe.skipIf(!hasChromium)('feedback items in a real browser', () => {
  let baton: TestBaton;
  let ws: TestWorkspace;
  let api: RestClient;
  let browser: Browser;
  let page: Page;
  const visitors: Visitor[] = [];
  let item: FeedbackItem;

  async function visitor(userId: string, locale: string, companyId: string, body: string): Promise<Visitor> {
    const email = `${userId}@customers.test`;
    const boot = await baton.app.inject({ method: 'POST', url: '/widget/boot', payload: { app_id: ws.writeKey, user_id: userId, email, locale } });
    const token = boot.json<{ visitor_token: string }>().visitor_token;
    const headers = { 'x-baton-app': ws.writeKey, 'x-baton-visitor': token };
    const viewer = await baton.services.inbox.viewer(ws.writeKey, token);
    await api('patch', `/api/v1/contacts/${viewer.contactId}`, { locale, company_ids: [companyId] });
    const started = await baton.services.inbox.start(ws.workspaceId, { kind: 'visitor', viewer }, { contactId: viewer.contactId, body });
    return { contactId: viewer.contactId, conversationId: started.conversation.id, headers, email, locale };
  }

  const messagesOf = async (v: Visitor) =>
    (await baton.app.inject({ url: `/widget/conversations/${v.conversationId}/messages`, headers: v.headers })).json<{ data: Message[] }>().data;

  beforeAll(async () => {
    ensureDashboardBuilt();
    baton = await startBaton({ listen: true });
    ws = await createWorkspace(baton, 'Product feedback');
    api = restClient(baton, ws);
    const companies = [];
    for (const [name, plan, mrr] of [['Acme', 'pro', 250], ['Globex', 'enterprise', 1000.5]] as const) {
      companies.push((await api<{ id: string }>('post', '/api/v1/companies', { name, plan, mrr })).body.id);
    }
    visitors.push(await visitor('anna', 'en', companies[0]!, 'Is there a dark mode? My eyes hurt at night.'));
    visitors.push(await visitor('boris', 'ru', companies[1]!, 'Здравствуйте, можно ли включить тёмную тему?'));
    visitors.push(await visitor('chen', 'en', companies[1]!, 'Please add a night theme'));
    browser = await launchBrowser();
    page = await newPage(browser, { width: 1400, height: 1000 });
    await signInToDashboard(page, baton, ws);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await baton?.stop();
  });

  it('creates an item and links conversations to it from the Inbox, by suggestion and by picking it', async () => {
    await page.goto(`${baton.url}/app/feedback`);
    await page.getByRole('button', { name: 'New feedback item' }).click();
    await page.getByLabel('Title').fill('Dark mode');
    await page.getByLabel('Description').fill('A dark theme for the whole app, for night work');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/app\/feedback\/[0-9a-f-]{36}$/);
    item = (await api<{ data: FeedbackItem[] }>('get', '/api/v1/feedback-items')).body.data[0]!;
    expect(item).toMatchObject({ title: 'Dark mode', kind: 'feature_request', status: 'new' });

    for (const v of [visitors[0]!, visitors[2]!]) {
      await page.goto(`${baton.url}/app/inbox/${v.conversationId}`);
      const suggestion = page.getByTestId('thread-feedback-suggested').filter({ hasText: 'Dark mode' });
      // The Inbox's first load fetches its code and the conversation's side cards; a loaded machine takes a while.
      await suggestion.waitFor({ timeout: 45_000 });
      await suggestion.getByRole('button', { name: 'Link' }).click();
      await page.getByTestId('thread-feedback-linked').filter({ hasText: 'Dark mode' }).waitFor();
    }
    // Boris writes in Russian, which the English item's words do not match: the agent picks it.
    await page.goto(`${baton.url}/app/inbox/${visitors[1]!.conversationId}`);
    const card = page.getByTestId('thread-feedback');
    await card.getByRole('combobox', { name: 'Link to a feedback item…' }).click();
    await page.getByRole('option', { name: 'Dark mode' }).click();
    await card.getByRole('button', { name: 'Link' }).last().click();
    await card.getByTestId('thread-feedback-linked').filter({ hasText: 'Dark mode' }).waitFor();
    await screenshot(page, 'feedback-inbox-card');

    const linked = (await api<{ data: { source: string }[] }>('get', `/api/v1/feedback-items/${item.id}/conversations`)).body.data;
    expect(linked.map((l) => l.source).sort()).toEqual(['agent', 'suggestion', 'suggestion']);
  }, 90_000);

  it('shows the item’s customers, ARR, plan mix and trend, ranked in the list', async () => {
    await page.goto(`${baton.url}/app/feedback`);
    const row = page.getByTestId('feedback-row').filter({ hasText: 'Dark mode' });
    await expect.poll(() => row.locator('td[data-metric="contacts"]').textContent()).toBe('3');
    expect(await row.locator('td[data-metric="arr"]').textContent()).toBe('15,006');
    await row.getByRole('link', { name: 'Dark mode' }).click();
    const numbers = page.getByTestId('feedback-numbers');
    await expect.poll(() => numbers.locator('[data-metric="companies"]').textContent()).toContain('2');
    expect(await numbers.locator('[data-metric="arr"]').textContent()).toContain('15,006');
    await page.getByTestId('chart-feedback-trend').locator('.recharts-bar-rectangle').first().waitFor();
    await expect.poll(() => page.getByTestId('feedback-conversation').count()).toBe(3);
    expect(await page.getByTestId('feedback-plan-mix').getByRole('row', { name: /^enterprise/ }).textContent()).toBe('enterprise112,006');
    await screenshot(page, 'feedback-item', { fullPage: true });
  }, 60_000);

  it('when shipped, tells every affected customer in the Messenger in their language, once', async () => {
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Shipped' }).click();
    const panel = page.getByTestId('notify-panel');
    await panel.waitFor();
    await panel.getByLabel('Message in English').fill('Dark mode is here: Settings → Appearance.');
    await panel.getByRole('tab', { name: 'Russian' }).click();
    await panel.getByLabel('Message in Russian').fill('Тёмная тема готова: Настройки → Оформление.');
    await panel.getByRole('button', { name: 'Notify 3 customers' }).click();
    await page.locator('[data-testid="notify-progress"][data-status="done"][data-sent="3"]').waitFor({ timeout: 60_000 });
    await screenshot(page, 'feedback-notified', { fullPage: true });

    for (const v of visitors) {
      const want = v.locale === 'ru' ? 'Тёмная тема готова: Настройки → Оформление.' : 'Dark mode is here: Settings → Appearance.';
      const written = (await messagesOf(v)).filter((m) => m.author_type !== 'contact');
      expect(written.map((m) => [m.author_type, m.author_name, m.body])).toEqual([['agent', 'Owner', want]]);
    }
    // Nobody is told twice: a second run finds every customer notified.
    const again = await api<{ id: string }>('post', `/api/v1/feedback-items/${item.id}/notifications`, { channel: 'messenger', default_locale: 'en', texts: { en: { body: 'Again' } } });
    expect(again.status).toBe(202);
    await expect
      .poll(async () => (await api<{ data: { id: string; status: string; skipped: number }[] }>('get', `/api/v1/feedback-items/${item.id}/notifications`)).body.data[0], { timeout: 60_000 })
      .toMatchObject({ id: again.body.id, status: 'done', skipped: 3 });
    for (const v of visitors) expect((await messagesOf(v)).filter((m) => m.author_type !== 'contact')).toHaveLength(1);
  }, 120_000);

  it('tells the customers of another shipped item by e-mail', async () => {
    const bug = (await api<FeedbackItem>('post', '/api/v1/feedback-items', { kind: 'bug', title: 'Night theme flickers' })).body;
    for (const v of visitors.slice(1)) await api('post', `/api/v1/feedback-items/${bug.id}/conversations`, { conversation_id: v.conversationId });
    await api('patch', `/api/v1/feedback-items/${bug.id}`, { status: 'shipped' });
    await page.goto(`${baton.url}/app/feedback/${bug.id}`);
    const panel = page.getByTestId('notify-panel');
    await panel.getByText('E-mail', { exact: true }).click();
    await panel.getByLabel('Subject in English').fill('The flicker is fixed');
    await panel.getByLabel('Message in English').fill('The night theme no longer flickers.');
    await panel.getByRole('button', { name: 'Notify 2 customers' }).click();
    await page.locator('[data-testid="notify-progress"][data-status="done"][data-sent="2"]').waitFor({ timeout: 60_000 });
    for (const v of visitors.slice(1)) {
      const mail = await waitForMail(baton, v.email, /no longer flickers/);
      expect(mail.subject).toBe('The flicker is fixed');
    }
  }, 90_000);
});
