import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import type { Campaign, CampaignCreate } from '../contracts/campaigns.ts';
import { boot } from '../server/boot.ts';
import { loadConfig } from '../server/platform/config.ts';
import { DEMO_EMAIL, firstStart } from '../server/workspaces/first-start.ts';
import { serveHostPage } from '../test/e2e/host-page.ts';

/**
 * Screenshots of the product as a new user sees it, for the README and issue notes:
 *   npm run build && node --import tsx scripts/screenshots.ts [outDir]   (default docs/screenshots/)
 * Boots Baton on a throwaway PGlite data dir with the demo workspace, signs in as the demo owner
 * through the real form and photographs each screen in Debian's Chromium once the state it shows
 * is on screen. The demo brings the support history, outcomes, feedback, QA and campaign reports;
 * only what it has no data for (a live chat, campaigns to show on the host page) is added here
 * through the REST and dashboard APIs.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.resolve(process.argv[2] ?? path.join(root, 'docs/screenshots'));
const VIEWPORT = { width: 1280, height: 800 };

for (const file of ['dist/dashboard/index.html', 'dist/widget/widget.js']) {
  if (!fs.existsSync(path.join(root, file))) {
    console.error(`${file} is missing: run npm run build first`);
    process.exit(2);
  }
}

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The customer's app the widget is installed on: another origin (localhost) than Baton's (127.0.0.1). */
function hostPage(batonUrl: string, writeKey: string, url: URL): string {
  const user = url.searchParams.get('user');
  const locale = url.searchParams.get('locale') ?? 'en';
  const settings = user ? { user_id: user, name: url.searchParams.get('name') ?? 'Alex Morgan', email: `${user}@acme.example` } : {};
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Acme Projects</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1f2933; background: #f5f7fa; }
  header { display: flex; align-items: center; gap: 24px; padding: 14px 32px; background: #fff; border-bottom: 1px solid #e4e7eb; }
  header b { font-size: 18px; } header nav a { color: #52606d; margin-right: 16px; text-decoration: none; }
  main { padding: 28px 32px; max-width: 900px; }
  .row { display: flex; gap: 12px; align-items: center; margin-bottom: 20px; }
  button { font: inherit; padding: 8px 14px; border-radius: 6px; border: 1px solid #cbd2d9; background: #fff; cursor: pointer; }
  #new-project { background: #1f6feb; color: #fff; border-color: #1f6feb; }
  .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 16px; }
  .card { background: #fff; border: 1px solid #e4e7eb; border-radius: 8px; padding: 16px; }
  .card h3 { margin: 0 0 6px; font-size: 16px; } .card p { margin: 0; color: #616e7c; }
</style></head>
<body><header><b>Acme</b><nav><a href="/projects">Projects</a><a href="/reports">Reports</a><a href="/settings">Settings</a></nav></header>
<main><h1>Your projects</h1>
<div class="row"><button id="new-project">New project</button><button id="invite-teammate">Invite teammates</button><button id="import">Import</button></div>
<div class="cards">
  <div class="card"><h3>Website relaunch</h3><p>12 tasks · updated today</p></div>
  <div class="card"><h3>Q3 planning</h3><p>8 tasks · updated yesterday</p></div>
  <div class="card"><h3>Customer interviews</h3><p>5 tasks · updated last week</p></div>
</div></main>
<script>window.batonSettings = ${JSON.stringify(settings)};</script>
<script src="${batonUrl}/widget.js" data-app-id="${writeKey}" async></script>
</body></html>`;
}

type Call = <T>(method: string, url: string, body?: unknown) => Promise<T>;

function client(base: string, headers: Record<string, string>): Call {
  return async <T>(method: string, url: string, body?: unknown) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
}

async function main(): Promise<void> {
  fs.mkdirSync(outDir, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-screenshots-'));
  const port = await freePort();
  const config = loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    BATON_DEMO: '1',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const baton = await boot(config);
  const welcome = await firstStart(baton.ctx, baton.services);
  await baton.app.listen({ port, host: '127.0.0.1' });
  const base = config.publicUrl;
  const password = welcome.map((l) => /password:\s+(\S+)/.exec(l)?.[1]).find(Boolean);
  if (!password) throw new Error(`no demo password in the welcome text:\n${welcome.join('\n')}`);

  let browser: Browser | undefined;
  let host: Awaited<ReturnType<typeof serveHostPage>> | undefined;
  const failures: string[] = [];
  const written: string[] = [];
  try {
    const login = await fetch(`${base}/api/app/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: DEMO_EMAIL, password }),
    });
    if (!login.ok) throw new Error(`demo sign-in failed: ${login.status}`);
    const me = (await login.json()) as { csrfToken: string; agent: { id: string }; workspace: { id: string } };
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const agentHeaders = { cookie, 'x-csrf-token': me.csrfToken };
    const app = client(base, agentHeaders);
    const { key: apiKey } = await app<{ key: string }>('POST', '/api/app/api-keys', { name: 'Screenshots' });
    const { writeKey, slug } = await app<{ writeKey: string; slug: string }>('GET', '/api/app/workspace');
    const api = client(base, { authorization: `Bearer ${apiKey}` });

    host = await serveHostPage((url) => hostPage(base, writeKey, url));
    const hostOrigin = host.origin;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const b = browser;

    const shot = async (page: Page, name: string, target?: Locator) => {
      const file = path.join(outDir, `${name}.png`);
      await (target ?? page).screenshot({ path: file, animations: 'disabled' });
      written.push(file);
      console.log(`  ${path.relative(root, file)} (${Math.round(fs.statSync(file).size / 1024)} KB)`);
    };
    /** One named step; a failure is reported at the end and the other screens still get taken. */
    const step = async (name: string, run: () => Promise<void>) => {
      try {
        await run();
      } catch (e) {
        failures.push(`${name}: ${(e as Error).message.split('\n')[0]}`);
        if (process.env.SCREENSHOTS_DEBUG) await dashboard.screenshot({ path: path.join(process.env.SCREENSHOTS_DEBUG, `${name}.png`) }).catch(() => undefined);
        console.error(`  FAILED ${name}:`, (e as Error).message);
      }
    };
    const newPage = async (viewport = VIEWPORT, locale = 'en-US', isMobile = false) => {
      const context = await b.newContext({ locale, viewport, isMobile, hasTouch: isMobile, deviceScaleFactor: 1 });
      context.setDefaultTimeout(30_000);
      const page = await context.newPage();
      page.on('pageerror', (e) => console.log('  [pageerror]', e.message));
      return page;
    };
    const widget = (p: Page) => p.locator('#baton-messenger');
    const openHost = async (page: Page, user: string, extra = '') => {
      await page.goto(`${hostOrigin}/projects?user=${user}${extra}`);
      await widget(page).getByTestId('messenger-launcher').waitFor();
    };
    const run = (page: Page, command: string, id: string) =>
      page.evaluate(([c, campaign]) => (window as unknown as { Baton: (...a: unknown[]) => void }).Baton(c, campaign), [command, id]);

    const dashboard = await newPage();
    await dashboard.goto(`${base}/app/`);
    await dashboard.waitForURL(/\/app\/sign-in/);
    await dashboard.getByLabel(/^E-mail/).fill(DEMO_EMAIL);
    await dashboard.getByLabel(/^Password/).fill(password);
    await dashboard.getByRole('button', { name: 'Sign in' }).click();
    await dashboard.waitForURL(/\/app\/contacts/);
    console.log('signed in as the demo owner');
    // An agent with the Inbox open is what makes the Messenger say the team is online.
    await dashboard.getByTestId('nav-go.inbox').filter({ visible: true }).click();
    await dashboard.locator('[data-testid="inbox-status"][data-status="live"]').waitFor();

    // Messenger and Inbox.
    let conversationId = '';
    await step('messenger', async () => {
      const visitor = await newPage();
      await openHost(visitor, 'alex-morgan');
      await widget(visitor).getByTestId('messenger-launcher').click();
      await widget(visitor).getByTestId('messenger-new').waitFor();
      await widget(visitor).getByTestId('messenger-panel').evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
      await shot(visitor, 'messenger-home');
      await widget(visitor).getByTestId('messenger-new').click();
      await widget(visitor).getByTestId('messenger-input').fill('Hi! My CSV export has been stuck at 90% for ten minutes.');
      await visitor.keyboard.press('Enter');
      await widget(visitor).getByTestId('messenger-message').filter({ hasText: 'stuck at 90%' }).waitFor();
      // Most recently active first: the planted history is all back-dated.
      conversationId = (await api<{ data: { id: string }[] }>('GET', '/api/v1/conversations?limit=1')).data[0]!.id;
      await app('PATCH', `/api/v1/conversations/${conversationId}`, { assignee_id: me.agent.id });
      await app('POST', `/api/v1/conversations/${conversationId}/messages`, { body: 'Sorry about that! Large exports run in the background: you will get an e-mail with the file within a few minutes.' });
      await widget(visitor).getByTestId('messenger-message').filter({ hasText: 'Large exports' }).waitFor();
      await widget(visitor).getByTestId('messenger-input').fill('Great, thanks a lot!');
      await visitor.keyboard.press('Enter');
      await widget(visitor).getByTestId('messenger-message').filter({ hasText: 'thanks a lot' }).waitFor();
      await shot(visitor, 'messenger-chat');
      await visitor.context().close();

      const phone = await newPage({ width: 390, height: 760 }, 'en-US', true);
      await openHost(phone, 'sam-lee', '&name=Sam%20Lee');
      await widget(phone).getByTestId('messenger-launcher').click();
      await widget(phone).getByTestId('messenger-new').waitFor();
      await widget(phone).getByTestId('messenger-panel').evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
      await shot(phone, 'messenger-mobile');
      await phone.context().close();
    });

    await step('inbox', async () => {
      await dashboard.goto(`${base}/app/inbox/${conversationId}`);
      await dashboard.getByTestId('thread-message').filter({ hasText: 'thanks a lot' }).waitFor();
      await dashboard.getByTestId('thread-contact-link').waitFor();
      await shot(dashboard, 'inbox-conversation');
    });

    // Help Center.
    await step('help center', async () => {
      const page = await newPage();
      const help = `${base}/help/${slug}`;
      await page.goto(`${help}/en/`);
      await page.getByRole('heading', { name: 'How can we help?' }).waitFor();
      await shot(page, 'help-center-home');
      await page.locator('main a[href*="/articles/"]').first().click();
      await page.getByRole('heading', { level: 1 }).waitFor();
      await shot(page, 'help-center-article');
      await page.goto(`${help}/ru/`);
      await page.locator('main a[href*="/articles/"]').first().waitFor();
      await shot(page, 'help-center-home-ru');
      await page.locator('main a[href*="/articles/"]').first().click();
      await page.getByRole('heading', { level: 1 }).waitFor();
      await shot(page, 'help-center-article-ru');
      await page.context().close();
    });

    // Experiments.
    await step('experiments', async () => {
      await dashboard.goto(`${base}/app/experiments/new`);
      await dashboard.getByRole('textbox', { name: /^Name/ }).fill('Onboarding checklist for new workspaces');
      await dashboard.getByTestId('hypothesis-0').fill('With a checklist more new workspaces create a project in week one');
      await dashboard.getByLabel('Baseline conversion').fill('20');
      await dashboard.getByLabel('Smallest change (points)').fill('5');
      await dashboard.getByRole('button', { name: 'Calculate' }).click();
      const use = dashboard.getByTestId('use-sample-size');
      await use.waitFor();
      await use.scrollIntoViewIfNeeded();
      await shot(dashboard, 'experiments-design');
      await dashboard.goto(`${base}/app/experiments`);
      await dashboard.getByTestId('experiment-help-links-holdout').click();
      await dashboard.getByTestId('srm-ok').waitFor();
      await dashboard.getByTestId('cumulative-chart').waitFor();
      await shot(dashboard, 'experiments-report');
    });

    // Insights.
    await step('support report', async () => {
      await dashboard.goto(`${base}/app/reports`);
      await dashboard.getByText('7 days', { exact: true }).click();
      await dashboard.getByTestId('chart-volume').locator('.recharts-line-curve').first().waitFor();
      await dashboard.getByTestId('chart-hours').locator('[data-count]').first().waitFor();
      await shot(dashboard, 'insights-support-report');
    });
    await step('outcomes', async () => {
      await dashboard.goto(`${base}/app/reports/outcomes`);
      await dashboard.getByTestId('outcome-finding').first().waitFor();
      await dashboard.getByTestId('chart-outcomes').locator('.recharts-bar-rectangle').first().waitFor();
      await shot(dashboard, 'insights-outcomes-by-tier');
    });
    await step('ticket volume', async () => {
      await dashboard.goto(`${base}/app/reports/ticket-volume`);
      await dashboard.getByTestId('chart-ticket-volume').locator('.recharts-line-curve').first().waitFor();
      await shot(dashboard, 'insights-ticket-volume');
    });
    await step('ttfv', async () => {
      await dashboard.goto(`${base}/app/reports/ttfv`);
      await dashboard.getByTestId('chart-ttfv-histogram').locator('.recharts-bar-rectangle').first().waitFor();
      await shot(dashboard, 'insights-time-to-first-value');
    });
    await step('feedback', async () => {
      await dashboard.goto(`${base}/app/feedback`);
      await dashboard.getByTestId('feedback-row').filter({ hasText: 'Dark mode' }).waitFor();
      await shot(dashboard, 'insights-feedback-items');
      await dashboard.getByTestId('feedback-row').filter({ hasText: 'Dark mode' }).getByRole('link', { name: 'Dark mode' }).click();
      await dashboard.getByTestId('chart-feedback-trend').locator('.recharts-bar-rectangle').first().waitFor();
      await shot(dashboard, 'insights-feedback-item');
    });
    await step('qa review', async () => {
      await dashboard.goto(`${base}/app/qa/scorecards`);
      await dashboard.getByRole('tab', { name: 'My reviews' }).click();
      await dashboard.getByTestId('qa-todo').getByRole('link').first().click();
      await dashboard.getByTestId('qa-thread').waitFor();
      await shot(dashboard, 'insights-qa-review');
    });
    // Campaigns on the host page.
    const manual = { type: 'manual' } as const;
    const live = async (body: CampaignCreate): Promise<Campaign> => {
      const created = await api<Campaign>('POST', '/api/v1/campaigns', body);
      return api<Campaign>('POST', `/api/v1/campaigns/${created.id}/start`);
    };
    let visitors = 0;
    const campaignShot = async (name: string, campaign: Campaign, command: string, shown: (p: Page) => Locator, before?: (p: Page) => Promise<void>) => {
      await step(name, async () => {
        const page = await newPage();
        await openHost(page, `visitor-${visitors++}`, '&name=Jordan%20Kim');
        await run(page, command, campaign.id);
        await before?.(page);
        await shown(page).waitFor();
        await shot(page, name);
        await page.context().close();
      });
    };
    await step('campaigns', async () => {
      const chat = await live({ type: 'in_app_message', name: 'Chat hello', trigger: manual, content: { en: { style: 'chat', body: 'Hi Jordan! Need a hand setting up your first project? I can walk you through it.', action: { label: 'Chat with us', kind: 'open_messenger' } } } });
      const post = await live({
        type: 'in_app_message', name: 'Templates post', trigger: manual,
        content: { en: { style: 'post', title: 'New: project templates', body: 'Start a project from one of 20 templates: product launch, hiring plan, sprint board and more.\n\nYour team can save its own templates too.', action: { label: 'Browse templates', kind: 'dismiss' } } },
      });
      const modal = await live({ type: 'in_app_message', name: 'Import modal', trigger: manual, content: { en: { style: 'modal', title: 'Bring your work over', body: 'Import projects from Trello, Asana or a CSV file in a minute. Nothing is lost: comments and attachments come along.', action: { label: 'Start an import', kind: 'dismiss' } } } });
      const banner = await live({ type: 'banner', name: 'Webinar banner', trigger: manual, content: { en: { body: 'Live webinar on Thursday: planning Q3 with Acme. Save your seat!', action: { label: 'Register', kind: 'dismiss' }, position: 'top', display: 'inline' } } });
      const tooltip = await live({ type: 'tooltip', name: 'Invite tooltip', trigger: manual, content: { en: { style: 'tooltip', selector: '#invite-teammate', placement: 'bottom', title: 'Work together', body: 'Invite teammates to share projects and assign tasks.' } } });
      const hotspot = await live({ type: 'tooltip', name: 'Import hotspot', trigger: manual, content: { en: { style: 'hotspot', selector: '#import', placement: 'bottom', title: 'New: imports', body: 'Bring projects over from Trello or Asana.' } } });
      const tour = await live({
        type: 'tour', name: 'First tour', trigger: manual,
        content: { en: { steps: [
          { selector: '#new-project', placement: 'bottom', title: 'Create a project', body: 'Projects hold your tasks, files and conversations. Start with one for your current work.' },
          { selector: '#invite-teammate', placement: 'bottom', title: 'Invite your team', body: 'Acme is better together.' },
          { title: 'You are all set', body: 'That was the tour.' },
        ] } },
      });
      const checklist = await live({
        type: 'checklist', name: 'Getting started', trigger: manual,
        content: { en: {
          title: 'Get started with Acme', description: 'Four steps to your first shipped project.',
          items: [
            { id: 'profile', title: 'Complete your profile' },
            { id: 'project', title: 'Create your first project', event: 'project_created' },
            { id: 'invite', title: 'Invite a teammate', event: 'invite_sent' },
            { id: 'integrate', title: 'Connect Slack', description: 'Get task updates where you talk.' },
          ],
          completed_title: 'All set!', completed_body: 'You know your way around Acme.',
        } },
      });
      const nps = await live({
        type: 'survey', name: 'NPS', trigger: manual,
        content: { en: { questions: [{ kind: 'nps', id: 'nps', prompt: 'How likely are you to recommend Acme to a friend or colleague?', low_label: 'Not likely', high_label: 'Very likely' }, { kind: 'text', id: 'why', prompt: 'What is the main reason for your score?' }], thank_you: { title: 'Thank you!', body: 'Your answer helps us.' } } },
      });
      await campaignShot('campaign-chat-message', chat, 'showCampaign', (p) => widget(p).locator('.cmp-chat'));
      await campaignShot('campaign-post', post, 'showCampaign', (p) => widget(p).locator('.cmp-post'));
      await campaignShot('campaign-modal', modal, 'showCampaign', (p) => widget(p).getByRole('dialog', { name: 'Bring your work over' }));
      await campaignShot('campaign-banner', banner, 'showCampaign', (p) => widget(p).locator('.cmp-banner'));
      await campaignShot('campaign-tooltip', tooltip, 'showCampaign', (p) => widget(p).locator('.cmp-tooltip'));
      await campaignShot('campaign-hotspot', hotspot, 'showCampaign', (p) => widget(p).locator('.cmp-tooltip'), async (p) => {
        const dot = widget(p).getByRole('button', { name: 'Show tip' });
        await dot.waitFor();
        await dot.click();
      });
      await campaignShot('campaign-tour-step', tour, 'startTour', (p) => widget(p).getByRole('dialog', { name: 'Create a project' }));
      await campaignShot('campaign-checklist', checklist, 'startChecklist', (p) => widget(p).getByTestId('baton-checklist'), async (p) => {
        await widget(p).getByTestId('baton-checklist').waitFor();
        await run(p, 'trackEvent', 'project_created');
        await widget(p).getByTestId('baton-checklist-percent').filter({ hasText: '25%' }).waitFor();
      });
      await campaignShot('campaign-nps-survey', nps, 'startSurvey', (p) => widget(p).getByRole('dialog', { name: /How likely are you to recommend Acme/ }));

      await step('campaign builder', async () => {
        await dashboard.goto(`${base}/app/campaigns/${post.id}`);
        await dashboard.getByTestId('campaign-preview').getByText('New: project templates').first().waitFor();
        await shot(dashboard, 'campaign-builder');
      });
    });

  } finally {
    await browser?.close();
    await host?.close();
    await baton.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`\n${written.length} screenshots in ${path.relative(root, outDir) || outDir}`);
  if (failures.length) {
    console.error(`${failures.length} failed:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
}

await main();
