import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Article } from '../../contracts/knowledge.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, type TestWorkspace } from '../../test/factories.ts';
import { FEEDBACK_LIMIT } from './help/routes.ts';
import { newId } from '../platform/ids.ts';
import { articleFeedback, articleViews, searchLog } from './schema.ts';

/** The public Help Center as a crawler or a browser without JavaScript gets it. */

let baton: TestBaton;
let ws: TestWorkspace;
let base = '';
let article: Article;

const get = (url: string, headers: Record<string, string> = {}) => baton.app.inject({ url, headers });
const api = (method: string, url: string, payload?: unknown) =>
  baton.app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${ws.apiKey}` }, ...(payload ? { payload: payload as object } : {}) });
const tokenOf = (html: string) => /name="token" value="([^"]+)"/.exec(html)?.[1] ?? '';
const vote = (path: string, form: Record<string, string>, headers: Record<string, string> = {}, ip = '10.0.0.1') =>
  baton.app.inject({ method: 'POST', url: `${path}/feedback`, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: new URLSearchParams(form).toString(), remoteAddress: ip });

beforeAll(async () => {
  baton = await startBaton();
  ws = await createWorkspace(baton, 'Helpful Co');
  await baton.services.knowledge.seedDemo(ws.workspaceId);
  const slug = (await baton.services.workspaces.settings(ws.workspaceId)).slug;
  base = `/help/${slug}`;
  const created = await api('POST', '/api/v1/articles', {
    translations: { en: { title: 'Only in English', description: 'Not translated', body: 'Hello <script>alert(1)</script> **world**\n\n<img src=x onerror=alert(1)>' } },
    publish: true,
  });
  article = created.json<Article>();
});
afterAll(() => baton?.stop());

describe('Help Center pages', () => {
  it('sends the browser to its language', async () => {
    const res = await get(base, { 'accept-language': 'zh-TW,zh;q=0.9,en;q=0.5' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`${base}/zh-Hant/`);
    expect((await get(base, { 'accept-language': 'kk-KZ' })).headers.location).toBe(`${base}/kk/`);
    expect((await get(base)).headers.location).toBe(`${base}/en/`);
  });

  it('renders the home page in Russian with collections, search and SEO tags', async () => {
    const res = await get(`${base}/ru/`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    const html = res.body;
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('<title>Справочный центр – Helpful Co</title>');
    expect(html).toContain('Аккаунт и команда');
    expect(html).toContain(`action="${base}/ru/search"`);
    expect(html).toContain('<a class="skip" href="#main">Перейти к содержанию</a>');
    expect(html).toContain('<main id="main">');
    expect(html).toMatch(/<link rel="canonical" href="http:\/\/[^"]+\/ru\/">/);
    for (const l of ['en', 'zh-Hans', 'zh-Hant', 'ru', 'kk', 'x-default']) expect(html).toContain(`hreflang="${l}"`);
    expect(html).toContain('<meta property="og:title" content="Справочный центр – Helpful Co">');
    expect(html).not.toContain('<script');
  });

  it('answers a repeated request with 304 when nothing changed', async () => {
    const first = await get(`${base}/en/`);
    expect(first.headers.etag).toBeTruthy();
    expect(first.headers['last-modified']).toBeTruthy();
    const again = await get(`${base}/en/`, { 'if-none-match': String(first.headers.etag) });
    expect(again.statusCode).toBe(304);
  });

  it('renders a collection page with breadcrumbs and its articles', async () => {
    const home = (await get(`${base}/kk/`)).body;
    const href = /href="([^"]+\/collections\/[^"]+)">Төлем және деректер</.exec(home)?.[1];
    expect(href).toBeTruthy();
    const res = await get(href!);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<nav class="crumbs" aria-label="Навигация жолы">');
    expect(res.body).toContain('Деректерді экспорттау');
  });

  it('renders an article with breadcrumbs, hreflang to each translation, related articles and the feedback form', async () => {
    const res = await get(`${base}/ru/articles/${encodeURIComponent('сброс-забытого-пароля')}`);
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('<h1>Сброс забытого пароля</h1>');
    expect(html).toContain('<blockquote class="callout callout-note">');
    expect(html).toContain('hreflang="zh-Hans" href="http://localhost:0' + base + '/zh-Hans/articles/%E9%87%8D%E7%BD%AE');
    expect(html).toContain('<meta property="og:type" content="article">');
    expect(html).toContain('Похожие статьи');
    expect(html).toContain('Статья была полезной?');
    expect(html).toMatch(/<form method="post" action="[^"]+\/feedback">/);
    // The switcher leads to each translation's own address.
    expect(html).toContain(`href="${base}/en/articles/reset-a-forgotten-password" hreflang="en"`);
  });

  it('redirects another locale’s slug to the reader’s translation', async () => {
    const res = await get(`${base}/ru/articles/reset-a-forgotten-password`);
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe(`${base}/ru/articles/${encodeURIComponent('сброс-забытого-пароля')}`);
  });

  it('falls back to the default locale when a translation is missing, and says so', async () => {
    const res = await get(`${base}/kk/articles/only-in-english`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="kk">');
    expect(res.body).toContain('Бұл мақала әзірге «Қазақша» тілінде жоқ');
    expect(res.body).toContain('<article class="body" lang="en">');
    expect(res.body).toMatch(/<link rel="canonical" href="[^"]+\/en\/articles\/only-in-english">/);
  });

  it('never puts an author’s script into the page', async () => {
    const html = (await get(`${base}/en/articles/only-in-english`)).body;
    expect(html).toContain('Hello &lt;script&gt;alert(1)&lt;/script&gt; <strong>world</strong>');
    expect(html).not.toMatch(/<script|<img src=x/);
  });

  it('escapes what a reader types into the search', async () => {
    const res = await get(`${base}/en/search?q=${encodeURIComponent('"><script>alert(1)</script>')}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<script>alert(1)');
    expect(res.body).toContain('&quot;&gt;&lt;script&gt;');
  });

  it('has shareable search URLs with highlighted results, and says so when nothing matches', async () => {
    const res = await get(`${base}/zh-Hans/search?q=${encodeURIComponent('如何重置密码')}`);
    expect(res.body).toContain('<mark>重置</mark>忘记的<mark>密码</mark>');
    expect(res.body).toContain('<meta name="robots" content="noindex">');
    const none = await get(`${base}/ru/search?q=${encodeURIComponent('рецепт борща')}`);
    expect(none.body).toContain('По запросу «рецепт борща» статей не найдено.');
  });

  it('serves a valid sitemap with every published translation and its alternates', async () => {
    // One translation published, one still a draft: only the first may be listed.
    const half = (await api('POST', '/api/v1/articles', { translations: { en: { title: 'Half translated' }, ru: { title: 'Наполовину' } } })).json<Article>();
    expect((await api('POST', `/api/v1/articles/${half.id}/translations/en/publish`)).statusCode).toBe(200);
    onTestFinished(async () => void (await api('DELETE', `/api/v1/articles/${half.id}`)));

    const res = await get(`${base}/sitemap.xml`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    const xml = res.body;
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">')).toBe(true);
    expect(xml.trimEnd().endsWith('</urlset>')).toBe(true);
    expect(xml).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
    const entries = [...xml.matchAll(/<url>(.*?)<\/url>/g)].map((m) => {
      const body = m[1]!;
      const locs = [...body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((x) => x[1]!);
      const alternates = new Map([...body.matchAll(/<xhtml:link rel="alternate" hreflang="([^"]+)" href="([^"]+)"\/>/g)].map((x) => [x[1]!, x[2]!]));
      const rest = body.replace(/<loc>[^<]+<\/loc>|<lastmod>[^<]+<\/lastmod>|<xhtml:link [^>]+\/>/g, '');
      return { loc: locs[0]!, locs, lastmod: /<lastmod>([^<]+)<\/lastmod>/.exec(body)?.[1], alternates, rest };
    });
    const locs = entries.map((e) => e.loc);
    expect(new Set(locs).size).toBe(locs.length);
    for (const e of entries) {
      expect(e.locs, e.loc).toHaveLength(1);
      expect(e.rest, e.loc).toBe('');
      expect(e.loc.length).toBeLessThanOrEqual(2048);
      if (e.lastmod) expect(new Date(e.lastmod).toISOString()).toBe(e.lastmod);
      // hreflang: the page itself is among its alternates, every alternate is listed and points
      // back (Google ignores one-way pairs), and x-default is one of them.
      expect([...e.alternates.values()], e.loc).toContain(e.loc);
      expect([...e.alternates.values()]).toContain(e.alternates.get('x-default'));
      for (const [lang, href] of e.alternates) {
        if (lang === 'x-default') continue;
        expect(['en', 'zh-Hans', 'zh-Hant', 'ru', 'kk']).toContain(lang);
        const other = entries.find((x) => x.loc === href);
        expect(other, `${e.loc} → ${href}`).toBeDefined();
        expect([...other!.alternates.values()]).toContain(e.loc);
      }
    }
    // Exactly the published translations, by the public URL the API gives each one.
    const all = (await api('GET', '/api/v1/articles?limit=100')).json<{ data: Article[] }>().data;
    const published = all.flatMap((a) => a.translations.filter((t) => t.state === 'published').map((t) => t.url!));
    expect(published).toHaveLength(4 * 5 + 2);
    expect(locs.filter((l) => l.includes('/articles/')).sort()).toEqual(published.sort());
    expect(locs.some((l) => l.includes(encodeURIComponent('наполовину')))).toBe(false);
    // The five homes and the demo's two collections in each locale.
    expect(locs.filter((l) => /\/[\w-]+\/$/.test(l))).toHaveLength(5);
    expect(locs.filter((l) => l.includes('/collections/'))).toHaveLength(2 * 5);
    // Every listed page is served, with the same hreflang set in its head.
    for (const e of entries.filter((_, i) => i % 4 === 0)) {
      const page = await get(new URL(e.loc).pathname);
      expect(page.statusCode, e.loc).toBe(200);
      const head = new Map([...page.body.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">/g)].map((x) => [x[1]!, x[2]!]));
      expect(head, e.loc).toEqual(e.alternates);
    }
  });

  it('answers 404 pages for unknown workspaces, locales and articles', async () => {
    expect((await get('/help/nobody-000000/en/')).statusCode).toBe(404);
    expect((await get(`${base}/xx/`)).statusCode).toBe(404);
    const missing = await get(`${base}/ru/articles/nope`);
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('Страница не найдена');
  });

  it('hides drafts and another workspace’s articles', async () => {
    await api('POST', '/api/v1/articles', { translations: { en: { title: 'Secret draft' } } });
    expect((await get(`${base}/en/articles/secret-draft`)).statusCode).toBe(404);
    const other = await createWorkspace(baton, 'Other');
    const otherSlug = (await baton.services.workspaces.settings(other.workspaceId)).slug;
    expect((await get(`/help/${otherSlug}/en/articles/only-in-english`)).statusCode).toBe(404);
  });

  it('counts article views', async () => {
    await get(`${base}/en/articles/only-in-english`, { 'user-agent': 'counting' });
    const views = await baton.ctx.db.select().from(articleViews).where(eq(articleViews.articleId, article.id));
    expect(views.length).toBeGreaterThan(0);
    expect(views.every((v) => !v.reader.includes('127.0.0.1'))).toBe(true);
  });
});

describe('"was this helpful?" without JavaScript', () => {
  const path = () => `${base}/en/articles/only-in-english`;

  it('stores a vote with a comment and redirects back with thanks', async () => {
    const token = tokenOf((await get(path())).body);
    const res = await vote(path(), { token, helpful: 'no', comment: 'Missing a screenshot' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${path()}?feedback=thanks#feedback`);
    const rows = await baton.ctx.db.select().from(articleFeedback).where(eq(articleFeedback.articleId, article.id));
    expect(rows).toEqual([expect.objectContaining({ helpful: false, comment: 'Missing a screenshot', locale: 'en' })]);
    const thanks = await get(`${path()}?feedback=thanks`);
    expect(thanks.body).toContain('Thank you for your feedback.');
  });

  it('works for a signed-in agent too (no CSRF header needed on a public page)', async () => {
    const token = tokenOf((await get(path())).body);
    const res = await vote(path(), { token, helpful: 'yes' }, { cookie: ws.agentHeaders.cookie! });
    expect(res.statusCode).toBe(303);
  });

  it('refuses forged, cross-site and malformed votes and stores nothing', async () => {
    const token = tokenOf((await get(path())).body);
    const before = (await baton.ctx.db.select().from(articleFeedback)).length;
    expect((await vote(path(), { token: 'forged', helpful: 'yes' })).statusCode).toBe(403);
    expect((await vote(path(), { token, helpful: 'yes' }, { origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await vote(path(), { token, helpful: 'yes' }, { 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await vote(path(), { token, helpful: 'maybe' })).statusCode).toBe(400);
    // A token is for one article and locale only.
    const other = tokenOf((await get(`${base}/en/articles/reset-a-forgotten-password`)).body);
    expect((await vote(path(), { token: other, helpful: 'yes' })).statusCode).toBe(403);
    expect((await baton.ctx.db.select().from(articleFeedback)).length).toBe(before);
  });

  it('limits votes per address', async () => {
    const token = tokenOf((await get(path())).body);
    const statuses: number[] = [];
    for (let i = 0; i < FEEDBACK_LIMIT + 1; i++) statuses.push((await vote(path(), { token, helpful: 'yes' }, {}, '10.9.9.9')).statusCode);
    expect(statuses.slice(0, FEEDBACK_LIMIT).every((s) => s === 303)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect((await vote(path(), { token, helpful: 'yes' }, {}, '10.9.9.10')).statusCode).toBe(303);
  });
});

describe('content analytics', () => {
  it('reports views, readers and helpful votes per translation, and searches without an answer', async () => {
    await get(`${base}/en/search?q=${encodeURIComponent('=FLURBO("zzyzx")')}`);
    const res = await baton.app.inject({ url: '/api/app/knowledge/analytics?days=7', headers: ws.agentHeaders });
    expect(res.statusCode).toBe(200);
    const { articles, gaps } = res.json<{ articles: { article_id: string; locale: string; views: number; readers: number; helpful: number; not_helpful: number; helpful_ratio: number | null }[]; gaps: { query: string; searches: number; without_results: number; locales: string[] }[] }>();
    const mine = articles.find((a) => a.article_id === article.id && a.locale === 'en')!;
    expect(mine.views).toBeGreaterThanOrEqual(5);
    expect(mine.readers).toBeGreaterThanOrEqual(2);
    expect(mine.readers).toBeLessThan(mine.views);
    expect(mine.not_helpful).toBe(1);
    expect(mine.helpful).toBe(1 + FEEDBACK_LIMIT + 1);
    expect(mine.helpful_ratio).toBeCloseTo(mine.helpful / (mine.helpful + 1), 3);
    expect(articles).toHaveLength(5 * 4 + 1);
    expect(gaps.find((g) => g.query === 'рецепт борща')).toMatchObject({ searches: 1, without_results: 1, locales: ['ru'] });
    const { daily } = res.json<{ daily: { date: string; views: number; searches: number; without_results: number }[] }>();
    expect(daily).toHaveLength(7);
    expect(daily.map((d) => d.date)).toEqual([...daily.map((d) => d.date)].sort());
    const sum = (f: (d: (typeof daily)[number]) => number) => daily.reduce((n, d) => n + f(d), 0);
    expect(sum((d) => d.views)).toBe(articles.reduce((n, a) => n + a.views, 0));
    expect(sum((d) => d.without_results)).toBe(gaps.reduce((n, g) => n + g.without_results, 0));
    expect(gaps.some((g) => g.query === 'как сбросить пароль' || g.query === '如何重置密码')).toBe(false);
  });

  it('exports both reports as CSV, safe to open in a spreadsheet', async () => {
    const res = await baton.app.inject({ url: '/api/app/knowledge/analytics/searches.csv?days=7', headers: ws.agentHeaders });
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="search-gaps-7d.csv"');
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toBe('query,searches,without_results,poor_results,locales,last_searched_at');
    expect(lines).toContain(lines.find((l) => l.startsWith('рецепт борща,1,1,0,ru,')));
    expect(res.body).toContain(`"'=flurbo(""zzyzx"")"`);
    const articlesCsv = await baton.app.inject({ url: '/api/app/knowledge/analytics/articles.csv', headers: ws.agentHeaders });
    expect(articlesCsv.body.split('\r\n')[0]).toBe('article_id,locale,title,views,readers,helpful,not_helpful,helpful_ratio,deflections,conversations_after');
    expect(articlesCsv.body).toContain(`${article.id},en,Only in English,`);
    expect((await baton.app.inject({ url: '/api/app/knowledge/analytics/articles.csv' })).statusCode).toBe(401);
  });
});

describe('retention', () => {
  it('deletes views and searches older than the analytics can show, and keeps recent ones', async () => {
    const old = new Date(Date.now() - 500 * 86_400_000);
    await baton.ctx.db.insert(articleViews).values({ workspaceId: ws.workspaceId, id: newId(), articleId: article.id, locale: 'en', reader: 'old-reader', createdAt: old });
    await baton.ctx.db.insert(searchLog).values({ workspaceId: ws.workspaceId, id: newId(), query: 'old', normalizedQuery: 'old', locale: 'en', hits: 0, source: 'api', createdAt: old });
    const before = (await baton.ctx.db.select().from(articleViews)).length;
    await baton.services.knowledge.feedback.prune();
    const views = await baton.ctx.db.select().from(articleViews);
    expect(views.length).toBe(before - 1);
    expect(views.some((v) => v.reader === 'old-reader')).toBe(false);
    const searches = await baton.ctx.db.select().from(searchLog);
    expect(searches.some((s) => s.query === 'old')).toBe(false);
    expect(searches.length).toBeGreaterThan(0);
  });
});

describe('languages offered', () => {
  it('drops a language the Help Center stops offering from pages, sitemap and search', async () => {
    const patch = (locales: string[]) => baton.app.inject({ method: 'PATCH', url: '/api/app/knowledge/settings', headers: ws.agentHeaders, payload: { locales } });
    expect((await patch(['en', 'zh-Hans', 'zh-Hant', 'ru'])).statusCode).toBe(200);
    try {
      expect((await get(`${base}/kk/`)).statusCode).toBe(404);
      const home = (await get(`${base}/en/`)).body;
      expect(home).not.toContain('hreflang="kk"');
      expect((await get(`${base}/sitemap.xml`)).body).not.toContain('/kk/');
      const hits = await api('GET', `/api/v1/articles/search?q=${encodeURIComponent('құпия сөзімді ұмыттым')}&locale=en`);
      expect(hits.json<{ data: { locale: string }[] }>().data.every((h) => h.locale !== 'kk')).toBe(true);
    } finally {
      await patch(['en', 'zh-Hans', 'zh-Hant', 'ru', 'kk']);
    }
  });
});

describe('custom domain', () => {
  const patch = (who: TestWorkspace, custom_domain: string | null) =>
    baton.app.inject({ method: 'PATCH', url: '/api/app/knowledge/settings', headers: who.agentHeaders, payload: { custom_domain } });
  const onDomain = (url: string, host = 'Help.Helpful.test') => baton.app.inject({ url, headers: { host } });

  it('serves the Help Center at the root of its own domain, with links and canonical URLs there', async () => {
    const res = await patch(ws, 'HELP.helpful.test');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ custom_domain: 'help.helpful.test', url: 'http://help.helpful.test/en/' });
    try {
      const home = await onDomain('/en/');
      expect(home.statusCode).toBe(200);
      expect(home.body).toContain('<link rel="canonical" href="http://help.helpful.test/en/">');
      expect(home.body).toContain('action="/en/search"');
      const article = await onDomain('/en/articles/only-in-english');
      expect(article.statusCode).toBe(200);
      expect(article.body).toContain('<h1>Only in English</h1>');
      expect((await onDomain('/', 'help.helpful.test:443')).headers.location).toBe('/en/');
      expect((await onDomain('/sitemap.xml')).body).toContain('<loc>http://help.helpful.test/en/articles/only-in-english</loc>');
      const robots = await onDomain('/robots.txt');
      expect(robots.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(robots.body).toBe('User-agent: *\nAllow: /\nSitemap: http://help.helpful.test/sitemap.xml\n');
      // Only the Help Center lives there: no dashboard, no API, no other workspace's Help Center.
      expect((await onDomain('/api/v1/articles')).statusCode).toBe(404);
      expect((await onDomain('/app/')).statusCode).toBe(404);
      const neighbour = await createWorkspace(baton, 'Neighbour Co');
      const neighbourSlug = (await baton.services.workspaces.settings(neighbour.workspaceId)).slug;
      expect((await get(`/help/${neighbourSlug}/en/`)).statusCode).toBe(200);
      expect((await onDomain(`/help/${neighbourSlug}/en/`)).statusCode).toBe(404);
      expect((await onDomain(`/help/${neighbourSlug}/sitemap.xml`)).statusCode).toBe(404);
      // Article images keep their one address, which the domain serves too.
      expect(baton.services.knowledge.domains.rewrite('help.helpful.test', '/help/files/a.png')).toBe('/help/files/a.png');
      const sitemap = (await onDomain('/sitemap.xml')).body;
      expect(sitemap).toContain('hreflang="en" href="http://help.helpful.test/en/articles/only-in-english"');
      expect(sitemap).not.toContain('/help/');
      // Baton's own address sends readers to the domain.
      const moved = await get(`${base}/en/articles/only-in-english?x=1`);
      expect(moved.statusCode).toBe(301);
      expect(moved.headers.location).toBe('http://help.helpful.test/en/articles/only-in-english?x=1');
      // The feedback form posts on the domain itself.
      const token = tokenOf(article.body);
      const voted = await baton.app.inject({
        method: 'POST',
        url: '/en/articles/only-in-english/feedback',
        headers: { host: 'help.helpful.test', origin: 'http://help.helpful.test', 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ token, helpful: 'yes' }).toString(),
        remoteAddress: '10.7.7.7',
      });
      expect(voted.statusCode).toBe(303);
      expect(voted.headers.location).toBe('/en/articles/only-in-english?feedback=thanks#feedback');
    } finally {
      await patch(ws, null);
    }
    expect((await onDomain('/en/')).statusCode).toBe(404);
    expect((await get(`${base}/en/`)).statusCode).toBe(200);
  });

  it('refuses a domain another Help Center uses, Baton’s own host and malformed names', async () => {
    const other = await createWorkspace(baton, 'Domain taker');
    expect((await patch(other, 'shared.helpful.test')).statusCode).toBe(200);
    for (const [domain, field] of [['shared.helpful.test', 'body.custom_domain'], ['localhost', 'body.custom_domain'], ['not a host', 'body.custom_domain']] as const) {
      const res = await patch(ws, domain);
      expect(res.statusCode, domain).toBe(400);
      expect(res.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe(field);
    }
    const mine = await baton.app.inject({ url: '/api/app/knowledge/settings', headers: ws.agentHeaders });
    expect(mine.json<{ custom_domain: string | null }>().custom_domain).toBeNull();
  });
});
