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
    const acme = (await api<{ id: string }>('POST', '/api/v1/companies', { name: 'Acme Ltd', plan: 'scale', mrr: 250 })).body;
    const ann = (await api<{ id: string }>('POST', '/api/v1/contacts', { email: 'ann@example.test', name: 'Ann Lee', company_ids: [acme.id] })).body;
    await baton.services.contacts.trackEvent(ws.workspaceId, { contact_id: ann.id, name: 'invoice_downloaded', properties: {} });
    const earlier = (await api<Conversation>('POST', '/api/v1/conversations', { contact_id: ann.id, body: 'Old question about exports' })).body;
    await api('PATCH', `/api/v1/conversations/${earlier.id}`, { state: 'closed' });
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
    // The customer sidebar: company with plan and ARR, recent events, the earlier conversation.
    await page.getByTestId('thread-company').filter({ hasText: 'Acme Ltd' }).filter({ hasText: 'scale' }).filter({ hasText: '3,000' }).waitFor();
    await page.getByTestId('sidebar-event').filter({ hasText: 'invoice_downloaded' }).waitFor();
    await page.getByTestId('sidebar-conversation').filter({ hasText: 'Old question about exports' }).waitFor();

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

    // Mark it priority: the list flags it, the API says so.
    await page.getByTestId('thread-priority').click();
    await page.locator('[data-testid="thread-priority"][aria-pressed="true"]').waitFor();
    await page.locator(`[data-testid="inbox-row"][data-conversation="${billing.id}"] [data-testid="inbox-row-priority"]`).waitFor();
    expect((await api<Conversation>('GET', `/api/v1/conversations/${billing.id}`)).body.priority).toBe(true);

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

    // Keyboard only: `a` takes it, `e` closes it and `e` again reopens it.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('a');
    await expect.poll(async () => (await api<Conversation>('GET', `/api/v1/conversations/${billing.id}`)).body.assignee_id).toBe(ws.owner.agentId);
    await page.keyboard.press('e');
    await page.locator('[data-testid="thread-state"][data-state="closed"]').waitFor();
    await page.keyboard.press('e');
    await page.locator('[data-testid="thread-state"][data-state="open"]').waitFor();
    expect((await api<Conversation>('GET', `/api/v1/conversations/${billing.id}`)).body.state).toBe('open');
  }, 120_000);

  it('sets conversation limits in the team settings', async () => {
    const team = await baton.services.workspaces.teams.create(ws.workspaceId, { name: 'Support', agentIds: [ws.owner.agentId, mate.agentId] });
    await page.goto(`${baton.url}/app/settings/teams`);
    const teamLimit = page.getByTestId('team-capacity-Support');
    await teamLimit.waitFor();
    expect(await teamLimit.getAttribute('placeholder')).toBe('Default: 10');
    await teamLimit.fill('3');
    await teamLimit.press('Enter');
    await expect.poll(async () => (await baton.services.workspaces.teams.list(ws.workspaceId)).find((t) => t.id === team.id)?.agentCapacity).toBe(3);

    await page.goto(`${baton.url}/app/settings/team`);
    const mine = page.getByTestId(`member-capacity-${mate.email}`);
    await mine.waitFor();
    await mine.fill('5');
    await mine.blur();
    await expect.poll(async () => Object.fromEntries(await baton.services.workspaces.teams.capacities(ws.workspaceId, team.id))).toEqual({
      [ws.owner.agentId]: 3, [mate.agentId]: 5,
    });
    // After a reload the field shows what was stored.
    await page.reload();
    await expect.poll(() => page.getByTestId(`member-capacity-${mate.email}`).inputValue()).toBe('5');
  }, 60_000);

  it('notifies on the desktop while the Inbox is in the background, and goes away after five idle minutes', async () => {
    // A context whose page is never focused, with a Notification that records what it is asked to show.
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 } });
    context.setDefaultTimeout(15_000);
    await context.addInitScript(() => {
      const shown: { title: string; body: string }[] = [];
      (window as unknown as { shown: typeof shown }).shown = shown;
      class Recorded {
        static permission = 'default';
        static requestPermission = async () => (Recorded.permission = 'granted');
        onclick: (() => void) | null = null;
        constructor(title: string, options?: { body?: string }) {
          shown.push({ title, body: options?.body ?? '' });
        }
        close() {}
      }
      Object.defineProperty(window, 'Notification', { value: Recorded });
      document.hasFocus = () => false;
    });
    const desk = await context.newPage();
    await desk.clock.install();
    try {
      await signInToDashboard(desk, baton, ws);
      await desk.goto(`${baton.url}/app/inbox`);
      // Permission is asked only on the button, never on load.
      await desk.getByTestId('desktop-notify').click();
      await desk.getByTestId('desktop-notify-on').waitFor();
      await desk.locator('[data-testid="my-presence"] input[value="online"]:checked').waitFor({ state: 'attached' });
      await desk.locator('[data-testid="inbox-status"][data-status="live"]').waitFor();

      // A conversation assigned to me, then the customer writes in it: both reach the desktop.
      const contact = (await api<{ id: string }>('POST', '/api/v1/contacts', { email: 'desk@example.test', name: 'Desk Customer' })).body;
      const conv = (await api<Conversation>('POST', '/api/v1/conversations', { contact_id: contact.id, body: 'First question' })).body;
      await api('PATCH', `/api/v1/conversations/${conv.id}`, { assignee_id: ws.owner.agentId });
      const shown = () => desk.evaluate(() => (window as unknown as { shown: { body: string }[] }).shown.map((n) => n.body));
      await expect.poll(async () => (await shown()).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
      const viewer = { workspaceId: ws.workspaceId, visitorId: crypto.randomUUID(), contactId: contact.id, verified: true, canChat: true };
      await baton.services.inbox.send(ws.workspaceId, { kind: 'visitor', viewer }, conv.id, { body: 'Are you there?' });
      await expect.poll(shown, { timeout: 30_000 }).toContain('Are you there?');

      // Five minutes without input: away, for the server too (the Messenger stops counting this agent).
      const statusOf = async () =>
        (await baton.services.inboxTools.presence.list(ws.workspaceId)).data.find((p) => p.agent_id === ws.owner.agentId)?.status;
      await desk.clock.fastForward('05:01');
      await desk.locator('[data-testid="my-presence"] input[value="away"]:checked').waitFor({ state: 'attached' });
      await expect.poll(statusOf).toBe('away');
      // Any input brings an automatic away back online.
      await desk.mouse.move(300, 300);
      await desk.mouse.move(320, 340);
      await desk.locator('[data-testid="my-presence"] input[value="online"]:checked').waitFor({ state: 'attached' });
      await expect.poll(statusOf).toBe('online');
    } finally {
      await context.close();
    }
  }, 120_000);
});
