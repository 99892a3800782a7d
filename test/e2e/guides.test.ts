import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign, CampaignCreate, CampaignStats, DecideResponse } from '../../contracts/campaigns.ts';
import { startBaton, type TestBaton } from '../harness.ts';
import { createWorkspace, restClient, type RestClient, type TestWorkspace } from '../factories.ts';
import { ensureDashboardBuilt, hasChromium, launchBrowser, newPage, screenshot, signInToDashboard } from './browser.ts';
import { closeHostPageRun, serveHostPage, type HostServer } from './host-page.ts';

/**
 * Tours, checklists and surveys on a customer's single-page app in one real browser: a checklist
 * advances as the page tracks events (and as the visitor ticks an item), resumes after a reload
 * and shows 100 % at the end; a tour started with `Baton('startTour', id)` runs across two pages
 * of the app (pushState, back and forward), resumes after a reload, skips and reports a step whose
 * element is missing, and "don't show again" keeps it away; a Help Center article's tour link
 * starts its tour; an NPS survey is answered through its branch and the score appears on the
 * dashboard's results screen, reached from the campaign page whose preview draws the survey.
 */

/** A small single-page app: links navigate with pushState, the view is drawn from the path. */
function hostPage(batonUrl: string, writeKey: string, url: URL) {
  const user = url.searchParams.get('user') ?? 'anonymous';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme app</title>
<style>body { font: 16px/1.5 Georgia, serif; margin: 0; } nav { padding: 12px 40px; background: #eef; } nav a { margin-right: 16px; } main { padding: 24px 40px; }</style></head>
<body><nav><a href="/app/projects" data-link>Projects</a><a href="/app/settings" data-link>Settings</a></nav><main id="view"></main>
<script>
  function draw() {
    const path = location.pathname;
    const view = document.getElementById('view');
    if (path.startsWith('/app/settings')) view.innerHTML = '<h1>Settings</h1><button id="invite-teammate">Invite a teammate</button>';
    else if (path.startsWith('/app/projects')) view.innerHTML = '<h1>Your projects</h1><button id="new-project">New project</button>';
    else view.innerHTML = '<h1>Welcome to Acme</h1><p>Let us get you started.</p>';
  }
  document.addEventListener('click', (e) => {
    const link = e.target.closest('a[data-link]');
    if (!link) return;
    e.preventDefault();
    history.pushState({}, '', link.getAttribute('href') + location.search);
    draw();
  });
  addEventListener('popstate', draw);
  draw();
  window.batonSettings = ${JSON.stringify({ user_id: user, name: `User ${user}` })};
</script>
<script src="${batonUrl}/widget.js" data-app-id="${writeKey}" async></script>
</body></html>`;
}

const isDecide = (r: { url(): string }) => r.url().endsWith('/widget/campaigns/decide');
const baton$ = (page: Page, ...args: unknown[]) => page.evaluate((a) => (window as unknown as { Baton: (...x: unknown[]) => void }).Baton(...a), args);

describe.skipIf(!hasChromium)('tours, checklists and surveys in a real browser', () => {
  let baton: TestBaton;
  let ws: TestWorkspace;
  let api: RestClient;
  let browser: Browser;
  let host: HostServer;
  const widget = (p: Page) => p.locator('#baton-messenger');

  async function live(body: CampaignCreate): Promise<Campaign> {
    const created = await api<Campaign>('POST', '/api/v1/campaigns', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return (await api<Campaign>('POST', `/api/v1/campaigns/${created.body.id}/start`)).body;
  }
  const stats = async (id: string) => (await api<CampaignStats>('GET', `/api/v1/campaigns/${id}/stats`)).body;

  async function openPage(path: string, user: string): Promise<Page> {
    const page = await newPage(browser, { width: 1200, height: 760 });
    page.on('pageerror', (e) => console.log('[pageerror]', e.message));
    const decided = page.waitForResponse(isDecide);
    await page.goto(`${host.origin}${path}?user=${user}`);
    await decided;
    return page;
  }

  beforeAll(async () => {
    ensureDashboardBuilt();
    baton = await startBaton({ listen: true });
    ws = await createWorkspace(baton, 'Acme Guides');
    api = restClient(baton, ws);
    host = await serveHostPage((url) => hostPage(baton.url, ws.writeKey, url));
    browser = await launchBrowser();
  }, 180_000);

  afterAll(() => closeHostPageRun(browser, host, baton));

  it('a checklist advances as the page sends events and the visitor ticks, resumes after a reload, and shows 100 % at the end', async () => {
    const checklist = await live({
      type: 'checklist',
      name: 'Getting started',
      trigger: { type: 'page_view', delay_seconds: 0 },
      pages: { include: ['/app/welcome'], exclude: [] },
      frequency: { max_shows: 20, min_hours_between: 0, stop_after_dismiss: true, capped: false },
      content: {
        en: {
          title: 'Get started with Acme',
          items: [
            { id: 'project', title: 'Create a project', event: 'project_created' },
            { id: 'profile', title: 'Complete your profile' },
            { id: 'invite', title: 'Invite a teammate', event: 'invite_sent' },
          ],
          completed_title: 'All set!',
          completed_body: 'You know your way around Acme.',
        },
      },
    });
    const page = await openPage('/app/welcome', 'checklist-1');
    const box = widget(page).getByTestId('baton-checklist');
    const percent = box.getByTestId('baton-checklist-percent');
    await box.waitFor();
    expect(await percent.textContent()).toBe('0%');

    await baton$(page, 'trackEvent', 'project_created');
    await expect.poll(() => percent.textContent()).toBe('33%');
    expect(await box.locator('[data-item="project"]').getAttribute('class')).toBe('cmp-done');
    expect(await box.locator('.cmp-earned').allTextContents()).toEqual(['Off to a start']);

    await box.getByLabel('Complete your profile').check();
    await expect.poll(() => percent.textContent()).toBe('67%');
    await expect.poll(() => box.locator('.cmp-earned').allTextContents()).toEqual(['Off to a start', 'Halfway there']);

    // The ticked item is stored and the event is on the contact: a reload resumes at 67 %.
    const decided = page.waitForResponse(isDecide);
    await page.reload();
    await decided;
    await box.waitFor();
    await expect.poll(() => percent.textContent()).toBe('67%');

    await baton$(page, 'trackEvent', 'invite_sent');
    await expect.poll(() => percent.textContent()).toBe('100%');
    expect(await box.getByRole('heading').textContent()).toBe('All set!');
    expect(await box.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    expect(await box.locator('.cmp-earned').allTextContents()).toEqual(['Off to a start', 'Halfway there', 'All done']);
    await screenshot(page, 'guide-checklist-complete');
    await expect.poll(async () => (await stats(checklist.id)).funnel.completed).toBe(1);
    await page.context().close();
  });

  it('a tour runs across two pages of a single-page app, resumes after a reload, and skips a missing element with a report', async () => {
    const tour = await live({
      type: 'tour',
      name: 'First tour',
      trigger: { type: 'manual' },
      content: {
        en: {
          steps: [
            { page: '/app/projects', selector: '#new-project', title: 'Create a project', body: 'Projects hold your work.' },
            { page: '/app/settings', selector: '#invite-teammate', placement: 'right', title: 'Invite your team', body: 'Acme is better together.' },
            { page: '/app/settings', selector: '#not-on-this-page', body: 'Never shown' },
            { title: 'You are all set', body: 'That was the tour.' },
          ],
        },
      },
    });
    const page = await openPage('/app/projects', 'tour-1');
    const card = widget(page).getByTestId('baton-tour');
    await baton$(page, 'startTour', tour.id);
    const first = widget(page).getByRole('dialog', { name: 'Create a project' });
    await first.waitFor();
    expect(await first.textContent()).toContain('Step 1 of 4');
    await screenshot(page, 'guide-tour-step-1');
    // Keyboard: the step's Next button has the focus.
    await page.keyboard.press('Enter');
    // Step 2 belongs to the settings page: nothing shows until the visitor gets there.
    await first.waitFor({ state: 'detached' });
    expect(await card.count()).toBe(0);

    await page.getByRole('link', { name: 'Settings' }).click();
    const second = widget(page).getByRole('dialog', { name: 'Invite your team' });
    await second.waitFor();
    expect(await second.textContent()).toContain('Step 2 of 4');
    await page.goBack();
    await second.waitFor({ state: 'detached' });
    await page.goForward();
    await second.waitFor();
    await screenshot(page, 'guide-tour-step-2');

    const decided = page.waitForResponse(isDecide);
    await page.reload();
    await decided;
    await second.waitFor();
    expect(await second.textContent()).toContain('Step 2 of 4');

    await second.getByRole('button', { name: 'Next' }).click();
    // Step 3's element is not on the page: skipped and reported, the last step follows.
    const last = widget(page).getByRole('dialog', { name: 'You are all set' });
    await last.waitFor();
    expect(await last.textContent()).toContain('Step 4 of 4');
    await last.getByRole('button', { name: 'Done' }).click();
    await last.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => sessionStorage.getItem('baton.tour'))).toBeNull();
    await expect.poll(async () => {
      const s = await stats(tour.id);
      return { completed: s.funnel.completed, anchor_missing: s.anchor_missing };
    }).toEqual({ completed: 1, anchor_missing: 1 });
    await page.context().close();
  });

  it('"don\'t show again" keeps a tour away, even when the page starts it again', async () => {
    const tour = await live({
      type: 'tour',
      name: 'Second tour',
      trigger: { type: 'manual' },
      content: { en: { steps: [{ title: 'A quick look', body: 'Two minutes, promised.' }, { title: 'Second', body: 'Step two.' }] } },
    });
    const page = await openPage('/app/projects', 'tour-2');
    await baton$(page, 'startTour', tour.id);
    const step = widget(page).getByRole('dialog', { name: 'A quick look' });
    await step.waitFor();
    await step.getByRole('button', { name: 'Don’t show again' }).click();
    await step.waitFor({ state: 'detached' });
    await expect.poll(async () => (await stats(tour.id)).funnel.dismissed).toBe(1);
    const decided = page.waitForResponse(isDecide);
    await baton$(page, 'startTour', tour.id);
    expect(((await (await decided).json()) as DecideResponse).campaigns).toEqual([]);
    await page.context().close();
  });

  it('an article\'s tour link in the Messenger starts the tour on the page', async () => {
    const tour = await live({
      type: 'tour',
      name: 'Invoices tour',
      trigger: { type: 'manual' },
      content: { en: { steps: [{ title: 'Your invoices live here', body: 'Download any invoice as a PDF.' }] } },
    });
    await baton.services.knowledge.seedDemo(ws.workspaceId);
    const hit = (await api<{ data: { article_id: string }[] }>('GET', `/api/v1/articles/search?q=${encodeURIComponent('download invoices')}&locale=en`)).body.data[0]!;
    expect((await api('PATCH', `/api/v1/articles/${hit.article_id}`, { tour_id: tour.id })).status).toBe(200);
    const page = await openPage('/app/projects', 'reader-1');
    await baton$(page, 'showArticle', hit.article_id);
    const link = widget(page).getByTestId('help-take-tour');
    await link.waitFor();
    await link.click();
    await widget(page).getByRole('dialog', { name: 'Your invoices live here' }).waitFor();
    await widget(page).getByTestId('messenger-panel').waitFor({ state: 'detached' });
    await screenshot(page, 'guide-tour-from-article');
    await page.context().close();
  });

  it('an NPS survey is answered through its branch and the score appears in the dashboard', async () => {
    const survey = await live({
      type: 'survey',
      name: 'NPS',
      trigger: { type: 'page_view', delay_seconds: 0 },
      pages: { include: ['/app/feedback'], exclude: [] },
      content: {
        en: {
          questions: [
            { kind: 'nps', id: 'nps', prompt: 'How likely are you to recommend Acme?', branches: [{ when: { min: 9 }, goto: 'love' }] },
            { kind: 'text', id: 'fix', prompt: 'What should we fix first?', branches: [{ when: {}, goto: 'end' }] },
            { kind: 'text', id: 'love', prompt: 'What do you love most?' },
          ],
          thank_you: { title: 'Thank you!', body: 'Your answer helps us.' },
        },
      },
    });
    const page = await openPage('/app/feedback', 'survey-1');
    const card = widget(page).getByTestId('baton-survey');
    await widget(page).getByRole('dialog', { name: 'How likely are you to recommend Acme?' }).waitFor();
    await screenshot(page, 'guide-survey-nps');
    await card.getByRole('button', { name: 'Rate 9 of 10' }).click();
    // A promoter skips "what should we fix" and goes to the question for promoters.
    await card.getByText('What do you love most?').waitFor();
    expect(await card.textContent()).toContain('Question 3 of 3');
    await screenshot(page, 'guide-survey-branch');
    const send = card.getByRole('button', { name: 'Send' });
    expect(await send.isDisabled()).toBe(true);
    await card.getByRole('textbox').fill('The shared inbox');
    await send.click();
    await card.getByTestId('baton-survey-thanks').waitFor();
    await screenshot(page, 'guide-survey-thanks');
    await page.context().close();

    const dashboard = await newPage(browser);
    await signInToDashboard(dashboard, baton, ws);
    await dashboard.goto(`${baton.url}/app/campaigns/${survey.id}`);
    // The builder's preview draws the survey with the widget's own renderer.
    await dashboard.getByTestId('campaign-preview').getByRole('dialog', { name: 'How likely are you to recommend Acme?' }).waitFor();
    await dashboard.getByTestId('open-survey-results').click();
    await dashboard.waitForURL(/\/survey$/);
    await expect.poll(() => dashboard.getByTestId('survey-nps-score').textContent()).toBe('100');
    expect(await dashboard.getByTestId('survey-respondents').textContent()).toContain('1');
    expect(await dashboard.getByTestId('survey-question-love').textContent()).toContain('The shared inbox');
    await screenshot(dashboard, 'guide-survey-results', { fullPage: true });
    await dashboard.context().close();
  });
});
