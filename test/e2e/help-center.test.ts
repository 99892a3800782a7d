import fs from 'node:fs';
import { createRequire } from 'node:module';
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleFeedback } from '../../server/knowledge/schema.ts';
import { startBaton, type TestBaton } from '../harness.ts';
import { createWorkspace, type TestWorkspace } from '../factories.ts';
import { hasChromium, launchBrowser, screenshot } from './browser.ts';

/**
 * The public Help Center in a real browser: first with JavaScript off (as a crawler or a strict
 * reader sees it) through search, an article, the language switcher and a "was this helpful?"
 * vote; then axe-core checks the pages (one with video players) for serious accessibility
 * problems, and the browser's own XML parser reads the sitemap.
 */

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: { target: string[] }[];
}

describe.skipIf(!hasChromium)('Help Center in a real browser', () => {
  let baton: TestBaton;
  let ws: TestWorkspace;
  let browser: Browser;
  let noJs: BrowserContext;
  let page: Page;
  let base = '';

  beforeAll(async () => {
    baton = await startBaton({ listen: true });
    ws = await createWorkspace(baton, 'Relay Support');
    await baton.services.knowledge.seedDemo(ws.workspaceId);
    await baton.services.knowledge.articles.create(ws.workspaceId, { translations: { en: { title: 'Keyboard shortcuts', body: 'Press **C** for contacts.' } }, publish: true }, null);
    await baton.services.knowledge.articles.create(
      ws.workspaceId,
      {
        translations: {
          en: {
            title: 'Set up the inbox',
            body: 'Watch the walkthrough:\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n<script>window.pwned = 1</script> [Open](javascript:window.pwned=2) <img src=x onerror="window.pwned=3">',
          },
        },
        video_url: 'https://vimeo.com/76979871',
        publish: true,
      },
      null,
    );
    base = `${baton.url}/help/${(await baton.services.workspaces.settings(ws.workspaceId)).slug}`;
    browser = await launchBrowser();
    noJs = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US' });
    noJs.setDefaultTimeout(15_000);
    page = await noJs.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await baton?.stop();
  });

  it('renders the home page without JavaScript and searches through the plain form', async () => {
    await page.goto(`${base}/en/`);
    await page.getByRole('heading', { name: 'How can we help?' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('link', { name: 'Account and team' }).waitFor();
    await screenshot(page, 'help-center-home', { fullPage: true });
    await page.getByRole('searchbox', { name: 'Search the Help Center' }).fill('pasword');
    await page.getByRole('searchbox', { name: 'Search the Help Center' }).press('Enter');
    await page.waitForURL(/\/en\/search\?q=pasword$/);
    await page.getByRole('status').waitFor();
    await screenshot(page, 'help-center-search', { fullPage: true });
    await page.getByRole('link', { name: 'Reset a forgotten password' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reset a forgotten password' }).waitFor();
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Account and team' }).waitFor();
    await screenshot(page, 'help-center-article', { fullPage: true });
  }, 60_000);

  it('switches language to the article’s own translation, and says so when one is missing', async () => {
    await page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'Русский' }).click();
    await page.getByRole('heading', { level: 1, name: 'Сброс забытого пароля' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru');
    expect(decodeURIComponent(page.url())).toMatch(/\/ru\/articles\/сброс-забытого-пароля$/);

    await page.goto(`${base}/kk/articles/keyboard-shortcuts`);
    await page.getByRole('note').filter({ hasText: 'Бұл мақала әзірге «Қазақша» тілінде жоқ' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Keyboard shortcuts' }).waitFor();
  }, 60_000);

  it('takes a "was this helpful?" vote with a comment through the form alone', async () => {
    await page.goto(`${base}/ru/articles/${encodeURIComponent('сброс-забытого-пароля')}`);
    await page.getByLabel('Расскажите подробнее (необязательно)').fill('Письмо пришло через минуту');
    await page.getByRole('button', { name: 'Да' }).click();
    await page.getByRole('status').filter({ hasText: 'Спасибо за отзыв.' }).waitFor();
    expect(page.url()).toContain('?feedback=thanks');
    const rows = await baton.ctx.db.select().from(articleFeedback).where(eq(articleFeedback.workspaceId, ws.workspaceId));
    expect(rows).toEqual([expect.objectContaining({ helpful: true, locale: 'ru', comment: 'Письмо пришло через минуту' })]);
  }, 60_000);

  it('has no serious or critical axe-core violations on the home, collection, article and search pages', async () => {
    // axe is a script; the pages forbid scripts by CSP, so this one context may bypass it.
    const context = await browser.newContext({ bypassCSP: true });
    // The players' hosts answer with a stand-in page: the test needs no network.
    await context.route(/^https:\/\/(www\.youtube-nocookie\.com|player\.vimeo\.com)\//, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><html lang="en"><title>Player</title><p>Player</p></html>' }),
    );
    const axePage = await context.newPage();
    const home = `${base}/zh-Hans/`;
    await axePage.goto(home);
    const collection = await axePage.getByRole('link', { name: '账户与团队' }).getAttribute('href');
    const pages = [
      home,
      new URL(collection!, baton.url).toString(),
      `${base}/ru/articles/${encodeURIComponent('сброс-забытого-пароля')}`,
      `${base}/kk/articles/keyboard-shortcuts`,
      `${base}/en/articles/set-up-the-inbox`,
      `${base}/en/search?q=invoices`,
      `${base}/en/search?q=flurbo`,
    ];
    for (const url of pages) {
      await axePage.goto(url);
      await axePage.evaluate(axeSource);
      const { violations, passed } = await axePage.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (ctx: Document, options?: { iframes?: boolean }) => Promise<{ violations: AxeViolation[]; passes: unknown[] }> } }).axe;
        // Frames are the video hosts' pages, not ours; the iframe elements themselves are checked.
        const result = await axe.run(document, { iframes: false });
        return { passed: result.passes.length, violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) })) };
      });
      expect(passed, `axe ran no checks on ${url}`).toBeGreaterThan(10);
      expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), url).toEqual([]);
    }
    // The video article: both players are sandboxed frames on the privacy-friendly hosts, and
    // nothing the author wrote ran, even with the page's CSP switched off for axe.
    await axePage.goto(`${base}/en/articles/set-up-the-inbox`);
    const frames = await axePage.locator('iframe').evaluateAll((els) => els.map((e) => ({ src: e.getAttribute('src'), sandbox: e.getAttribute('sandbox'), title: e.getAttribute('title') })));
    expect(frames).toEqual([
      { src: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ', sandbox: 'allow-scripts allow-same-origin allow-presentation allow-popups', title: expect.any(String) },
      { src: 'https://player.vimeo.com/video/76979871?dnt=1', sandbox: 'allow-scripts allow-same-origin allow-presentation allow-popups', title: 'Set up the inbox' },
    ]);
    await axePage.getByTestId('article-video').getByRole('heading', { name: 'Prefer video? Watch it instead' }).waitFor();
    expect(await axePage.locator('script, [onerror], [href^="javascript:"]').count()).toBe(0);
    expect(await axePage.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await screenshot(axePage, 'help-center-article-video', { fullPage: true });
    await context.close();
  }, 90_000);
  it('has a sitemap the browser parses as XML, listing each page with its language alternates', async () => {
    const context = await browser.newContext();
    const p = await context.newPage();
    const text = await (await fetch(`${base}/sitemap.xml`)).text();
    const parsed = await p.evaluate((xml) => {
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      const SM = 'http://www.sitemaps.org/schemas/sitemap/0.9';
      const XHTML = 'http://www.w3.org/1999/xhtml';
      return {
        errors: doc.getElementsByTagName('parsererror').length,
        root: `${doc.documentElement.namespaceURI} ${doc.documentElement.localName}`,
        urls: [...doc.getElementsByTagNameNS(SM, 'url')].map((u) => ({
          loc: u.getElementsByTagNameNS(SM, 'loc')[0]?.textContent ?? '',
          langs: [...u.getElementsByTagNameNS(XHTML, 'link')].map((l) => l.getAttribute('hreflang')),
        })),
      };
    }, text);
    expect(parsed.errors).toBe(0);
    expect(parsed.root).toBe('http://www.sitemaps.org/schemas/sitemap/0.9 urlset');
    const entry = (path: string) => parsed.urls.find((u) => decodeURIComponent(u.loc) === `${base}${path}`);
    expect(entry('/ru/articles/сброс-забытого-пароля')?.langs).toEqual(['en', 'zh-Hans', 'zh-Hant', 'ru', 'kk', 'x-default']);
    expect(entry('/en/articles/set-up-the-inbox')?.langs).toEqual(['en', 'x-default']);
    expect(entry('/kk/articles/keyboard-shortcuts')).toBeUndefined();
    await context.close();
  }, 60_000);
});
