import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../server/inbox/service.ts';
import { startBaton, type TestBaton } from '../harness.ts';
import { createWorkspace, type TestWorkspace } from '../factories.ts';
import { ensureDashboardBuilt, hasChromium, launchBrowser, newPage, screenshot, signInToDashboard } from './browser.ts';

/**
 * The content team's loop in a real browser: an agent turns a reply in the Inbox into a draft
 * article (pre-filled, in the conversation's language, linked back), and the analytics screen
 * shows conversations started after reading, questions no article answers and its charts, with
 * every table downloadable as CSV.
 */

describe.skipIf(!hasChromium)('knowledge from the Inbox and content analytics in a real browser', () => {
  let baton: TestBaton;
  let ws: TestWorkspace;
  let browser: Browser;
  let page: Page;
  let conversationId: string;

  async function visitor(userId: string): Promise<{ viewer: Viewer; headers: Record<string, string> }> {
    const res = await baton.app.inject({ method: 'POST', url: '/widget/boot', payload: { app_id: ws.writeKey, user_id: userId } });
    const token = res.json<{ visitor_token: string }>().visitor_token;
    return { viewer: await baton.services.inbox.viewer(ws.writeKey, token), headers: { 'x-baton-app': ws.writeKey, 'x-baton-visitor': token } };
  }

  beforeAll(async () => {
    ensureDashboardBuilt();
    baton = await startBaton({ listen: true });
    ws = await createWorkspace(baton, 'Content team');
    await baton.services.knowledge.seedDemo(ws.workspaceId);
    const inbox = baton.services.inbox;
    // A reader opens the invoices article in the Messenger, then writes in anyway (in Russian).
    const reader = await visitor('reader-ru');
    const invoices = (await baton.services.knowledge.search.search(ws.workspaceId, 'invoices', { locale: 'en' }))[0]!;
    await baton.app.inject({ method: 'POST', url: '/widget/help/events', headers: reader.headers, payload: { name: 'article_viewed', article_id: invoices.article_id, locale: 'en' } });
    const opened = await inbox.start(ws.workspaceId, { kind: 'visitor', viewer: reader.viewer }, { contactId: reader.viewer.contactId, body: 'Здравствуйте! Как выгрузить все мои данные?' });
    conversationId = opened.conversation.id;
    await inbox.send(ws.workspaceId, { kind: 'agent', agentId: ws.owner.agentId }, conversationId, { body: 'Откройте **Настройки → Экспорт** и нажмите «Скачать».' });
    for (const [user, question] of [['a', 'Do you integrate with Salesforce?'], ['b', 'Salesforce integration']]) {
      const v = await visitor(`asker-${user}`);
      await inbox.start(ws.workspaceId, { kind: 'visitor', viewer: v.viewer }, { contactId: v.viewer.contactId, body: question! });
    }
    browser = await launchBrowser();
    page = await newPage(browser);
    await signInToDashboard(page, baton, ws);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await baton?.stop();
  });

  it('turns a reply into a draft article in the conversation’s language, linked back to the conversation', async () => {
    await page.goto(`${baton.url}/app/inbox/${conversationId}`);
    const reply = page.getByTestId('thread-message').filter({ hasText: 'Настройки → Экспорт' });
    await reply.getByTestId('thread-to-article').click();
    await page.waitForURL(/\/app\/knowledge\/articles\/[0-9a-f-]{36}\?locale=ru$/);
    await expect.poll(() => page.getByLabel('Title').inputValue()).toBe('Как выгрузить все мои данные?');
    expect(await page.getByTestId('body').inputValue()).toBe('Откройте **Настройки → Экспорт** и нажмите «Скачать».');
    await page.getByTestId('preview').locator('strong').filter({ hasText: 'Настройки → Экспорт' }).waitFor();
    await page.locator('[data-testid="editor-status"][data-status="draft"]').waitFor();
    const articleUrl = page.url();

    // The same reply again opens the same draft rather than a second one.
    await page.getByTestId('source-conversation').click();
    await page.waitForURL(new RegExp(`/app/inbox/${conversationId}$`));
    await page.getByTestId('thread-message').filter({ hasText: 'Настройки → Экспорт' }).getByTestId('thread-to-article').click();
    await page.waitForURL(articleUrl);
    const made = (await baton.services.knowledge.articles.list(ws.workspaceId, { limit: 100 })).data.filter((a) => a.source_conversation_id === conversationId);
    expect(made).toHaveLength(1);
  }, 60_000);

  it('shows charts, conversations after reading and unanswered questions, and exports each table as CSV', async () => {
    const slug = (await baton.services.workspaces.settings(ws.workspaceId)).slug;
    await baton.app.inject(`/help/${slug}/en/search?q=${encodeURIComponent('salesforce sync')}`);
    await page.goto(`${baton.url}/app/knowledge/analytics`);
    await page.getByTestId('activity-chart').locator('svg.recharts-surface').first().waitFor();
    await page.getByTestId('top-articles-chart').locator('.recharts-bar-rectangle').first().waitFor();
    await page.getByRole('img', { name: /^1 views, 1 searches, 1 without results/ }).waitFor();

    const row = page.getByTestId('article-stats').getByRole('row').filter({ hasText: 'Download invoices and update billing details' }).filter({ has: page.getByRole('cell', { name: 'en', exact: true }) });
    expect(await row.locator('td').nth(6).textContent()).toBe('1');
    const question = page.getByTestId('unanswered-questions').getByRole('row').filter({ hasText: 'salesforce' });
    await question.waitFor();
    expect(await question.locator('td').nth(1).textContent()).toBe('2');
    await screenshot(page, 'knowledge-analytics', { fullPage: true });

    // Each table's CSV is what the screen shows.
    const card = page.locator('.mantine-Card-root').filter({ has: page.getByTestId('unanswered-questions') });
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('link', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('unanswered-questions-30d.csv');
    const csv = fs.readFileSync((await download.path())!, 'utf8').trimEnd().split('\r\n');
    expect(csv[0]).toBe('question,conversations,locales,conversation_ids,last_asked_at');
    expect(csv.find((l) => l.includes('salesforce'))).toMatch(/,2,en,/);
    const [daily] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export daily CSV' }).click()]);
    expect(fs.readFileSync((await daily.path())!, 'utf8').split('\r\n')[0]).toBe('date,views,searches,without_results,poor_results');
  }, 60_000);
});
