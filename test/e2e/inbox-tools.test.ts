import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationList } from '../../contracts/inbox-tools.ts';
import type { Conversation } from '../../contracts/messenger.ts';
import { createSession } from '../../server/platform/auth/sessions.ts';
import { newId } from '../../server/platform/ids.ts';
import { agents, memberships } from '../../server/workspaces/schema.ts';
import { startBaton, type TestBaton } from '../harness.ts';
import { createWorkspace, restClient, waitForMail, type RestClient, type TestWorkspace } from '../factories.ts';
import { ensureDashboardBuilt, hasChromium, launchBrowser, newPage, screenshot, signInToDashboard } from './browser.ts';

/**
 * The agent's tools in a real browser: a saved reply made in settings, an internal note with an
 * @mention picked from the autocomplete (the teammate is notified and e-mailed), a tag created
 * from the conversation, the saved reply inserted with `/` and its variables filled, search by
 * a word of the note and by Chinese text, the tag filter, snooze, and the shortcuts overlay.
 */
describe.skipIf(!hasChromium)('dashboard in a real browser: Inbox notes, tags, saved replies, search, snooze', () => {
  let baton: TestBaton;
  let ws: TestWorkspace;
  let api: RestClient;
  let browser: Browser;
  let page: Page;
  let mate: { agentId: string; email: string; headers: Record<string, string> };
  let billing: Conversation;
  let chinese: Conversation;

  beforeAll(async () => {
    ensureDashboardBuilt();
    baton = await startBaton({ listen: true });
    ws = await createWorkspace(baton, 'Desk Co');
    api = restClient(baton, ws);
    const agentId = newId();
    mate = { agentId, email: `maria-${agentId}@example.test`, headers: {} };
    await baton.ctx.db.insert(agents).values({ id: agentId, email: mate.email, name: 'Maria Teammate' });
    await baton.ctx.db.insert(memberships).values({ workspaceId: ws.workspaceId, agentId, role: 'agent' });
    const session = await createSession(baton.ctx.db, { agentId, workspaceId: ws.workspaceId });
    mate.headers = { cookie: `baton_session=${session.token}`, 'x-csrf-token': session.csrfToken };
    const ann = (await api<{ id: string }>('POST', '/api/v1/contacts', { email: 'ann@example.test', name: 'Ann Lee' })).body;
    const li = (await api<{ id: string }>('POST', '/api/v1/contacts', { email: 'li@example.test', name: 'Li Wei' })).body;
    billing = (await api<Conversation>('POST', '/api/v1/conversations', { contact_id: ann.id, body: 'I was charged twice this month' })).body;
    chinese = (await api<Conversation>('POST', '/api/v1/conversations', { contact_id: li.id, body: '我无法重置密码' })).body;
    browser = await launchBrowser();
    page = await newPage(browser);
    await signInToDashboard(page, baton, ws);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await baton?.stop();
  });

  const rows = () => page.getByTestId('inbox-row');

  it('makes a saved reply in settings', async () => {
    await page.goto(`${baton.url}/app/settings/saved-replies`);
    await page.getByText('No saved replies yet.').waitFor();
    await page.getByTestId('saved-reply-new').click();
    await page.getByTestId('saved-reply-name').fill('Greeting');
    await page.getByTestId('saved-reply-body').fill('Hi {{contact.first_name | fallback: "there"}}, {{agent.name}} here. Refund is on its way.');
    await page.getByTestId('saved-reply-save').click();
    await page.getByTestId('saved-reply-row').getByText('Greeting').waitFor();
  }, 60_000);

  it('writes a note with an @mention, tags, inserts the saved reply, searches, filters and snoozes', async () => {
    await page.goto(`${baton.url}/app/inbox/${billing.id}`);
    await page.getByTestId('thread-message').getByText('I was charged twice').waitFor();
    await page.getByTestId('inbox-count-unassigned').getByText('2').waitFor();

    // Internal note with a mention picked from the autocomplete.
    await page.getByTestId('composer-mode').getByText('Note').click();
    const composer = page.getByTestId('thread-reply');
    await composer.pressSequentially('@Mar');
    await page.getByTestId('mention-options').getByText('Maria Teammate').waitFor();
    await composer.press('Enter');
    await composer.pressSequentially('please check the billing log');
    await page.getByTestId('thread-send').click();
    await page.getByTestId('thread-note').getByText('@Maria Teammate please check the billing log').waitFor();
    await expect
      .poll(async () => (await baton.app.inject({ method: 'GET', url: '/api/v1/notifications', headers: mate.headers })).json<NotificationList>().unread, { timeout: 30_000 })
      .toBe(1);
    await waitForMail(baton, mate.email, /billing log/);

    // A tag created from the conversation.
    await page.getByTestId('thread-tag-add').click();
    await page.getByTestId('thread-tag-search').fill('VIP');
    await page.getByRole('option', { name: 'Create tag “VIP”' }).click();
    await page.getByTestId('thread-tag').getByText('VIP').waitFor();

    // The saved reply, through `/`, with the contact's and the agent's names filled in.
    await page.getByTestId('composer-mode').getByText('Reply').click();
    await composer.pressSequentially('/Gre');
    await page.getByTestId('saved-reply-options').getByText('Greeting').waitFor();
    await composer.press('Enter');
    await expect.poll(() => composer.inputValue(), { timeout: 30_000 }).toBe('Hi Ann, Owner here. Refund is on its way.');
    await page.getByTestId('thread-send').click();
    await page.getByTestId('thread-message').getByText('Refund is on its way.').waitFor();
    await screenshot(page, 'inbox-tools-thread');

    // Search by a word of the note, then by Chinese without spaces; then by tag. Each polls the
    // whole list: a count or a first row alone is also met by the list before the change.
    const listed = async () => Promise.all((await rows().all()).map((row) => row.getAttribute('data-conversation')));
    await page.getByTestId('inbox-search').fill('billing');
    await expect.poll(listed, { timeout: 30_000 }).toEqual([billing.id]);
    await page.getByTestId('inbox-search').fill('密码');
    await expect.poll(listed, { timeout: 30_000 }).toEqual([chinese.id]);
    await page.getByTestId('inbox-search').fill('');
    await page.getByTestId('inbox-tag-filter').click();
    await page.getByRole('option', { name: 'VIP' }).click();
    await expect.poll(listed, { timeout: 30_000 }).toEqual([billing.id]);

    // Snooze for an hour: the thread says so and the Snoozed view counts it.
    await page.getByTestId('thread-snooze').click();
    await page.getByTestId('snooze-oneHour').click();
    await page.locator('[data-testid="thread-state"][data-state="snoozed"]').waitFor();
    await page.getByTestId('inbox-count-snoozed').getByText('1').waitFor();
    const snoozed = (await api<Conversation>('GET', `/api/v1/conversations/${billing.id}`)).body;
    expect(snoozed.state).toBe('snoozed');
    expect(Date.parse(snoozed.snoozed_until!) - Date.now()).toBeGreaterThan(55 * 60_000);

    // The shortcuts overlay on `?`, then reopen.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    await page.getByText('Keyboard shortcuts').waitFor();
    await page.getByText('Next / previous conversation').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('thread-reopen').click();
    await page.locator('[data-testid="thread-state"][data-state="open"]').waitFor();
  }, 120_000);
});
