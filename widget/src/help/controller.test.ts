import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HelpSearchHit } from '../../../contracts/help.ts';
import type { Runtime } from '../runtime.ts';
import type { Http } from '../session.ts';
import { Store } from '../store.ts';
import { Flags } from './flags.ts';
import { HELP_LINKS_FLAG, HelpController } from './controller.ts';

/**
 * Suggestions while a question is typed belong to the help-links holdout: with the flag off, or
 * before the server said anything about it, the controller never asks for them.
 */

const hit: HelpSearchHit = { id: 'a1', slug: 'download-invoices', locale: 'en', title: 'Download invoices', description: '', title_highlight: 'Download <mark>invoices</mark>', snippet: '' };

function setUp() {
  const calls: string[] = [];
  let flags: Record<string, unknown> = {};
  const http = {
    token: 'visitor',
    call: async <T,>(_method: string, path: string): Promise<T> => {
      calls.push(path);
      if (path === '/widget/flags') return { flags } as T;
      return { data: [hit] } as T;
    },
  } as unknown as Http;
  const runtime = { store: new Store(), flags: new Flags(), http, locale: 'en' } as unknown as Runtime;
  const help = new HelpController(runtime);
  const type = async (draft: string) => {
    runtime.store.set({ draft });
    await help.suggestFor(draft);
  };
  return {
    help,
    type,
    calls: () => calls.filter((c) => c.includes('purpose=suggest')),
    loadFlags: async (values: Record<string, unknown>) => {
      flags = values;
      await runtime.flags.load(http);
    },
  };
}

beforeEach(() => {
  vi.stubGlobal('location', { pathname: '/settings/billing' });
  vi.stubGlobal('addEventListener', () => undefined);
  vi.stubGlobal('fetch', async () => new Response(null, { status: 202 }));
});
afterEach(() => vi.unstubAllGlobals());

describe('suggestions while typing a question', () => {
  it('are asked for when the help-links flag is on', async () => {
    const t = setUp();
    await t.loadFlags({ [HELP_LINKS_FLAG]: true });
    await t.type('where are my invoices');
    expect(t.calls()).toHaveLength(1);
    expect(t.help.state.typing.hits.map((h) => h.id)).toEqual(['a1']);
  });

  it('are never asked for in the holdout arm, nor before the flags are known', async () => {
    const t = setUp();
    await t.type('where are my invoices');
    expect(t.calls()).toEqual([]);
    await t.loadFlags({ [HELP_LINKS_FLAG]: false });
    await t.type('where are my invoices now');
    expect(t.calls()).toEqual([]);
    expect(t.help.state.typing.hits).toEqual([]);
    expect(t.help.pageSuggestions()).toEqual([]);
  });
});
