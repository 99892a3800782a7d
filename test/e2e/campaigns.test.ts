import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign, CampaignCreate, CampaignStats } from '../../contracts/campaigns.ts';
import type { Contact } from '../../contracts/contacts.ts';
import { controlFlag } from '../../server/campaigns/control.ts';
import { startBaton, type TestBaton } from '../harness.ts';
import { createWorkspace, restClient, type RestClient, type TestWorkspace } from '../factories.ts';
import { ensureWidgetBuilt, hasChromium, launchBrowser, newPage, screenshot } from './browser.ts';
import { closeHostPageRun, serveHostPage, type HostServer } from './host-page.ts';

/**
 * Campaigns on a customer's page in one real browser: a new contact sees the welcome banner
 * (and dismisses it with the keyboard), a contact in the campaign's control group sees nothing,
 * and an in-app message, a modal and a hotspot render in the shadow root — a tooltip whose anchor
 * is missing is skipped and reported, never thrown.
 */

function hostPage(batonUrl: string, writeKey: string, url: URL) {
  const user = url.searchParams.get('user');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme projects</title>
<style>body { font: 16px/1.5 Georgia, serif; margin: 0; } main { padding: 24px 40px; } #new-project { padding: 8px 14px; }</style></head>
<body><main><h1>Your projects</h1><p>Nothing here yet.</p><button id="new-project" data-testid="new-project">New project</button></main>
<script>window.batonSettings = ${JSON.stringify(user ? { user_id: user, name: `User ${user}` } : {})};</script>
<script src="${batonUrl}/widget.js" data-app-id="${writeKey}" async></script>
</body></html>`;
}

describe.skipIf(!hasChromium)('campaigns in a real browser', () => {
  let baton: TestBaton;
  let ws: TestWorkspace;
  let api: RestClient;
  let browser: Browser;
  let host: HostServer;
  let welcome: Campaign;
  const widget = (p: Page) => p.locator('#baton-messenger');

  async function live(body: CampaignCreate): Promise<Campaign> {
    const created = await api<Campaign>('POST', '/api/v1/campaigns', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return (await api<Campaign>('POST', `/api/v1/campaigns/${created.body.id}/start`)).body;
  }

  /** A contact known before it visits, and which arm of the welcome banner's control group it is in. */
  let people = 0;
  async function contactIn(arm: 'control' | 'receivers'): Promise<string> {
    for (let i = 0; i < 60; i++) {
      const externalId = `person-${people++}`;
      const contact = (await api<Contact>('POST', '/api/v1/contacts', { external_id: externalId, signed_up_at: new Date().toISOString() })).body;
      const flag = controlFlag(welcome.id);
      const evaluation = await baton.services.experiments.evaluate(ws.workspaceId, { units: { contact: contact.id }, flags: [flag] });
      if (evaluation.flags[flag]!.variant === arm) return externalId;
    }
    throw new Error(`no contact fell into ${arm}`);
  }

  async function openPage(user: string): Promise<Page> {
    const page = await newPage(browser, { width: 1200, height: 760 });
    page.on('pageerror', (e) => console.log('[pageerror]', e.message));
    const decided = page.waitForResponse((r) => r.url().endsWith('/widget/campaigns/decide'));
    await page.goto(`${host.origin}/projects?user=${user}`);
    await decided;
    return page;
  }

  beforeAll(async () => {
    ensureWidgetBuilt();
    baton = await startBaton({ listen: true });
    ws = await createWorkspace(baton, 'Acme Onboarding');
    api = restClient(baton, ws);
    welcome = await live({
      type: 'banner',
      name: 'Welcome banner',
      trigger: { type: 'page_view', delay_seconds: 0 },
      pages: { include: ['/projects'], exclude: [] },
      goal: { event: 'project_created', within_days: 7 },
      control_pct: 50,
      content: {
        en: { body: 'Welcome to Acme! Create your first project in two minutes.', action: { label: 'Show me how', kind: 'dismiss' }, position: 'top', display: 'inline' },
        ru: { body: 'Добро пожаловать в Acme!' },
      },
    });
    host = await serveHostPage((url) => hostPage(baton.url, ws.writeKey, url));
    browser = await launchBrowser();
  }, 180_000);

  afterAll(() => closeHostPageRun(browser, host, baton));

  it('a new contact sees the welcome banner and dismisses it with the keyboard', async () => {
    const page = await openPage(await contactIn('receivers'));
    const banner = widget(page).locator('.cmp-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Welcome to Acme!');
    // Inline: the page is pushed down, not covered.
    expect(await page.locator('[data-baton-spacer]').evaluate((e) => (e as HTMLElement).offsetHeight)).toBeGreaterThan(20);
    await screenshot(page, 'campaign-banner');
    await banner.getByRole('button', { name: 'Dismiss' }).focus();
    await page.keyboard.press('Enter');
    await banner.waitFor({ state: 'detached' });
    await expect.poll(async () => (await api<CampaignStats>('GET', `/api/v1/campaigns/${welcome.id}/stats`)).body.funnel).toMatchObject({ sent: 1, seen: 1, dismissed: 1 });
    await page.context().close();
  });

  it('a contact in the control group sees nothing, and its exposure is in the lab once', async () => {
    const person = await contactIn('control');
    // This contact's own rows: the arm's total also counts every other contact's, which other
    // pages' decisions may still be recording.
    const exposures = async () =>
      (
        await baton.ctx.database.query<{ variant: string }>(
          `select e.variant from experiment_exposures e join contacts c on c.workspace_id = e.workspace_id and e.unit_id = c.id::text
           where e.workspace_id = $1 and e.experiment_id = $2 and c.external_id = $3`,
          [ws.workspaceId, welcome.experiment_id, person],
        )
      ).rows;
    const page = await openPage(person);
    expect(await widget(page).locator('.cmp').count()).toBe(0);
    await baton.services.campaigns.decisionsSettled();
    expect(await exposures()).toEqual([{ variant: 'control' }]);
    await page.reload();
    await page.waitForResponse((r) => r.url().endsWith('/widget/campaigns/decide'));
    await baton.services.campaigns.decisionsSettled();
    expect(await exposures()).toEqual([{ variant: 'control' }]);
    expect(await widget(page).locator('.cmp').count()).toBe(0);
    await screenshot(page, 'campaign-control-sees-nothing');
    await page.context().close();
  });

  it('renders a chat message, a modal and a hotspot, and skips a tooltip whose anchor is missing', async () => {
    const manual = { type: 'manual' } as const;
    const chat = await live({ type: 'in_app_message', name: 'Chat', trigger: manual, content: { en: { style: 'chat', body: 'Hi! Need a hand with your first project?', action: { label: 'Chat with us', kind: 'open_messenger' } } } });
    const modal = await live({ type: 'in_app_message', name: 'Modal', trigger: manual, content: { en: { style: 'modal', title: 'New: project templates', body: 'Start from a template.\n\nIt takes a minute.', action: { label: 'Browse templates', kind: 'dismiss' } } } });
    const hotspot = await live({ type: 'tooltip', name: 'Hotspot', trigger: manual, content: { en: { style: 'hotspot', selector: '[data-testid="new-project"]', placement: 'bottom', title: 'Start here', body: 'Create a project to invite your team.' } } });
    const missing = await live({ type: 'tooltip', name: 'Missing', trigger: manual, content: { en: { style: 'tooltip', selector: '#not-on-this-page', body: 'Never shown' } } });
    const page = await openPage(await contactIn('control'));
    const run = (id: string) => page.evaluate((campaign) => (window as unknown as { Baton: (...a: unknown[]) => void }).Baton('showCampaign', campaign), id);

    await run(chat.id);
    const bubble = widget(page).locator('.cmp-chat');
    await bubble.waitFor();
    expect(await bubble.textContent()).toContain('Acme Onboarding');
    await screenshot(page, 'campaign-chat-message');
    await bubble.getByRole('button', { name: 'Close' }).click();

    await run(modal.id);
    const dialog = widget(page).getByRole('dialog', { name: 'New: project templates' });
    await dialog.waitFor();
    await screenshot(page, 'campaign-modal');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await run(hotspot.id);
    const dot = widget(page).getByRole('button', { name: 'Show tip' });
    await dot.waitFor();
    await dot.click();
    await widget(page).locator('.cmp-tooltip').waitFor();
    await screenshot(page, 'campaign-hotspot');

    await run(missing.id);
    await expect.poll(async () => (await api<CampaignStats>('GET', `/api/v1/campaigns/${missing.id}/stats`)).body.anchor_missing).toBe(1);
    expect(await widget(page).locator('.cmp-type-tooltip').count()).toBe(1);
    await page.context().close();
  });
});
