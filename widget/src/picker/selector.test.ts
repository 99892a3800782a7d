import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, newPage } from '../../../test/e2e/browser.ts';
import { looksGenerated } from './selector.ts';

/**
 * The selector generator over real DOMs in Chromium (no DOM library here): the module is bundled
 * as is and each case asks it for the selector of one element, then checks what it chose.
 */
const here = path.dirname(fileURLToPath(import.meta.url));

describe('generated-looking names', () => {
  it('passes over hashes, counters and framework ids, keeps words', () => {
    for (const name of ['ember1234', ':r1:', 'css-1x2y3z', 'Button_primary__3xk2a', 'sc-bdVaJa', 'card-9f8e7d', 'jsx-2871642']) expect(looksGenerated(name), name).toBe(true);
    for (const name of ['new-project', 'block__element', 'card-faded', 'nav-items', 'btn-primary', 'save', 'h1-title']) expect(looksGenerated(name), name).toBe(false);
  });
});

describe.skipIf(!hasChromium)('uniqueSelector in a real browser', () => {
  let browser: Browser;
  let page: Page;
  let script: string;

  beforeAll(async () => {
    const out = await build({ entryPoints: [path.join(here, 'selector.ts')], bundle: true, write: false, format: 'iife', globalName: 'batonSelector', target: 'es2022' });
    script = out.outputFiles[0]!.text;
    browser = await launchBrowser();
    page = await newPage(browser);
  });
  afterAll(() => browser?.close());

  /** Loads the page, then answers the selector for the element `target` finds and how many elements it matches. */
  async function pick(html: string, target: string) {
    await page.setContent(`<!doctype html><html><body>${html}</body></html>`);
    await page.addScriptTag({ content: script });
    return page.evaluate((t) => {
      const el = document.querySelector(t)!;
      const g = globalThis as unknown as { batonSelector: { uniqueSelector(el: Element): string | null } };
      const selector = g.batonSelector.uniqueSelector(el);
      const found = selector ? [...document.querySelectorAll(selector)] : [];
      return { selector, count: found.length, same: found[0] === el };
    }, target);
  }

  it('prefers a stable id', async () => {
    expect(await pick('<main><button id="new-project" data-testid="np" class="btn">New</button></main>', 'button')).toEqual({ selector: '#new-project', count: 1, same: true });
  });

  it('passes over a generated id for a test attribute, test ids before other data-*', async () => {
    expect(await pick('<button id="ember1234" data-role="primary" data-testid="save-button">Save</button><button data-role="primary">Other</button>', '#ember1234')).toEqual({ selector: '[data-testid="save-button"]', count: 1, same: true });
  });

  it('uses a data-* attribute unique on the page, with its tag when the value alone is shared', async () => {
    expect(await pick('<nav><a data-tour="invite" href="/i">Invite</a></nav>', 'a')).toEqual({ selector: '[data-tour="invite"]', count: 1, same: true });
    expect(await pick('<div data-kind="card">x</div><span data-kind="card">y</span>', 'span')).toEqual({ selector: 'span[data-kind="card"]', count: 1, same: true });
  });

  it('escapes odd ids', async () => {
    const r = await pick('<div>x</div><div id="user.settings">y</div>', '[id="user.settings"]');
    expect(r).toEqual({ selector: '#user\\.settings', count: 1, same: true });
  });

  it('falls back to a unique class, skipping CSS-module hashes', async () => {
    expect(await pick('<div class="Card_root__8xk2q settings-panel">x</div><div class="Card_root__8xk2q">y</div>', '.settings-panel')).toEqual({ selector: '.settings-panel', count: 1, same: true });
  });

  it('anchors a path at the nearest ancestor with an id when the element has nothing of its own', async () => {
    const html = '<ul id="menu"><li><a>One</a></li><li><a>Two</a></li><li><a>Three</a></li></ul><ul><li><a>Elsewhere</a></li></ul>';
    expect(await pick(html, '#menu li:nth-child(2) a')).toEqual({ selector: '#menu > li:nth-of-type(2) > a', count: 1, same: true });
  });

  it('builds an nth-of-type path when nothing on the way has a name, and it matches exactly that element', async () => {
    const html = '<div><section><p>a</p><p>b</p></section><section><p>c</p><p>d</p></section></div>';
    const r = await pick(html, 'section:nth-of-type(2) p:nth-of-type(2)');
    expect(r.count).toBe(1);
    expect(r.same).toBe(true);
    expect(r.selector).toMatch(/nth-of-type\(2\) > p:nth-of-type\(2\)$/);
  });

  it('never answers an id used twice on the page', async () => {
    const r = await pick('<p id="dup">a</p><p id="dup" class="second">b</p>', '.second');
    expect(r).toEqual({ selector: '.second', count: 1, same: true });
  });
});
