import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaton, type TestBaton } from '../harness.ts';
import { createWorkspace, restClient, type TestWorkspace } from '../factories.ts';
import { ensureDashboardBuilt, ensureWidgetBuilt, hasChromium, launchBrowser, newPage, screenshot, signInToDashboard } from './browser.ts';
import { closeHostPageRun, serveHostPage, type HostServer } from './host-page.ts';

/**
 * Frustration signals on a customer's page, in a real browser: rage clicks on a button that does
 * nothing are a rage click and a dead click, while the same clicks on pagination, a stepper or a
 * working button are nothing; two quick backs across single-page navigation are a quick back;
 * `Baton('trackError', …)` reports an error; what was typed in a field never leaves the page.
 * They show on the contact's timeline and in the Inbox side bar. A workspace that did not opt in
 * sends nothing.
 */

function hostPage(batonUrl: string, writeKey: string, user: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme projects</title>
<style>body { font: 16px/1.5 sans-serif; margin: 40px; } button { margin: 4px; padding: 8px 14px; }</style></head>
<body><h1 id="title">Projects</h1>
<button id="export" style="cursor:pointer">Export to CSV</button>
<button id="save" onclick="document.getElementById('saved').textContent = 'Saved ' + Date.now()">Save</button><span id="saved"></span>
<nav class="pagination" aria-label="Pagination"><button id="next" onclick="document.getElementById('page').textContent = +document.getElementById('page').textContent + 1">Next</button> Page <span id="page">1</span></nav>
<div class="qty"><button id="plus">+</button></div>
<label>Card number <input id="card" type="text"></label>
<button id="to-b" onclick="history.pushState({}, '', '/projects/b')">Project B</button>
<button id="to-c" onclick="history.pushState({}, '', '/projects/c')">Project C</button>
<script>window.batonSettings = ${JSON.stringify({ user_id: user, name: `User ${user}` })};</script>
<script src="${batonUrl}/widget.js" data-app-id="${writeKey}" async></script>
</body></html>`;
}

describe.skipIf(!hasChromium)('frustration signals in a real browser', () => {
  let baton: TestBaton;
  let on: TestWorkspace;
  let off: TestWorkspace;
  let browser: Browser;
  let host: HostServer;

  async function contactOf(ws: TestWorkspace, externalId: string): Promise<string> {
    let id: string | undefined;
    await expect.poll(async () => (id = (await baton.services.contacts.findContactId(ws.workspaceId, { externalId }))?.id)).toBeTruthy();
    return id!;
  }
  const signalsOf = async (ws: TestWorkspace, contactId: string) =>
    (await baton.services.contacts.listContactEvents(ws.workspaceId, contactId, { limit: 100 })).data.filter((e) =>
      ['rage_click', 'dead_click', 'quick_back', 'error_reported'].includes(e.name ?? ''),
    );
  async function openPage(ws: TestWorkspace, user: string): Promise<{ page: Page; sent: string[] }> {
    const page = await newPage(browser);
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/widget/signals') && r.method() === 'POST') sent.push(r.postData() ?? '');
    });
    page.on('pageerror', (e) => console.log('[pageerror]', e.message));
    await page.goto(`${host.origin}/projects/a?ws=${ws.writeKey}&user=${user}`);
    await page.locator('#baton-messenger').getByTestId('messenger-launcher').waitFor();
    return { page, sent };
  }

  beforeAll(async () => {
    ensureWidgetBuilt();
    ensureDashboardBuilt();
    baton = await startBaton({ listen: true });
    on = await createWorkspace(baton, 'Signals On');
    off = await createWorkspace(baton, 'Signals Off');
    const res = await baton.app.inject({ method: 'PATCH', url: '/api/app/signals/settings', headers: on.agentHeaders, payload: { enabled: true, sample_rate: 1 } });
    expect(res.statusCode, res.body).toBe(200);
    host = await serveHostPage((url) => hostPage(baton.url, url.searchParams.get('ws') ?? '', url.searchParams.get('user') ?? 'anon'));
    browser = await launchBrowser();
  }, 180_000);

  afterAll(() => closeHostPageRun(browser, host, baton));

  it('rage clicks on a dead button are signals; on pagination or a stepper they are not, nor is a click on a working button', async () => {
    const { page, sent } = await openPage(on, 'rage-1');
    const contactId = await contactOf(on, 'rage-1');
    // The detector starts once the widget knows signals are on: wait for its first (quick back) state.
    await expect.poll(() => page.evaluate(() => sessionStorage.getItem('baton:quick-backs'))).toBeTruthy();
    await page.evaluate(() => {
      const w = window as unknown as { heard: string[] };
      w.heard = [];
      addEventListener('baton:signal', (e) => w.heard.push((e as CustomEvent<{ kind: string }>).detail.kind));
    });

    for (const id of ['#next', '#plus']) for (let i = 0; i < 4; i++) await page.click(id);
    await page.click('#save');
    await page.fill('#card', '4242 4242 4242 4242');
    for (let i = 0; i < 3; i++) await page.click('#export');

    await expect.poll(async () => (await signalsOf(on, contactId)).map((e) => e.name).sort()).toEqual(['dead_click', 'rage_click']);
    const events = await signalsOf(on, contactId);
    expect(events.find((e) => e.name === 'rage_click')!.properties).toMatchObject({ path: '/projects/a', selector: 'button#export', label: 'Export to CSV' });
    expect(events.find((e) => e.name === 'dead_click')!.properties).toMatchObject({ selector: 'button#export' });
    expect(page.url()).toContain('/projects/a');
    // What a frustration-triggered campaign (and the product) hears on the page.
    expect(await page.evaluate(() => (window as unknown as { heard: string[] }).heard.sort())).toEqual(['dead_click', 'rage_click']);
    // Nothing about the other buttons, and what was typed never left the page.
    expect(sent.join()).not.toMatch(/next|plus|save|4242/i);
    expect(await page.locator('#page').textContent()).toBe('5');
    await page.context().close();
  }, 90_000);

  it('two quick backs through single-page navigation are a quick back; trackError reports an error', async () => {
    const { page } = await openPage(on, 'back-1');
    const contactId = await contactOf(on, 'back-1');
    await expect.poll(() => page.evaluate(() => sessionStorage.getItem('baton:quick-backs'))).toBeTruthy();
    await page.click('#to-b');
    await page.evaluate(() => history.back());
    await page.waitForURL(/\/projects\/a/);
    await page.click('#to-c');
    await page.evaluate(() => history.back());
    await page.waitForURL(/\/projects\/a/);
    await page.evaluate(() => (window as unknown as { Baton: (...a: unknown[]) => void }).Baton('trackError', new RangeError('Export failed'), { export_id: 7 }));

    await expect.poll(async () => (await signalsOf(on, contactId)).map((e) => e.name).sort()).toEqual(['error_reported', 'quick_back']);
    const events = await signalsOf(on, contactId);
    expect(events.find((e) => e.name === 'quick_back')!.properties).toMatchObject({ path: '/projects/a', pages: '/projects/b → /projects/c' });
    expect(events.find((e) => e.name === 'error_reported')!.properties).toMatchObject({ message: 'Export failed', error_name: 'RangeError', properties: { export_id: 7 } });

    // The agent sees them beside the conversation and on the timeline.
    const api = restClient(baton, on);
    const convo = await api<{ id: string }>('POST', '/api/v1/conversations', { contact_id: contactId, body: 'The export does not work' });
    expect(convo.status).toBe(201);
    const dash = await newPage(browser);
    await signInToDashboard(dash, baton, on);
    await dash.goto(`${baton.url}/app/inbox/${convo.body.id}`);
    const card = dash.getByTestId('thread-signals');
    await expect.poll(() => card.getByTestId('thread-signal-count-quick_back').textContent()).toContain('Quick back · 1');
    await expect.poll(() => card.getByTestId('thread-signal-count-error').textContent()).toContain('Reported error · 1');
    expect(await card.textContent()).toContain('Export failed');
    await screenshot(dash, 'signals-inbox');
    await dash.goto(`${baton.url}/app/contacts/${contactId}`);
    await expect.poll(() => dash.getByTestId('timeline').textContent()).toContain('Frustration signal · Quick back');
    await dash.context().close();
    await page.context().close();
  }, 90_000);

  it('a workspace that did not opt in sends nothing', async () => {
    const { page, sent } = await openPage(off, 'off-1');
    const contactId = await contactOf(off, 'off-1');
    for (let i = 0; i < 4; i++) await page.click('#export');
    await page.evaluate(() => (window as unknown as { Baton: (...a: unknown[]) => void }).Baton('trackError', 'Boom'));
    // The widget asked whether signals are on before anything else it does for them.
    await expect.poll(() => page.evaluate(() => performance.getEntriesByType('resource').some((r) => r.name.endsWith('/widget/signals')))).toBe(true);
    await page.click('#save');
    await expect.poll(() => page.locator('#saved').textContent()).toContain('Saved');
    expect(sent).toEqual([]);
    expect(await page.evaluate(() => sessionStorage.getItem('baton:quick-backs'))).toBeNull();
    expect(await signalsOf(off, contactId)).toEqual([]);
    await page.context().close();
  }, 90_000);
});
