import { execSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaton, type TestBaton } from '../harness.ts';
import { createWorkspace, type TestWorkspace } from '../factories.ts';

/**
 * A product built on Intercom's official npm package switches to Baton by passing `widgetUrl`.
 * The page is bundled from @intercom/messenger-js-sdk itself (esbuild), unchanged, and driven
 * through the package's own functions.
 */

const CHROMIUM = '/usr/bin/chromium';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const hasChromium = fs.existsSync(CHROMIUM);

const ENTRY = `
import Intercom, { boot, shutdown, update, trackEvent, showNewMessage, onUnreadCountChange, onShow, onHide, hide, show, getVisitorId } from '@intercom/messenger-js-sdk';
const cfg = window.__cfg;
window.__unread = [];
window.__shown = 0;
window.__hidden = 0;
Intercom({ app_id: cfg.appId, widgetUrl: cfg.widgetUrl, user_id: 'ic-user-1', email: 'grace@example.test', name: 'Grace Hopper', created_at: 1700000000, plan: 'pro' });
onUnreadCountChange((n) => window.__unread.push(n));
onShow(() => { window.__shown++; });
onHide(() => { window.__hidden++; });
window.sdk = { boot, shutdown, update, trackEvent, showNewMessage, hide, show, getVisitorId };
`;

async function bundle(): Promise<string> {
  const out = await build({
    stdin: { contents: ENTRY, resolveDir: root, loader: 'js' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

interface SdkWindow {
  sdk: {
    boot(s: Record<string, unknown>): void;
    shutdown(): void;
    update(s: Record<string, unknown>): void;
    trackEvent(name: string, meta?: Record<string, unknown>): void;
    showNewMessage(text?: string): void;
    hide(): void;
    show(): void;
    getVisitorId(): string | undefined;
  };
  __unread: number[];
  __shown: number;
  __hidden: number;
}

describe.skipIf(!hasChromium)('Intercom npm package against Baton', () => {
  let baton: TestBaton;
  let ws: TestWorkspace;
  let browser: Browser;
  let page: Page;
  let server: http.Server;

  const api = (url: string, init: RequestInit = {}) =>
    fetch(`${baton.url}${url}`, { ...init, headers: { authorization: `Bearer ${ws.apiKey}`, 'content-type': 'application/json' } });
  const contact = async () => {
    const res = await api('/api/v1/contacts?q=grace@example.test');
    return ((await res.json()) as { data: Array<{ id: string; external_id: string; name: string; attributes: Record<string, unknown>; signed_up_at: string }> }).data[0];
  };
  const widget = () => page.locator('#baton-messenger');

  beforeAll(async () => {
    if (!fs.existsSync(path.join(root, 'dist/widget/widget.js'))) execSync('npm run --silent build', { cwd: root, stdio: 'inherit' });
    baton = await startBaton({ listen: true });
    ws = await createWorkspace(baton, 'Intercom Switchers');
    const script = await bundle();
    server = http.createServer((req, res) => {
      if (req.url === '/app.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        return res.end(script);
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html><head><meta charset="utf-8"><title>SaaS on Intercom</title></head><body><h1>App</h1>
<script>window.__cfg = ${JSON.stringify({ appId: ws.writeKey, widgetUrl: `${baton.url}/widget.js` })};</script>
<script src="/app.js"></script></body></html>`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    const context = await browser.newContext({ locale: 'en-US' });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    await page.goto(`http://localhost:${(server.address() as AddressInfo).port}/`);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => {
      server?.close(resolve);
      server?.closeAllConnections();
    });
    await baton?.stop();
  });

  it('boots from the package’s settings: the user exists with its attributes', async () => {
    await widget().getByTestId('messenger-launcher').waitFor();
    await expect.poll(contact).toMatchObject({ external_id: 'ic-user-1', name: 'Grace Hopper', attributes: { plan: 'pro' } });
    // Intercom's created_at is in seconds.
    expect((await contact())!.signed_up_at).toBe(new Date(1700000000 * 1000).toISOString());
    const visitorId = await page.evaluate(() => (window as unknown as SdkWindow).sdk.getVisitorId());
    expect(visitorId).toMatch(/^[0-9a-f-]{36}$/);
  }, 60_000);

  it('update changes attributes; trackEvent records an event on the user', async () => {
    await page.evaluate(() => (window as unknown as SdkWindow).sdk.update({ plan: 'enterprise', seats: 12 }));
    await expect.poll(async () => (await contact())?.attributes).toMatchObject({ plan: 'enterprise', seats: 12 });
    await page.evaluate(() => (window as unknown as SdkWindow).sdk.trackEvent('export-finished', { rows: 3 }));
    const id = (await contact())!.id;
    await expect
      .poll(async () => ((await (await api(`/api/v1/contacts/${id}/events`)).json()) as { data: Array<{ name: string; properties: unknown }> }).data)
      .toEqual(expect.arrayContaining([expect.objectContaining({ name: 'export-finished', properties: { rows: 3 } })]));
  }, 60_000);

  it('showNewMessage opens a prefilled composer; the sent message reaches the Inbox', async () => {
    await page.evaluate(() => (window as unknown as SdkWindow).sdk.showNewMessage('Can I get an invoice?'));
    const input = widget().getByTestId('messenger-input');
    await expect.poll(() => input.inputValue()).toBe('Can I get an invoice?');
    await input.press('Enter');
    await widget().getByTestId('messenger-message').filter({ hasText: 'Can I get an invoice?' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as SdkWindow).__shown)).toBe(1);
    const list = await api('/api/v1/conversations');
    const conversations = ((await list.json()) as { data: Array<{ id: string; last_message: { body: string } }> }).data;
    expect(conversations.map((c) => c.last_message.body)).toEqual(['Can I get an invoice?']);
  }, 60_000);

  it('onUnreadCountChange hears a reply that arrives while the Messenger is hidden', async () => {
    await page.evaluate(() => (window as unknown as SdkWindow).sdk.hide());
    await expect.poll(() => page.evaluate(() => (window as unknown as SdkWindow).__hidden)).toBe(1);
    const [conversation] = ((await (await api('/api/v1/conversations')).json()) as { data: Array<{ id: string }> }).data;
    const reply = await api(`/api/v1/conversations/${conversation!.id}/messages`, { method: 'POST', body: JSON.stringify({ body: 'Sent to your inbox.' }) });
    expect(reply.status).toBe(201);
    await reply.arrayBuffer();
    await expect.poll(() => page.evaluate(() => (window as unknown as SdkWindow).__unread.at(-1))).toBe(1);
    // Opening it reads it: the count goes back to zero.
    await page.evaluate(() => (window as unknown as SdkWindow).sdk.show());
    await widget().getByTestId('messenger-message').filter({ hasText: 'Sent to your inbox.' }).waitFor();
    await expect.poll(() => page.evaluate(() => (window as unknown as SdkWindow).__unread.at(-1))).toBe(0);
    expect(await page.evaluate(() => (window as unknown as SdkWindow).__unread[0])).toBe(0);
  }, 60_000);

  it('shutdown forgets the user; an anonymous visitor with nobody online is asked for an e-mail', async () => {
    const before = await page.evaluate(() => (window as unknown as SdkWindow).sdk.getVisitorId());
    await page.evaluate(() => (window as unknown as SdkWindow).sdk.shutdown());
    await widget().getByTestId('messenger-launcher').waitFor({ state: 'detached' });
    await page.evaluate((appId) => (window as unknown as SdkWindow).sdk.boot({ app_id: appId }), ws.writeKey);
    await widget().getByTestId('messenger-launcher').click();
    const after = await page.evaluate(() => (window as unknown as SdkWindow).sdk.getVisitorId());
    expect(after).not.toBe(before);
    // A new browser session: none of Grace's conversations.
    expect(await widget().getByTestId('messenger-see-conversations').count()).toBe(0);
    await widget().getByTestId('messenger-team-status').filter({ hasText: 'The team is away' }).waitFor();
    await widget().getByTestId('messenger-new').click();
    await widget().getByTestId('messenger-input').fill('Anyone there?');
    await widget().getByTestId('messenger-input').press('Enter');
    const ask = widget().getByTestId('messenger-email-ask');
    await ask.getByRole('textbox').fill('night.owl@example.test');
    await ask.getByRole('button', { name: 'Save' }).click();
    await widget().getByTestId('messenger-email-saved').filter({ hasText: 'night.owl@example.test' }).waitFor();
    await expect.poll(async () => ((await (await api('/api/v1/contacts?q=night.owl')).json()) as { data: unknown[] }).data.length).toBe(1);
  }, 60_000);
});
