import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BootResponse } from '../../contracts/messenger.ts';
import type { HelpArticle, HelpHome, HelpSearchHit } from '../../contracts/help.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, type TestWorkspace } from '../../test/factories.ts';

/**
 * The Messenger's help space over HTTP: home with collections and page rules, search and
 * articles in the visitor's locale with fallback, help events on the contact, the visitor's
 * flags, and workspace isolation. Runs on PGlite and, with DATABASE_URL, on PostgreSQL.
 */

let baton: TestBaton;
let a: TestWorkspace;
let b: TestWorkspace;
let ip = 0;

type Headers = Record<string, string>;
async function visitor(w: TestWorkspace, settings: Record<string, unknown> = {}): Promise<{ headers: Headers; boot: BootResponse }> {
  const res = await baton.app.inject({ method: 'POST', url: '/widget/boot', payload: { app_id: w.writeKey, ...settings }, remoteAddress: `10.9.0.${++ip}` });
  expect(res.statusCode, res.body).toBe(200);
  const boot = res.json<BootResponse>();
  return { boot, headers: { 'x-baton-app': w.writeKey, 'x-baton-visitor': boot.visitor_token } };
}
const get = async <T>(headers: Headers, url: string) => {
  const res = await baton.app.inject({ method: 'GET', url, headers });
  return { status: res.statusCode, body: res.json<T>(), headers: res.headers };
};
const post = async (headers: Headers, url: string, payload: object) => {
  const res = await baton.app.inject({ method: 'POST', url, headers, payload });
  return { status: res.statusCode, body: res.body ? res.json() : null };
};
const putRules = (w: TestWorkspace, data: unknown) =>
  baton.app.inject({ method: 'PUT', url: '/api/app/knowledge/page-suggestions', headers: w.agentHeaders, payload: { data } });

beforeAll(async () => {
  baton = await startBaton();
  a = await createWorkspace(baton, 'Help A');
  b = await createWorkspace(baton, 'Help B');
  await baton.services.knowledge.seedDemo(a.workspaceId);
});
afterAll(() => baton?.stop());

describe('help space in the Messenger', () => {
  it('home lists collections with their articles in the visitor locale; search finds in Russian with highlights', async () => {
    const v = await visitor(a, { locale: 'ru' });
    const home = await get<HelpHome>(v.headers, '/widget/help/home?locale=ru');
    expect(home.status).toBe(200);
    expect(home.headers['access-control-allow-origin']).toBe('*');
    expect(home.body.collections.length).toBeGreaterThan(0);
    expect(home.body.help_center_url).toMatch(/\/help\/help-a-[a-z0-9]+\/ru\/$/);
    const titles = home.body.collections.flatMap((c) => c.articles.map((x) => x.title));
    expect(titles).toContain('Сброс забытого пароля');
    const found = await get<{ data: HelpSearchHit[] }>(v.headers, `/widget/help/search?locale=ru&q=${encodeURIComponent('как сбросить пароль')}`);
    expect(found.body.data[0]).toMatchObject({ title: 'Сброс забытого пароля', locale: 'ru' });
    expect(found.body.data[0]!.title_highlight).toContain('<mark>');
  });

  it('an article by slug or id, falling back to the default locale; HTML is the sanitized snapshot', async () => {
    const v = await visitor(a);
    const en = await get<{ data: HelpSearchHit[] }>(v.headers, '/widget/help/search?q=pasword&locale=en');
    const hit = en.body.data[0]!;
    const bySlug = await get<HelpArticle>(v.headers, `/widget/help/articles/${hit.slug}?locale=en`);
    expect(bySlug.status).toBe(200);
    expect(bySlug.body).toMatchObject({ id: hit.id, locale: 'en', title: 'Reset a forgotten password' });
    expect(bySlug.body.html).not.toMatch(/<script|onerror=/i);
    expect(bySlug.body.url).toContain(`/en/articles/${hit.slug}`);
    const byIdInRu = await get<HelpArticle>(v.headers, `/widget/help/articles/${hit.id}?locale=ru`);
    expect(byIdInRu.body.locale).toBe('ru');
    // A locale the Help Center does not offer reads the default.
    const fr = await get<HelpArticle>(v.headers, `/widget/help/articles/${hit.id}?locale=fr-FR`);
    expect(fr.body.locale).toBe('en');
    // Another workspace's visitor cannot read it.
    const other = await visitor(b);
    expect((await get(other.headers, `/widget/help/articles/${hit.id}`)).status).toBe(404);
    expect((await get(other.headers, `/widget/help/search?q=password`)).body).toEqual({ data: [] });
    expect((await get({ 'x-baton-app': a.writeKey, 'x-baton-visitor': 'vt_forged' }, '/widget/help/home')).status).toBe(401);
  });

  it('records help events on the contact and views in content analytics; refuses unknown articles', async () => {
    const v = await visitor(a, { user_id: 'u-help-1', email: 'reader@example.test' });
    const hit = (await get<{ data: HelpSearchHit[] }>(v.headers, '/widget/help/search?q=invoices&locale=en')).body.data[0]!;
    for (const name of ['help_link_clicked', 'article_viewed', 'help_deflection']) {
      expect((await post(v.headers, '/widget/help/events', { name, article_id: hit.id, locale: 'en', source: 'help_link', path: '/settings/billing' })).status).toBe(202);
    }
    // A help link names its article as the page does, by id or slug; the event records the id.
    expect((await post(v.headers, '/widget/help/events', { name: 'help_link_shown', article_id: hit.slug, locale: 'en', source: 'help_link', path: '/settings/billing' })).status).toBe(202);
    for (const unknown of ['01900000-0000-7000-8000-000000000000', 'no-such-article']) {
      const bad = await post(v.headers, '/widget/help/events', { name: 'article_viewed', article_id: unknown });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('body.article_id');
    }
    const wrongName = await post(v.headers, '/widget/help/events', { name: 'anything', article_id: hit.id });
    expect(wrongName.status).toBe(400);
    expect(wrongName.body.errors[0].field).toBe('body.name');
    const { contactId } = await baton.services.inbox.viewer(a.writeKey, v.boot.visitor_token);
    const events = await baton.app.inject({ method: 'GET', url: `/api/v1/contacts/${contactId}/events`, headers: { authorization: `Bearer ${a.apiKey}` } });
    expect(events.statusCode, events.body).toBe(200);
    const names = events.json<{ data: { name: string; properties: Record<string, unknown> }[] }>().data;
    expect(names.map((e) => e.name).sort()).toEqual(['article_viewed', 'help_deflection', 'help_link_clicked', 'help_link_shown']);
    expect(names.find((e) => e.name === 'help_link_shown')!.properties).toMatchObject({ article_id: hit.id, source: 'help_link', path: '/settings/billing' });
    expect(names.find((e) => e.name === 'article_viewed')!.properties).toMatchObject({ article_id: hit.id, locale: 'en', source: 'help_link', path: '/settings/billing' });
    const analytics = await baton.services.knowledge.analytics(a.workspaceId, 7);
    expect(analytics.articles.find((x) => x.article_id === hit.id && x.locale === 'en')).toMatchObject({ views: 1, deflections: 1 });
    expect(analytics.articles.find((x) => x.article_id !== hit.id)!.deflections).toBe(0);
  });

  it('page rules: stored per workspace, validated, shown on the home in the visitor locale', async () => {
    const v = await visitor(a, { locale: 'kk' });
    const home = (await get<HelpHome>(v.headers, '/widget/help/home?locale=kk')).body;
    const ids = home.collections.flatMap((c) => c.articles.map((x) => x.id)).slice(0, 3);
    const bad = await putRules(a, [{ pattern: 'settings', article_ids: ids }]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.data.0.pattern');
    // B cannot point at A's articles.
    const foreign = await putRules(b, [{ pattern: '/x', article_ids: [ids[0]] }]);
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0].field).toBe('body.data.0.article_ids.0');
    const ok = await putRules(a, [{ pattern: '/settings/billing', article_ids: ids }, { pattern: '/projects/*/settings', article_ids: [ids[0]] }]);
    expect(ok.statusCode, ok.body).toBe(200);
    const after = (await get<HelpHome>(v.headers, '/widget/help/home?locale=kk')).body;
    expect(after.pages.map((p) => [p.pattern, p.articles.map((x) => x.id)])).toEqual([['/settings/billing', ids], ['/projects/*/settings', [ids[0]]]]);
    expect(after.pages[0]!.articles[0]!.locale).toBe('kk');
    expect((await get<HelpHome>((await visitor(b)).headers, '/widget/help/home')).body.pages).toEqual([]);
  });

  it('flags: help.links defaults on; a running experiment on the company decides it, exposure recorded once per unit', async () => {
    const v = await visitor(a);
    expect((await get<{ flags: Record<string, unknown> }>(v.headers, '/widget/flags')).body.flags['help.links']).toBe(true);
    const api = (method: 'GET' | 'POST', url: string, payload?: object) =>
      baton.app.inject({ method, url, headers: { authorization: `Bearer ${a.apiKey}` }, ...(payload ? { payload } : {}) });
    const created = await api('POST', '/api/v1/experiments', {
      key: 'help-links-holdout',
      name: 'Help links holdout',
      flag_key: 'help.links',
      unit: 'company',
      variants: [{ key: 'control', weight: 1, value: true }, { key: 'hidden', weight: 1, value: false }],
      registration: {
        hypotheses: [{ text: 'Help links raise activation', metric: 'conversion', direction: 'increase' }],
        metrics: [{ key: 'conversion', label: 'Converted to paid', kind: 'conversion', event: 'subscription_started' }],
        primary_metric: 'conversion', mode: 'fixed', planned_units_per_arm: 100,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    expect((await api('POST', `/api/v1/experiments/${id}/start`)).statusCode).toBe(200);
    const seen: boolean[] = [];
    for (let i = 0; i < 12; i++) {
      const company = { company_id: `acme-${i}`, name: `Acme ${i}` };
      // Two contacts of each company, each booting twice: the company is the unit, exposed once.
      for (let j = 0; j < 2; j++) {
        const c = await visitor(a, { user_id: `help-u-${i}-${j}`, company });
        const first = (await get<{ flags: Record<string, boolean> }>(c.headers, '/widget/flags')).body.flags['help.links']!;
        const again = (await get<{ flags: Record<string, boolean> }>(c.headers, '/widget/flags')).body.flags['help.links']!;
        expect(again).toBe(first);
        if (j === 0) seen.push(first);
        else expect(first).toBe(seen[i]);
      }
    }
    expect(seen).toContain(true);
    expect(seen).toContain(false);
    const view = (await api('GET', `/api/v1/experiments/${id}`)).json<{ variants: { key: string; exposures: number }[] }>();
    expect(view.variants.map((x) => x.exposures)).toEqual([seen.filter(Boolean).length, seen.filter((x) => !x).length]);
    // A visitor without a company is not in this experiment: default, no exposure.
    expect((await get<{ flags: Record<string, unknown> }>((await visitor(a)).headers, '/widget/flags')).body.flags['help.links']).toBe(true);
    expect((await api('GET', `/api/v1/experiments/${id}`)).json<{ variants: { exposures: number }[] }>().variants.reduce((n, x) => n + x.exposures, 0)).toBe(12);
  });
});

describe('alternative formats beside an article', () => {
  it('shows the article’s video after its body on the Help Center and in the Messenger; returns the tour id', async () => {
    const create = (title: string, extra: object) =>
      baton.app.inject({ method: 'POST', url: '/api/v1/articles', headers: { authorization: `Bearer ${a.apiKey}` }, payload: { translations: { en: { title, body: 'Steps.' } }, publish: true, ...extra } });
    const withPlayer = (await create('Set up SSO', { video_url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', tour_id: 'sso-tour' })).json<{ id: string }>();
    const withLink = (await create('Set up SCIM', { video_url: 'https://videos.example.com/scim.mp4?a=1&b=2' })).json<{ id: string }>();
    const slug = (await baton.services.workspaces.settings(a.workspaceId)).slug;

    const page = (await baton.app.inject({ url: `/help/${slug}/en/articles/set-up-sso` })).body;
    const aside = /<aside class="alt-format"[\s\S]*?<\/aside>/.exec(page)?.[0] ?? '';
    expect(page.indexOf('</article>')).toBeLessThan(page.indexOf('<aside class="alt-format"'));
    expect(aside).toContain('Prefer video? Watch it instead');
    expect(aside).toContain('<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"');
    expect(aside).toContain('sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"');
    const linkPage = (await baton.app.inject({ url: `/help/${slug}/ru/articles/set-up-scim` })).body;
    expect(linkPage).toContain('Удобнее видео? Посмотрите его');
    expect(linkPage).toContain('<a href="https://videos.example.com/scim.mp4?a=1&amp;b=2" rel="noopener noreferrer" target="_blank">');
    expect(linkPage).not.toMatch(/<aside class="alt-format"[\s\S]*<iframe/);

    const v = await visitor(a);
    const inMessenger = await get<HelpArticle>(v.headers, `/widget/help/articles/${withPlayer.id}?locale=ru`);
    expect(inMessenger.body).toMatchObject({ tour_id: 'sso-tour', video_url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' });
    expect(inMessenger.body.html).toMatch(/^<p>Steps.<\/p>[\s\S]*<aside class="alt-format"[\s\S]*Удобнее видео[\s\S]*youtube-nocookie\.com\/embed\/dQw4w9WgXcQ/);
    const plain = await get<HelpArticle>(v.headers, `/widget/help/articles/${withLink.id}`);
    expect(plain.body.tour_id).toBeNull();
    expect(plain.body.html).toContain('href="https://videos.example.com/scim.mp4?a=1&amp;b=2"');
  });
});
