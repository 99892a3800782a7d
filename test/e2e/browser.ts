import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TestBaton } from '../harness.ts';
import type { TestWorkspace } from '../factories.ts';

/** Debian's Chromium, never a browser a tool downloads. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) console.warn(`[e2e] ${CHROMIUM} is missing (apt-get install chromium): skipping the real-browser tests`);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The widget bundle a host page loads; built once if a fresh checkout has none. */
export function ensureWidgetBuilt(): void {
  if (!fs.existsSync(path.join(root, 'dist/widget/widget.js'))) {
    execSync('npm run --silent build', { cwd: root, stdio: 'inherit' });
  }
}

/** The dashboard bundle the server serves; built once if a fresh checkout has none. */
export function ensureDashboardBuilt(): void {
  if (!fs.existsSync(path.join(root, 'dist/dashboard/index.html'))) {
    execSync('npm run --silent build', { cwd: root, stdio: 'inherit' });
  }
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A page of a fresh English context, 15 s for any wait. */
export async function newPage(browser: Browser, viewport = { width: 1280, height: 860 }): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US', viewport });
  context.setDefaultTimeout(15_000);
  return context.newPage();
}

/** Signs in through the real sign-in form as the workspace's owner. */
export async function signInToDashboard(page: Page, baton: TestBaton, ws: TestWorkspace): Promise<void> {
  await page.goto(`${baton.url}/app/`);
  await page.waitForURL(/\/app\/sign-in/);
  await page.getByLabel(/^E-mail/).fill(ws.owner.email);
  await page.getByLabel(/^Password/).fill(ws.owner.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/app\/contacts/);
}

/** A browser whose one page is signed in to the dashboard as the workspace's owner. */
export async function signedInBrowser(baton: TestBaton, ws: TestWorkspace, viewport?: { width: number; height: number }): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchBrowser();
  try {
    const page = await newPage(browser, viewport);
    await signInToDashboard(page, baton, ws);
    return { browser, page };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

/** E2E_SCREENSHOTS=<dir> keeps pictures of what the tests saw (for a review or a closing note). */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  const dir = process.env.E2E_SCREENSHOTS;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), ...options });
}
