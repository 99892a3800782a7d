import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaton, type TestBaton } from '../harness.ts';
import { createWorkspace, type TestWorkspace } from '../factories.ts';
import { ensureDashboardBuilt, hasChromium, launchBrowser } from './browser.ts';

/**
 * Writing for the Help Center in the dashboard: create an article, see the sanitized preview as
 * it is typed, publish it, find it on the public page, then restore an earlier revision.
 */

describe.skipIf(!hasChromium)('knowledge base editor in a real browser', () => {
  let baton: TestBaton;
  let ws: TestWorkspace;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureDashboardBuilt();
    baton = await startBaton({ listen: true });
    ws = await createWorkspace(baton, 'Editors');
    await baton.services.knowledge.seedDemo(ws.workspaceId);
    browser = await launchBrowser();
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(15_000);
    const [name, value] = ws.agentHeaders.cookie!.split('=');
    await context.addCookies([{ name: name!, value: value!, url: baton.url }]);
    page = await context.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await baton?.stop();
  });

  it('lists the articles with each locale’s status', async () => {
    await page.goto(`${baton.url}/app/knowledge`);
    await page.getByRole('heading', { name: 'Knowledge base' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Export your data' });
    await row.waitFor();
    expect(await row.locator('[data-status="published"]').count()).toBe(5);
  }, 60_000);

  it('creates an article, previews it sanitized as it is typed, and publishes it', async () => {
    // From the command palette, as a keyboard user would.
    await page.keyboard.press('Control+K');
    await page.getByLabel('Type a command').fill('new article');
    await page.getByLabel('Type a command').press('Enter');
    await page.getByLabel('Title').fill('Two-factor sign-in');
    await page.getByRole('button', { name: 'Create and edit' }).click();
    await page.waitForURL(/\/app\/knowledge\/articles\/[0-9a-f-]{36}\?locale=en$/);
    await page.getByTestId('body').fill('> [!TIP]\n> Keep your **recovery codes** safe.\n\n<img src=x onerror="window.__xss=1">');
    await page.getByTestId('preview').locator('blockquote.callout-tip strong').filter({ hasText: 'recovery codes' }).waitFor();
    await page.getByTestId('preview').getByText('<img src=x onerror="window.__xss=1">').waitFor();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

    await page.getByTestId('publish').click();
    await page.locator('[data-testid="editor-status"][data-status="published"]').waitFor();
    const href = await page.getByTestId('public-link').getAttribute('href');
    expect(href).toMatch(/\/help\/editors-[a-z0-9]+\/en\/articles\/two-factor-sign-in$/);
    const pub = await baton.app.inject(new URL(href!).pathname);
    expect(pub.statusCode).toBe(200);
    expect(pub.body).toContain('<strong>recovery codes</strong>');
  }, 60_000);

  it('uploads an image into the article', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8cfc0f01f0005000201a5d0f1e70000000049454e44ae426082', 'hex');
    await page.locator('input[type="file"]').setInputFiles({ name: 'backup-codes.png', mimeType: 'image/png', buffer: png });
    await page.getByTestId('preview').locator('img[alt="backup-codes"]').waitFor();
    const src = await page.getByTestId('preview').locator('img[alt="backup-codes"]').getAttribute('src');
    expect(src).toMatch(/^\/help\/files\/[A-Za-z0-9_-]{32}\.png$/);
    expect(await page.getByTestId('body').inputValue()).toContain(`![backup-codes](${src})`);
    const file = await page.request.get(`${baton.url}${src}`);
    expect(file.headers()['content-type']).toBe('image/png');
  }, 60_000);

  it('keeps edits as unpublished changes until published, and restores an earlier revision', async () => {
    await page.getByLabel('Title').fill('Two-factor authentication');
    await page.getByTestId('save-draft').click();
    await page.locator('[data-testid="editor-status"][data-status="changed"]').waitFor();
    await page.getByRole('button', { name: 'History' }).click();
    const revisions = page.getByTestId('revisions');
    await revisions.getByText('Two-factor authentication').waitFor();
    await revisions.getByRole('button', { name: 'Restore' }).first().click();
    await page.locator('[data-testid="editor-status"][data-status="published"]').waitFor();
    // The form takes the restored text after the status shows it: poll rather than read once.
    await expect.poll(() => page.getByLabel('Title').inputValue()).toBe('Two-factor sign-in');
  }, 60_000);

  it('writes a translation in another locale', async () => {
    await page.getByTestId('locale-switch').getByText('ru · Not written').click();
    // The form loads the new locale's (empty) text a render after the click: typing before
    // that lands in the English form and is then cleared, leaving Publish disabled.
    await expect.poll(() => page.getByLabel('Title').inputValue()).toBe('');
    await page.getByLabel('Title').fill('Двухфакторный вход');
    await expect.poll(() => page.getByTestId('publish').isEnabled()).toBe(true);
    await page.getByTestId('body').fill('Храните **коды восстановления** в надёжном месте.');
    await page.getByTestId('publish').click();
    await page.locator('[data-testid="editor-status"][data-status="published"]').waitFor();
    const hits = await baton.services.knowledge.search.search(ws.workspaceId, 'коды восстановления', { locale: 'ru' });
    expect(hits[0]?.title).toBe('Двухфакторный вход');
  }, 60_000);

  it('searches as readers do, and shows searches without an answer in the analytics', async () => {
    await page.goto(`${baton.url}/app/knowledge`);
    await page.getByTestId('article-search').fill('invo');
    await page.getByTestId('search-results').getByRole('link', { name: 'Download invoices and update billing details' }).waitFor();
    const slug = (await baton.services.workspaces.settings(ws.workspaceId)).slug;
    await baton.app.inject(`/help/${slug}/ru/search?q=${encodeURIComponent('возврат денег')}`);
    await page.getByRole('link', { name: 'Analytics' }).click();
    await page.getByTestId('search-gaps').getByRole('row').filter({ hasText: 'возврат денег' }).waitFor();
    await page.getByTestId('article-stats').getByRole('link', { name: 'Two-factor sign-in' }).waitFor();
    await page.getByRole('img', { name: /, 1 without results and \d+ answered only in another language/ }).waitFor();
  }, 60_000);

  it('themes the Help Center from its settings', async () => {
    await page.goto(`${baton.url}/app/knowledge/settings`);
    await page.getByLabel('Help Center name').fill('Editors Help');
    await page.getByRole('button', { name: 'Add link' }).click();
    await page.getByRole('textbox', { name: 'Link text' }).fill('Status page');
    await page.getByRole('textbox', { name: 'Link URL' }).fill('https://status.example.com');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved. The Help Center shows the changes now.').waitFor();
    const slug = (await baton.services.workspaces.settings(ws.workspaceId)).slug;
    const home = (await baton.app.inject(`/help/${slug}/en/`)).body;
    expect(home).toContain('<span>Editors Help</span>');
    expect(home).toContain('<a href="https://status.example.com" rel="noopener">Status page</a>');
  }, 60_000);
});
