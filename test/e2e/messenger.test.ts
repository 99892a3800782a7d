import { execSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaton, type TestBaton } from '../harness.ts';
import { createWorkspace, type TestWorkspace } from '../factories.ts';
import { hasChromium, launchBrowser, screenshot } from './browser.ts';

/**
 * The Messenger on a customer's page and the Inbox, in one real browser: a visitor writes from
 * a page on another origin, the agent sees it live in the dashboard and answers, the visitor
 * gets the answer live with an unread badge, a reload keeps the history, and a screenshot
 * reaches the agent.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The customer's page: another origin, hostile CSS that must not reach into the widget. */
function hostPage(batonUrl: string, writeKey: string, dir: 'ltr' | 'rtl' = 'ltr') {
  return `<!doctype html><html lang="en" dir="${dir}"><head><meta charset="utf-8"><title>Acme app</title>
<style>
  * { color: rgb(255, 0, 0) !important; font-family: serif !important; }
  button { background: rgb(0, 128, 0) !important; }
  .launcher { position: static; width: 10px; }
</style></head>
<body><h1>Acme dashboard</h1><div class="launcher" id="page-launcher">page element</div>
<script src="${batonUrl}/widget.js" data-app-id="${writeKey}" async></script>
</body></html>`;
}

async function serve(html: () => string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    // "localhost" rather than 127.0.0.1: a different origin from Baton's.
    url: `http://localhost:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe.skipIf(!hasChromium)('Messenger and Inbox in a real browser', () => {
  let baton: TestBaton;
  let ws: TestWorkspace;
  let browser: Browser;
  let visitorContext: BrowserContext;
  let visitor: Page;
  let agent: Page;
  let host: { url: string; close(): Promise<void> };

  const widget = (p: Page) => p.locator('#baton-messenger');

  beforeAll(async () => {
    if (!fs.existsSync(path.join(root, 'dist/dashboard/index.html')) || !fs.existsSync(path.join(root, 'dist/widget/widget.js'))) {
      execSync('npm run --silent build', { cwd: root, stdio: 'inherit' });
    }
    baton = await startBaton({ listen: true });
    ws = await createWorkspace(baton, 'Acme Support');
    host = await serve(() => hostPage(baton.url, ws.writeKey));
    browser = await launchBrowser();
    visitorContext = await browser.newContext({ locale: 'en-US', viewport: { width: 1200, height: 800 } });
    visitorContext.setDefaultTimeout(15_000);
    visitor = await visitorContext.newPage();
    visitor.on('pageerror', (e) => console.log('[pageerror]', e.message));
    const agentContext = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 900 } });
    agentContext.setDefaultTimeout(15_000);
    agent = await agentContext.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await baton?.stop();
  });

  it('serves widget.js with a JavaScript type and revalidates by ETag', async () => {
    const res = await fetch(`${baton.url}/widget.js`);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    // Read to the end: an unread body keeps the connection busy and Baton's shutdown waiting.
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    expect(res.headers.get('cache-control')).toContain('max-age=');
    const again = await fetch(`${baton.url}/widget.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('the agent signs in and opens the Inbox, live', async () => {
    await agent.goto(`${baton.url}/app/sign-in`);
    await agent.getByLabel(/^E-mail/).fill(ws.owner.email);
    await agent.getByLabel(/^Password/).fill(ws.owner.password);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.waitForURL(/\/app\/contacts/);
    await agent.getByTestId('nav-go.inbox').filter({ visible: true }).click();
    await agent.waitForURL(/\/app\/inbox/);
    await agent.locator('[data-testid="inbox-status"][data-status="live"]').waitFor();
    await agent.getByText('No conversations here.').waitFor();
  }, 60_000);

  it('the visitor opens the Messenger on the host page, isolated from its CSS, and sends a message', async () => {
    await visitor.goto(host.url);
    const launcher = widget(visitor).getByTestId('messenger-launcher');
    await launcher.waitFor();
    // The page's `button { background: green !important }` and `* { color: red }` stop at the shadow root…
    expect(await launcher.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(59, 76, 202)');
    // …and the widget's `.launcher` rule never reaches the page's own element of that class.
    expect(await visitor.locator('#page-launcher').evaluate((el) => getComputedStyle(el).position)).toBe('static');

    // Keyboard: the launcher opens the panel, focus moves in, Escape closes it and focus returns.
    await launcher.focus();
    await visitor.keyboard.press('Enter');
    await widget(visitor).getByTestId('messenger-panel').waitFor();
    await widget(visitor).getByTestId('messenger-team-status').filter({ hasText: 'The team is online' }).waitFor();
    await visitor.keyboard.press('Escape');
    await widget(visitor).getByTestId('messenger-panel').waitFor({ state: 'detached' });
    await expect.poll(() => launcher.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);

    await launcher.click();
    // No accessibility violations in the open Messenger (axe-core reaches into the shadow root).
    await widget(visitor).getByTestId('messenger-new').waitFor();
    // Colours are measured once the panel's entrance animation has ended.
    await widget(visitor).getByTestId('messenger-panel').evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
    await visitor.addScriptTag({ path: path.join(root, 'node_modules/axe-core/axe.min.js') });
    const violations = await visitor.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(ctx: unknown): Promise<{ violations: Array<{ id: string; nodes: unknown[] }> }> } }).axe;
      const result = await axe.run({ include: [['#baton-messenger']] });
      return result.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes)}`);
    });
    expect(violations).toEqual([]);
    await screenshot(visitor, 'messenger-home');
    await widget(visitor).getByTestId('messenger-new').click();
    await widget(visitor).getByTestId('messenger-input').fill('Hello, my export is **stuck** <script>alert(1)</script>');
    await visitor.keyboard.press('Enter');
    await widget(visitor).getByTestId('messenger-message').filter({ hasText: 'my export is stuck' }).waitFor();
    expect(await widget(visitor).getByTestId('messenger-pending').count()).toBe(0);
    // Markdown rendered, HTML shown as text, never run.
    expect(await widget(visitor).locator('[data-testid="messenger-message"] strong').textContent()).toBe('stuck');
    expect(await widget(visitor).locator('[data-testid="messenger-message"] script').count()).toBe(0);
    await screenshot(visitor, 'messenger-widget');
  }, 60_000);

  it('the agent sees it live, replies; the visitor gets the reply live with an unread badge', async () => {
    const row = agent.getByTestId('inbox-row').filter({ hasText: 'my export is' });
    await row.waitFor();
    // The visitor typing shows in the open thread.
    await row.click();
    await agent.getByTestId('thread-message').filter({ hasText: 'my export is stuck' }).waitFor();
    await agent.getByTestId('thread-contact-link').waitFor();
    await widget(visitor).getByTestId('messenger-input').fill('more');
    await agent.getByTestId('thread-typing').waitFor();
    await widget(visitor).getByTestId('messenger-input').fill('');

    // The visitor closes the Messenger; the reply then waits as unread.
    await widget(visitor).getByTestId('messenger-close').click();
    await agent.getByTestId('thread-assign-me').click();
    await agent.getByTestId('thread-reply').fill('Sorry about that — **fixed** now.');
    await agent.getByTestId('thread-send').click();
    await agent.getByTestId('thread-message').filter({ hasText: 'fixed now' }).waitFor();
    await screenshot(agent, 'messenger-inbox');

    await widget(visitor).getByTestId('messenger-unread').filter({ hasText: '1' }).waitFor();
    // It reopens where the visitor left it: the chat, where the reply now is.
    await widget(visitor).getByTestId('messenger-launcher').click();
    await widget(visitor).getByTestId('messenger-message').filter({ hasText: 'fixed now' }).waitFor();
    await widget(visitor).getByTestId('messenger-unread').waitFor({ state: 'detached' });
    // The agent's thread shows the read receipt.
    await agent.getByTestId('thread-seen').waitFor();
  }, 60_000);

  it('a reload keeps the history', async () => {
    await visitor.reload();
    await widget(visitor).getByTestId('messenger-launcher').click();
    await widget(visitor).getByTestId('messenger-see-conversations').click();
    await widget(visitor).getByTestId('messenger-conversation').first().click();
    await widget(visitor).getByTestId('messenger-message').filter({ hasText: 'fixed now' }).waitFor();
    expect(await widget(visitor).getByTestId('messenger-message').count()).toBe(2);
    await screenshot(visitor, 'messenger-chat');
  }, 60_000);

  it('the visitor sends a screenshot; the agent sees it in the thread', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    await widget(visitor).getByTestId('messenger-file').setInputFiles({ name: 'screen.png', mimeType: 'image/png', buffer: png });
    await widget(visitor).locator('[data-testid="messenger-attachment"] img[alt="screen.png"]').waitFor();
    await agent.locator('[data-testid="thread-attachment"] img[alt="screen.png"]').waitFor();
  }, 60_000);

  it('closing in the Inbox moves the conversation to Closed and asks the visitor to rate it', async () => {
    await agent.getByTestId('thread-close').click();
    await agent.getByTestId('thread-state').filter({ hasText: 'Closed' }).waitFor();
    await agent.getByTestId('inbox-views').getByText('Closed').click();
    await agent.getByTestId('inbox-row').filter({ hasText: 'screen.png' }).waitFor();
    // The visitor, still in the chat, is asked to rate it; the agent sees the rating.
    const csat = widget(visitor).getByTestId('messenger-csat');
    await csat.getByRole('button', { name: '4 out of 5' }).click();
    await csat.getByRole('textbox').fill('Quick fix');
    await csat.getByRole('button', { name: 'Send rating' }).click();
    await widget(visitor).getByTestId('messenger-csat-thanks').waitFor();
    await agent.reload();
    await agent.getByTestId('thread-csat').filter({ hasText: 'Rated 4/5' }).waitFor();
  }, 60_000);

  it('fills a phone screen, and sits on the left of a right-to-left page, in the browser’s language', async () => {
    const phone = await browser.newContext({ locale: 'ru-RU', viewport: { width: 375, height: 700 }, isMobile: true });
    const p = await phone.newPage();
    await p.goto(host.url);
    await widget(p).getByTestId('messenger-launcher').click();
    const panel = widget(p).getByTestId('messenger-panel');
    await panel.waitFor();
    const box = (await panel.boundingBox())!;
    expect(box.width).toBeGreaterThan(360);
    await widget(p).getByText('Написать нам').waitFor();
    await phone.close();

    const rtlHost = await serve(() => hostPage(baton.url, ws.writeKey, 'rtl'));
    const rtl = await browser.newContext({ locale: 'kk-KZ', viewport: { width: 1200, height: 800 } });
    const r = await rtl.newPage();
    await r.goto(rtlHost.url);
    const launcher = widget(r).getByTestId('messenger-launcher');
    await launcher.waitFor();
    expect((await launcher.boundingBox())!.x).toBeLessThan(100);
    expect(await launcher.getAttribute('aria-label')).toBe('Чатты ашу');
    await rtl.close();
    await rtlHost.close();
  }, 60_000);
});
