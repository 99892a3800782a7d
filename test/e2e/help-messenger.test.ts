import { and, eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experimentExposures } from '../../server/experiments/schema.ts';
import { startBaton, type TestBaton } from '../harness.ts';
import { createWorkspace, restClient, type RestClient, type TestWorkspace } from '../factories.ts';
import { ensureDashboardBuilt, ensureWidgetBuilt, hasChromium, launchBrowser, newPage, screenshot, signInToDashboard } from './browser.ts';
import { closeHostPageRun, serveHostPage, type HostServer } from './host-page.ts';

/**
 * In-product help on a customer's page, in one real browser: a `data-baton-article` help link
 * opens its article inside the Messenger, the help space searches, a question being typed gets
 * suggestions and reading one without sending is a deflection, the page's suggested articles
 * follow single-page navigation, and the help-links holdout shows or hides help links per arm
 * with each unit exposed once.
 */

interface Article {
  id: string;
  slug: string;
  title: string;
}

/** The customer's product: help links in its markup, its own CSS for them, an SPA route change. */
function hostPage(batonUrl: string, writeKey: string, url: URL, articles: { password: Article; invoices: Article }) {
  const user = url.searchParams.get('user');
  const company = url.searchParams.get('company');
  const settings = user ? { user_id: user, name: `User ${user}`, ...(company ? { company: { company_id: company, name: `Company ${company}` } } : {}) } : {};
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme billing</title>
<style>
  body { font: 16px/1.5 Georgia, serif; margin: 40px; }
  /* The product restyles Baton's help links through their custom properties. */
  .baton-help-link { --baton-help-link-color: rgb(200, 60, 0); }
  [data-baton-article]:not(.baton-help-link) { visibility: hidden; }
</style></head>
<body><h1>Billing settings</h1>
<p>Your plan renews monthly. <a href="/docs/invoices" id="help-invoices" data-baton-article="${articles.invoices.slug}">Where are my invoices?</a></p>
<p>Locked out? <span id="help-password" data-baton-article="${articles.password.id}"></span></p>
<button id="spa-go" onclick="history.pushState({}, '', '/projects/7/overview')">Go to the project</button>
<script>window.batonSettings = ${JSON.stringify(settings)};</script>
<script src="${batonUrl}/widget.js" data-app-id="${writeKey}" async></script>
</body></html>`;
}

describe.skipIf(!hasChromium)('in-product help in a real browser', () => {
  let baton: TestBaton;
  let ws: TestWorkspace;
  let api: RestClient;
  let browser: Browser;
  let host: HostServer;
  const articles = {} as { password: Article; invoices: Article };

  const widget = (p: Page) => p.locator('#baton-messenger');

  async function contactOf(externalId: string): Promise<string> {
    let id: string | undefined;
    await expect.poll(async () => (id = (await baton.services.contacts.findContactId(ws.workspaceId, { externalId }))?.id)).toBeTruthy();
    return id!;
  }
  async function eventsOf(contactId: string) {
    const page = await baton.services.contacts.listContactEvents(ws.workspaceId, contactId, { limit: 100 });
    return (page.data as { name: string; properties?: Record<string, unknown> }[]).filter((e) => e.name.startsWith('article_') || e.name.startsWith('help_'));
  }
  async function openPage(query: string): Promise<Page> {
    const page = await newPage(browser, { width: 1200, height: 820 });
    page.on('pageerror', (e) => console.log('[pageerror]', e.message));
    await page.goto(`${host.origin}/settings/billing?${query}`);
    await widget(page).getByTestId('messenger-launcher').waitFor();
    return page;
  }

  beforeAll(async () => {
    ensureWidgetBuilt();
    ensureDashboardBuilt();
    baton = await startBaton({ listen: true });
    ws = await createWorkspace(baton, 'Acme Help');
    api = restClient(baton, ws);
    await baton.services.knowledge.seedDemo(ws.workspaceId);
    const find = async (q: string) => {
      const r = await api<{ data: { article_id: string; title: string; url: string }[] }>('GET', `/api/v1/articles/search?q=${encodeURIComponent(q)}&locale=en`);
      const hit = r.body.data[0]!;
      return { id: hit.article_id, title: hit.title, slug: decodeURIComponent(hit.url.split('/').pop()!) };
    };
    articles.password = await find('reset forgotten password');
    articles.invoices = await find('download invoices');
    const rules = await baton.app.inject({
      method: 'PUT',
      url: '/api/app/knowledge/page-suggestions',
      headers: ws.agentHeaders,
      payload: { data: [{ pattern: '/settings/billing', article_ids: [articles.invoices.id, articles.password.id] }] },
    });
    expect(rules.statusCode, rules.body).toBe(200);
    host = await serveHostPage((url) => hostPage(baton.url, ws.writeKey, url, articles));
    browser = await launchBrowser();
  }, 180_000);

  afterAll(() => closeHostPageRun(browser, host, baton));

  it('an admin maps a product page to suggested articles in the Help Center settings', async () => {
    const page = await newPage(browser);
    await signInToDashboard(page, baton, ws);
    await page.goto(`${baton.url}/app/knowledge/settings`);
    const card = page.getByTestId('page-suggestions');
    // The rule made in beforeAll is shown; add one for the project pages.
    await card.getByRole('textbox', { name: 'Page path pattern' }).first().waitFor();
    expect(await card.getByRole('textbox', { name: 'Page path pattern' }).first().inputValue()).toBe('/settings/billing');
    await card.getByRole('button', { name: 'Add a page' }).click();
    await card.getByRole('textbox', { name: 'Page path pattern' }).nth(1).fill('projects/*');
    await card.getByPlaceholder('Articles to suggest').last().click();
    await page.getByRole('option', { name: articles.password.title }).click();
    await card.getByRole('button', { name: 'Apply page suggestions' }).click();
    // A pattern that is not a path is refused and named.
    await card.getByText('must be a path starting with "/"').waitFor();
    await card.getByRole('textbox', { name: 'Page path pattern' }).nth(1).fill('/projects/*');
    await card.getByRole('button', { name: 'Apply page suggestions' }).click();
    await card.getByText('Saved.').waitFor();
    const saved = await baton.app.inject({ method: 'GET', url: '/api/app/knowledge/page-suggestions', headers: ws.agentHeaders });
    expect(saved.json().data).toEqual([
      { pattern: '/settings/billing', article_ids: [articles.invoices.id, articles.password.id] },
      { pattern: '/projects/*', article_ids: [articles.password.id] },
    ]);
    await screenshot(page, 'help-dashboard-page-suggestions', { fullPage: true });
    await page.context().close();
  }, 90_000);

  it('a data-baton-article help link opens its article in the Messenger; both are recorded on the contact', async () => {
    const page = await openPage('user=reader-1');
    const link = page.locator('#help-invoices');
    await page.locator('#help-invoices.baton-help-link[data-baton-help="on"]').waitFor();
    // Icon added, the product's text kept, its custom property applied; an empty element gets a label.
    expect(await link.locator('svg.baton-help-link__icon').count()).toBe(1);
    expect(await link.textContent()).toBe('Where are my invoices?');
    expect(await link.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(200, 60, 0)');
    await expect.poll(() => page.locator('#help-password').textContent()).toBe('Learn more');
    expect(await page.locator('#help-password').getAttribute('role')).toBe('button');
    await screenshot(page, 'help-host-page-links');

    await link.click();
    const article = widget(page).getByTestId('help-article');
    await article.waitFor();
    expect(page.url()).toBe(`${host.origin}/settings/billing?user=reader-1`);
    expect(await article.getAttribute('data-article-id')).toBe(articles.invoices.id);
    await widget(page).getByRole('heading', { name: articles.invoices.title }).waitFor();
    const full = await widget(page).getByTestId('help-full-article').getAttribute('href');
    expect(full).toContain(`/en/articles/${articles.invoices.slug}`);
    await screenshot(page, 'help-messenger-article');

    // The keyboard works on the <span> link too, and Baton('showArticle') opens an article by id.
    await page.evaluate(() => (window as unknown as { Baton(...a: unknown[]): void }).Baton('hide'));
    await widget(page).getByTestId('messenger-panel').waitFor({ state: 'detached' });
    // Closing hands the focus back to the launcher in an effect after the panel is gone: a focus
    // moved before that is taken back, and Enter would press the launcher.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('baton-messenger');
    await page.locator('#help-password').focus();
    await page.keyboard.press('Enter');
    await widget(page).getByRole('heading', { name: articles.password.title }).waitFor();
    await page.evaluate((id) => (window as unknown as { Intercom(...a: unknown[]): void }).Intercom('showArticle', id), articles.invoices.id);
    await widget(page).getByRole('heading', { name: articles.invoices.title }).waitFor();

    const contact = await contactOf('reader-1');
    await expect
      .poll(async () => (await eventsOf(contact)).map((e) => `${e.name}:${String(e.properties?.source)}`).sort())
      .toEqual(
        ['article_viewed:api', 'article_viewed:help_link', 'article_viewed:help_link', 'help_link_clicked:help_link', 'help_link_clicked:help_link', 'help_link_shown:help_link', 'help_link_shown:help_link'].sort(),
      );
    // Each link was shown once, named by its article's id whether the page used the id or the slug.
    const shown = (await eventsOf(contact)).filter((e) => e.name === 'help_link_shown').map((e) => e.properties?.article_id);
    expect(shown.sort()).toEqual([articles.invoices.id, articles.password.id].sort());
    await page.context().close();
  }, 90_000);

  it('the help space searches, opens a result, goes back; the home suggests articles for the page and follows SPA navigation', async () => {
    const page = await openPage('user=reader-2');
    await widget(page).getByTestId('messenger-launcher').click();
    const suggested = widget(page).getByTestId('help-page-suggestions');
    await suggested.waitFor();
    expect(await suggested.getByTestId('help-article-link').evaluateAll((els) => els.map((e) => e.getAttribute('data-article-id')))).toEqual([
      articles.invoices.id,
      articles.password.id,
    ]);
    await widget(page).getByTestId('messenger-close').click();
    await page.locator('#spa-go').click();
    await widget(page).getByTestId('messenger-launcher').click();
    await widget(page).locator('[data-testid="help-open"][data-loaded="true"]').waitFor();
    expect(await suggested.count()).toBe(0);
    // The browser's back button: a popstate event, not a pushState.
    await page.evaluate(() => new Promise((resolve) => {
      addEventListener('popstate', resolve, { once: true });
      history.back();
    }));
    await suggested.waitFor();

    await widget(page).getByTestId('help-open').click();
    await widget(page).getByTestId('help-collection').first().waitFor();
    await widget(page).getByTestId('help-search').fill('pasword');
    const result = widget(page).getByTestId('help-article-link').first();
    await result.filter({ hasText: articles.password.title }).waitFor();
    await screenshot(page, 'help-messenger-search');
    await result.click();
    await widget(page).getByRole('heading', { name: articles.password.title }).waitFor();
    await widget(page).getByRole('button', { name: 'Back' }).click();
    await widget(page).getByTestId('help-search').waitFor();
    expect(await widget(page).getByTestId('help-search').inputValue()).toBe('pasword');
    await widget(page).getByTestId('help-search').fill('zzqx nothing like it');
    await widget(page).getByTestId('help-no-results').waitFor();

    const contact = await contactOf('reader-2');
    await expect.poll(async () => (await eventsOf(contact)).filter((e) => e.name === 'article_suggested').length).toBe(2);
    const logged = await baton.ctx.db.execute(`select normalized_query, source from search_log where workspace_id = '${ws.workspaceId}' and source = 'messenger'`);
    expect((logged as unknown as { rows: { normalized_query: string }[] }).rows.map((r) => r.normalized_query)).toContain('pasword');
    await page.context().close();
  }, 90_000);

  it('a question being typed gets article suggestions; reading one and not sending it is a deflection', async () => {
    const page = await openPage('user=reader-3');
    await widget(page).getByTestId('messenger-launcher').click();
    await widget(page).getByTestId('messenger-new').click();
    await widget(page).getByTestId('messenger-input').fill('where can I download my invoices');
    const suggestions = widget(page).getByTestId('help-question-suggestions');
    await suggestions.getByText(articles.invoices.title).waitFor();
    await suggestions.getByText(articles.invoices.title).click();
    await widget(page).getByRole('heading', { name: articles.invoices.title }).waitFor();
    await widget(page).getByTestId('messenger-close').click();

    const contact = await contactOf('reader-3');
    await expect.poll(async () => (await eventsOf(contact)).map((e) => e.name)).toContain('help_deflection');
    const events = await eventsOf(contact);
    expect(events.find((e) => e.name === 'help_deflection')!.properties).toMatchObject({ article_id: articles.invoices.id, source: 'typing', query: 'where can I download my invoices' });
    expect(events.find((e) => e.name === 'article_suggested' && e.properties?.article_id === articles.invoices.id)!.properties).toMatchObject({ source: 'typing' });

    // Reading a suggestion and then sending the question anyway is no deflection.
    // The Messenger reopens on the article; back leads to the question, still unsent.
    await widget(page).getByTestId('messenger-launcher').click();
    await widget(page).getByRole('button', { name: 'Back' }).click();
    expect(await widget(page).getByTestId('messenger-input').inputValue()).toBe('where can I download my invoices');
    await widget(page).getByTestId('messenger-input').fill('invoices are missing for March');
    await suggestions.getByText(articles.invoices.title).click();
    await widget(page).getByRole('heading', { name: articles.invoices.title }).waitFor();
    await widget(page).getByRole('button', { name: 'Back' }).click();
    await widget(page).getByTestId('messenger-send').click();
    await widget(page).getByTestId('messenger-message').first().waitFor();
    await widget(page).getByTestId('messenger-close').click();
    await expect.poll(async () => (await eventsOf(contact)).filter((e) => e.name === 'article_viewed').length).toBe(2);
    expect((await eventsOf(contact)).filter((e) => e.name === 'help_deflection')).toHaveLength(1);
    await page.context().close();
  }, 90_000);

  it('help-links holdout: each arm sees help links or not, getFlag agrees, exposure recorded once per company', async () => {
    const created = await api<{ id: string }>('POST', '/api/v1/experiments', {
      key: 'help-links-holdout',
      name: 'Help links holdout',
      flag_key: 'help.links',
      unit: 'company',
      variants: [{ key: 'control', weight: 1, value: true }, { key: 'holdout', weight: 1, value: false }],
      registration: {
        hypotheses: [{ text: 'Help links raise conversion to paid', metric: 'conversion', direction: 'increase' }],
        metrics: [{ key: 'conversion', label: 'Converted to paid', kind: 'conversion', event: 'subscription_started' }],
        primary_metric: 'conversion',
        mode: 'fixed',
        planned_units_per_arm: 1000,
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await api('POST', `/api/v1/experiments/${created.body.id}/start`)).status).toBe(200);

    const arms = new Map<string, string>();
    for (let i = 0; arms.size < 2 || [...arms.values()].every((v) => v === [...arms.values()][0]); i++) {
      expect(i).toBeLessThan(40);
      const page = await openPage(`user=member-${i}&company=co-${i}`);
      // The unit is Baton's company (the contact's), as the server and REST evaluations see it.
      const member = await baton.services.contacts.getContact(ws.workspaceId, await contactOf(`member-${i}`));
      const company = member.companies[0]!.id;
      await expect.poll(() => page.evaluate(() => (window as unknown as { Baton(...a: unknown[]): unknown }).Baton('getFlag', 'help.links'))).not.toBeUndefined();
      const flag = await page.evaluate(() => (window as unknown as { Baton(...a: unknown[]): unknown }).Baton('getFlag', 'help.links'));
      const [exposure] = await baton.ctx.db
        .select()
        .from(experimentExposures)
        .where(and(eq(experimentExposures.workspaceId, ws.workspaceId), eq(experimentExposures.experimentId, created.body.id), eq(experimentExposures.unitId, company)));
      expect(exposure, company).toBeDefined();
      arms.set(company, exposure!.variant);
      expect(flag).toBe(exposure!.variant === 'control');
      const link = page.locator('#help-invoices');
      await page.locator(`#help-invoices[data-baton-help="${flag ? 'on' : 'off'}"]`).waitFor({ state: 'attached' });
      expect(await link.isVisible()).toBe(flag);
      await widget(page).getByTestId('messenger-launcher').click();
      // Once the help home is loaded, the page's suggestions show only in the arm with help links.
      await widget(page).locator('[data-testid="help-open"][data-loaded="true"]').waitFor();
      expect(await widget(page).getByTestId('help-page-suggestions').count()).toBe(flag ? 1 : 0);
      // onFlags hands the page the same values, for the product's own flags too.
      const seen = await page.evaluate(
        () => new Promise((resolve) => (window as unknown as { Baton(...a: unknown[]): unknown }).Baton('onFlags', (f: Record<string, unknown>) => resolve(f['help.links']))),
      );
      expect(seen).toBe(flag);
      // Only the arm that sees help links is recorded as shown them.
      const contact = await contactOf(`member-${i}`);
      if (flag) await expect.poll(async () => (await eventsOf(contact)).filter((e) => e.name === 'help_link_shown').length).toBe(2);
      else expect((await eventsOf(contact)).filter((e) => e.name === 'help_link_shown')).toEqual([]);
      if (!flag) await screenshot(page, 'help-host-page-holdout');
      await page.context().close();
    }
    // A second member of a company already seen, and a reload: same arm, no new exposure.
    const variant = [...arms.values()][0]!;
    const again = await openPage('user=member-again&company=co-0');
    await again.locator(`#help-invoices[data-baton-help="${variant === 'control' ? 'on' : 'off'}"]`).waitFor({ state: 'attached' });
    await again.reload();
    await again.locator(`#help-invoices[data-baton-help="${variant === 'control' ? 'on' : 'off'}"]`).waitFor({ state: 'attached' });
    await again.context().close();
    const view = await api<{ variants: { key: string; exposures: number }[] }>('GET', `/api/v1/experiments/${created.body.id}`);
    const counts = Object.fromEntries(view.body.variants.map((v) => [v.key, v.exposures]));
    expect(counts).toEqual({
      control: [...arms.values()].filter((v) => v === 'control').length,
      holdout: [...arms.values()].filter((v) => v === 'holdout').length,
    });
  }, 240_000);
});
