import { and, eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations } from '../../server/inbox/schema.ts';
import { replayChunks } from '../../server/replay/schema.ts';
import { startBaton, type TestBaton } from '../harness.ts';
import { createWorkspace, type TestWorkspace } from '../factories.ts';
import { ensureDashboardBuilt, ensureWidgetBuilt, hasChromium, launchBrowser, newPage, screenshot, signInToDashboard } from './browser.ts';
import { closeHostPageRun, serveHostPage, type HostServer } from './host-page.ts';

/**
 * Session replay in a real browser: on a host page of a workspace with replay on, a contact who
 * consented is recorded while typing into a text and a password field (neither value, nor a
 * blocked element's text, reaches the server), starts a conversation in the Messenger, and the
 * agent's Inbox links the replay of the minutes before it and plays it. Without consent the
 * recorder is never fetched.
 */

const TYPED = 'tallinn-4242-secret';
const PASSWORD = 'hunter2-very-private';
const BLOCKED = 'Balance 991 EUR';

function hostPage(batonUrl: string, writeKey: string, user: string, consent: boolean) {
  const settings = { user_id: user, name: `User ${user}`, ...(consent ? { replay_consent: true } : {}) };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme checkout</title>
<style>body { font: 16px/1.5 sans-serif; margin: 40px; }</style></head>
<body><h1 id="title">Checkout</h1>
<label>City <input id="city" type="text"></label>
<label>Password <input id="pw" type="password"></label>
<p data-baton-mask id="balance">${BLOCKED}</p>
<button id="pay" onclick="document.getElementById('state').textContent = 'Payment failed'">Pay</button><span id="state"></span>
<script>window.batonSettings = ${JSON.stringify(settings)};</script>
<script src="${batonUrl}/widget.js" data-app-id="${writeKey}" async></script>
</body></html>`;
}

describe.skipIf(!hasChromium)('session replay in a real browser', () => {
  let baton: TestBaton;
  let ws: TestWorkspace;
  let browser: Browser;
  let host: HostServer;

  const contactOf = async (externalId: string) => {
    let id: string | undefined;
    await expect.poll(async () => (id = (await baton.services.contacts.findContactId(ws.workspaceId, { externalId }))?.id)).toBeTruthy();
    return id!;
  };
  const chunksOf = (contactId: string) =>
    baton.ctx.db.select().from(replayChunks).where(and(eq(replayChunks.workspaceId, ws.workspaceId), eq(replayChunks.contactId, contactId)));
  const stored = async (contactId: string) => JSON.stringify((await chunksOf(contactId)).map((c) => c.events));

  beforeAll(async () => {
    ensureWidgetBuilt();
    ensureDashboardBuilt();
    baton = await startBaton({ listen: true });
    ws = await createWorkspace(baton, 'Replay On');
    const res = await baton.app.inject({ method: 'PATCH', url: '/api/app/replay/settings', headers: ws.agentHeaders, payload: { enabled: true } });
    expect(res.statusCode, res.body).toBe(200);
    host = await serveHostPage((url) => hostPage(baton.url, url.searchParams.get('ws') ?? '', url.searchParams.get('user') ?? 'anon', url.searchParams.get('consent') === '1'));
    browser = await launchBrowser();
  }, 180_000);

  afterAll(() => closeHostPageRun(browser, host, baton));

  it('records a consenting contact with inputs masked, and the agent replays the minutes before the conversation', async () => {
    const page = await newPage(browser);
    page.on('pageerror', (e) => console.log('[pageerror]', e.message));
    const uploads: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/widget/replay') && r.method() === 'POST') uploads.push(r.postData() ?? '');
    });
    await page.goto(`${host.origin}/checkout?ws=${ws.writeKey}&user=replay-1&consent=1`);
    const contactId = await contactOf('replay-1');
    // The recorder uploads its first batch (the page's snapshot) once it runs.
    await expect.poll(async () => (await chunksOf(contactId)).length).toBeGreaterThan(0);

    await page.fill('#city', TYPED);
    await page.fill('#pw', PASSWORD);
    await page.click('#pay');
    await page.locator('#state').filter({ hasText: 'Payment failed' }).waitFor();
    // rrweb's input events (type 3, source 5) for both fields arrive, carrying only the mask.
    await expect.poll(async () => (await stored(contactId)).match(/"source":5/g)?.length ?? 0).toBeGreaterThanOrEqual(2);

    const widget = page.locator('#baton-messenger');
    await widget.getByTestId('messenger-launcher').click();
    await widget.getByTestId('messenger-new').click();
    await widget.getByTestId('messenger-input').fill('My payment fails at checkout');
    await page.keyboard.press('Enter');
    await widget.getByTestId('messenger-message').filter({ hasText: 'My payment fails' }).waitFor();

    const json = await stored(contactId);
    expect(json).toContain('Checkout');
    expect(json).toContain('***');
    for (const secret of [TYPED, PASSWORD, BLOCKED, 'My payment fails']) {
      expect(json).not.toContain(secret);
      expect(uploads.join('\n')).not.toContain(secret);
    }

    let conversationId: string | undefined;
    await expect.poll(async () => {
      const [c] = await baton.ctx.db.select({ id: conversations.id }).from(conversations).where(and(eq(conversations.workspaceId, ws.workspaceId), eq(conversations.contactId, contactId)));
      return (conversationId = c?.id);
    }).toBeTruthy();

    const dash = await newPage(browser);
    await signInToDashboard(dash, baton, ws);
    await dash.goto(`${baton.url}/app/inbox/${conversationId}`);
    const open = dash.getByTestId('replay-open');
    await expect.poll(() => open.textContent()).toContain('Replay the last 5 minutes before this conversation');
    await open.click();
    const player = dash.getByTestId('replay-player');
    await player.waitFor();
    // rrweb rebuilds the recorded page in its sandboxed iframe.
    const frame = player.locator('iframe').contentFrame();
    await expect.poll(() => frame.locator('#title').textContent()).toBe('Checkout');
    // The blocked element is an empty box of its size.
    expect(await frame.locator('body').textContent()).not.toContain('991');
    const toggle = player.getByTestId('replay-toggle');
    await expect.poll(() => toggle.getAttribute('aria-label')).toBe('Pause');
    await expect.poll(() => player.getByTestId('replay-time').textContent()).toMatch(/^\d+:\d\d \/ \d+:\d\d$/);
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-label')).toBe('Play');
    await screenshot(dash, 'replay-player');
    await dash.context().close();
    await page.context().close();
  }, 120_000);

  it('without consent the recorder is never fetched and nothing is stored', async () => {
    const page = await newPage(browser);
    const fetched: string[] = [];
    page.on('request', (r) => fetched.push(r.url()));
    await page.goto(`${host.origin}/checkout?ws=${ws.writeKey}&user=replay-2`);
    await page.locator('#baton-messenger').getByTestId('messenger-launcher').waitFor();
    const contactId = await contactOf('replay-2');
    await page.fill('#city', TYPED);
    await page.click('#pay');
    await page.locator('#state').filter({ hasText: 'Payment failed' }).waitFor();
    // Boot answered (the launcher is there) without naming the chunk: nothing was fetched or sent.
    expect(fetched.filter((u) => /\/widget\/chunks\/(signals|recorder)-|\/widget\/replay/.test(u))).toEqual([]);
    expect(await chunksOf(contactId)).toEqual([]);
    // Consent given later, by update, starts it on the same page.
    await page.evaluate(() => (window as unknown as { Baton: (...a: unknown[]) => void }).Baton('update', { replay_consent: true }));
    await expect.poll(async () => (await chunksOf(contactId)).length).toBeGreaterThan(0);
    expect(fetched.filter((u) => /\/widget\/chunks\/recorder-/.test(u))).toHaveLength(1);
    await page.context().close();
  }, 90_000);
});
