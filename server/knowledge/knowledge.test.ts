import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article, Collection, Revision, SearchResult } from '../../contracts/knowledge.ts';
import { boot, type Baton } from '../boot.ts';
import { loadConfig } from '../platform/config.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, type TestWorkspace } from '../../test/factories.ts';
import { searchLog } from './schema.ts';

/**
 * The knowledge base through its HTTP API: collections, articles, per-locale drafts and
 * publishing, revisions, uploads, and the search each locale's readers get. Runs on PGlite and,
 * with DATABASE_URL, on PostgreSQL.
 */

let baton: TestBaton;
let ws: TestWorkspace;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-kb-'));

const call = async <T = unknown>(method: string, url: string, payload?: unknown, who: TestWorkspace = ws) => {
  const res = await baton.app.inject({
    method: method as 'GET',
    url,
    headers: { authorization: `Bearer ${who.apiKey}` },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: res.statusCode, body: (res.body ? res.json() : null) as T };
};
const search = async (q: string, locale: string) =>
  (await call<{ data: SearchResult[] }>('GET', `/api/v1/articles/search?q=${encodeURIComponent(q)}&locale=${locale}`)).body.data;

beforeAll(async () => {
  baton = await startBaton({ env: { DATA_DIR: dataDir } });
  ws = await createWorkspace(baton, 'Knowledge');
  await baton.services.knowledge.seedDemo(ws.workspaceId);
});
afterAll(async () => {
  await baton?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('search through the API, in each locale', () => {
  it('Russian: "как сбросить пароль" finds "Сброс забытого пароля" with highlights', async () => {
    const [hit] = await search('как сбросить пароль', 'ru');
    expect(hit?.title).toBe('Сброс забытого пароля');
    expect(hit?.title_highlight).toBe('<mark>Сброс</mark> забытого <mark>пароля</mark>');
    expect(hit?.locale).toBe('ru');
    expect(hit?.url).toMatch(/\/help\/knowledge-[a-z0-9]+\/ru\/articles\/%D1%81/);
  });

  it('English: a typo ("pasword") and a prefix ("invo")', async () => {
    expect((await search('pasword', 'en'))[0]?.title).toBe('Reset a forgotten password');
    expect((await search('invo', 'en'))[0]?.title).toBe('Download invoices and update billing details');
  });

  it('Chinese without spaces, Simplified and Traditional', async () => {
    expect((await search('如何重置密码', 'zh-Hans'))[0]?.title).toBe('重置忘记的密码');
    expect((await search('下载发票', 'zh-Hans'))[0]?.title).toBe('下载发票并更新账单信息');
    expect((await search('匯出資料', 'zh-Hant'))[0]?.title).toBe('匯出資料');
    expect((await search('邀請同事', 'zh-Hant'))[0]?.title).toBe('邀請同事');
  });

  it('Kazakh: inflected forms', async () => {
    expect((await search('құпия сөзімді ұмыттым', 'kk'))[0]?.title).toBe('Ұмытылған құпия сөзді қалпына келтіру');
    expect((await search('шоттарды жүктеу', 'kk'))[0]?.title).toBe('Шоттарды жүктеп алу және төлем деректерін өзгерту');
  });

  it('returns nothing rather than noise when no article answers', async () => {
    expect(await search('how to bake a chocolate cake', 'en')).toEqual([]);
    expect(await search('рецепт борща', 'ru')).toEqual([]);
  });

  it('logs each search with its normalized query and hit count for content-gap reports', async () => {
    await search('  Chocolate   CAKE ', 'en');
    const rows = await baton.ctx.db.select().from(searchLog).where(eq(searchLog.workspaceId, ws.workspaceId));
    const row = rows.find((r) => r.query === 'Chocolate   CAKE');
    expect(row).toMatchObject({ normalizedQuery: 'chocolate cake', locale: 'en', hits: 0, source: 'api' });
    expect(rows.find((r) => r.normalizedQuery === 'pasword')?.hits).toBeGreaterThan(0);
  });

  it('names the bad field', async () => {
    const res = await call<{ errors: { field: string }[] }>('GET', '/api/v1/articles/search?q=');
    expect(res.status).toBe(400);
    expect(res.body.errors[0]?.field).toBe('querystring.q');
  });
});

describe('collections', () => {
  it('nests one level and refuses a second', async () => {
    const top = await call<Collection>('POST', '/api/v1/collections', { translations: { en: { name: 'Integrations' } } });
    expect(top.status).toBe(201);
    const child = await call<Collection>('POST', '/api/v1/collections', { parent_id: top.body.id, translations: { en: { name: 'Slack' }, ru: { name: 'Slack', description: 'Уведомления' } } });
    expect(child.status).toBe(201);
    expect(child.body.parent_id).toBe(top.body.id);
    const grandchild = await call<{ errors: { field: string }[] }>('POST', '/api/v1/collections', { parent_id: child.body.id, translations: { en: { name: 'Too deep' } } });
    expect(grandchild.status).toBe(400);
    expect(grandchild.body.errors[0]?.field).toBe('body.parent_id');
    const moveParent = await call('PATCH', `/api/v1/collections/${top.body.id}`, { parent_id: child.body.id });
    expect(moveParent.status).toBe(400);
    const del = await call('DELETE', `/api/v1/collections/${top.body.id}`);
    expect(del.status).toBe(409);
  });

  it('refuses a locale the Help Center does not offer, naming it', async () => {
    const res = await call<{ errors: { field: string }[] }>('POST', '/api/v1/collections', { translations: { de: { name: 'Konto' } } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]?.field).toBe('body.translations.de');
  });

  it('accepts more locales once the workspace configures them', async () => {
    const settings = await baton.app.inject({ method: 'PATCH', url: '/api/app/knowledge/settings', headers: ws.agentHeaders, payload: { locales: ['en', 'zh-Hans', 'zh-Hant', 'ru', 'kk', 'de'] } });
    expect(settings.statusCode).toBe(200);
    expect(settings.json<{ locales: string[] }>().locales).toContain('de');
    const res = await call('POST', '/api/v1/collections', { translations: { de: { name: 'Konto' } } });
    expect(res.status).toBe(201);
  });
});

describe('articles, drafts and publishing', () => {
  let article: Article;

  it('creates an article as a draft with a slug from the title in each script', async () => {
    const res = await call<Article>('POST', '/api/v1/articles', {
      translations: {
        en: { title: 'Connect Slack notifications', body: 'Open **Settings → Integrations**.' },
        ru: { title: 'Уведомления в Slack', body: 'Откройте **Настройки → Интеграции**.' },
      },
      video_url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      tour_id: 'tour-slack',
    });
    expect(res.status).toBe(201);
    article = res.body;
    const en = article.translations.find((t) => t.locale === 'en')!;
    expect(en).toMatchObject({ slug: 'connect-slack-notifications', state: 'draft', url: null });
    expect(en.html).toContain('<strong>Settings → Integrations</strong>');
    expect(article.translations.find((t) => t.locale === 'ru')?.slug).toBe('уведомления-в-slack');
    expect(article).toMatchObject({ tour_id: 'tour-slack', video_url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' });
    expect(await search('slack notifications', 'en')).toEqual([]);
  });

  it('publishes one translation: it is searchable, the other locale stays a draft', async () => {
    const res = await call<Article>('POST', `/api/v1/articles/${article.id}/translations/en/publish`);
    expect(res.status).toBe(200);
    const en = res.body.translations.find((t) => t.locale === 'en')!;
    expect(en.state).toBe('published');
    expect(en.url).toMatch(/\/en\/articles\/connect-slack-notifications$/);
    expect(res.body.translations.find((t) => t.locale === 'ru')?.state).toBe('draft');
    expect((await search('slack notifications', 'en'))[0]?.article_id).toBe(article.id);
    const list = await call<{ data: Article[] }>('GET', '/api/v1/articles?locale=ru&state=draft');
    expect(list.body.data.map((a) => a.id)).toEqual([article.id]);
  });

  it('edits to a published translation stay a draft until published again, with revisions to restore', async () => {
    const saved = await call<Article>('PUT', `/api/v1/articles/${article.id}/translations/en`, { title: 'Connect Slack alerts', body: 'Changed body' });
    const en = saved.body.translations.find((t) => t.locale === 'en')!;
    expect(en).toMatchObject({ state: 'published', has_unpublished_changes: true, slug: 'connect-slack-notifications' });
    // Readers still find the published text.
    expect((await search('slack notifications', 'en'))[0]?.title).toBe('Connect Slack notifications');
    expect((await search('slack alerts', 'en')).map((h) => h.title)).not.toContain('Connect Slack alerts');

    const revs = await call<{ data: Revision[] }>('GET', `/api/v1/articles/${article.id}/translations/en/revisions`);
    expect(revs.body.data.map((r) => r.kind)).toEqual(['saved', 'published', 'created']);
    const first = revs.body.data.at(-1)!;
    const restored = await call<Article>('POST', `/api/v1/articles/${article.id}/translations/en/revisions/${first.id}/restore`);
    expect(restored.status).toBe(200);
    const back = restored.body.translations.find((t) => t.locale === 'en')!;
    expect(back).toMatchObject({ title: 'Connect Slack notifications', body: 'Open **Settings → Integrations**.', has_unpublished_changes: false });
    const after = await call<{ data: Revision[] }>('GET', `/api/v1/articles/${article.id}/translations/en/revisions`);
    expect(after.body.data[0]?.kind).toBe('restored');
  });

  it('refuses a slug another article of the locale has, naming the field, and changes nothing', async () => {
    const other = await call<Article>('POST', '/api/v1/articles', { translations: { en: { title: 'Other' } } });
    const res = await call<{ errors: { field: string }[] }>('PUT', `/api/v1/articles/${other.body.id}/translations/en`, { title: 'Other', slug: 'connect-slack-notifications' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]?.field).toBe('body.translations.en.slug');
    expect((await call<Article>('GET', `/api/v1/articles/${other.body.id}`)).body.translations[0]?.slug).toBe('other');
    // The same title again gets a numbered slug rather than an error.
    const again = await call<Article>('POST', '/api/v1/articles', { translations: { en: { title: 'Other' } } });
    expect(again.body.translations[0]?.slug).toBe('other-2');
  });

  it('refuses bad input naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ translations: {} }, 'body.translations'],
      [{ translations: { en: { title: '' } } }, 'body.translations.en.title'],
      [{ translations: { en: { title: 'x', slug: 'Has Spaces' } } }, 'body.translations.en.slug'],
      [{ translations: { en: { title: 'x' } }, video_url: 'javascript:alert(1)' }, 'body.video_url'],
      [{ translations: { en: { title: 'x' } }, workspace_id: ws.workspaceId }, 'body'],
      [{ translations: { en: { title: 'x' } }, collection_id: '00000000-0000-7000-8000-000000000000' }, 'body.collection_id'],
      [{ translations: { en: { title: 'x', body: 'nul \u0000 here' } } }, 'body.translations.en.body'],
      [{ translations: { en: { title: 'lone \uD800 surrogate' } } }, 'body.translations.en.title'],
    ];
    for (const [payload, field] of cases) {
      const res = await call<{ errors: { field: string }[] }>('POST', '/api/v1/articles', payload);
      expect(res.status, JSON.stringify(payload)).toBe(400);
      expect(res.body.errors.map((e) => e.field).join(','), JSON.stringify(payload)).toContain(field);
    }
  });

  it('refuses a cursor that is not one it gave', async () => {
    const res = await call<{ errors: { field: string }[] }>('GET', '/api/v1/articles?cursor=nonsense');
    expect(res.status).toBe(400);
    expect(res.body.errors[0]?.field).toBe('querystring.cursor');
    const page1 = await call<{ data: Article[]; next_cursor: string }>('GET', '/api/v1/articles?limit=2');
    const page2 = await call<{ data: Article[] }>('GET', `/api/v1/articles?limit=2&cursor=${page1.body.next_cursor}`);
    expect(page2.body.data[0]!.id > page1.body.data[1]!.id).toBe(true);
  });

  it('unpublishing and deleting take the article out of search', async () => {
    await call('POST', `/api/v1/articles/${article.id}/translations/en/unpublish`);
    expect(await search('slack notifications', 'en')).toEqual([]);
    await call('POST', `/api/v1/articles/${article.id}/translations/en/publish`);
    expect((await search('slack notifications', 'en'))[0]?.article_id).toBe(article.id);
    expect((await call('DELETE', `/api/v1/articles/${article.id}`)).status).toBe(204);
    expect(await search('slack notifications', 'en')).toEqual([]);
    expect((await call('GET', `/api/v1/articles/${article.id}`)).status).toBe(404);
  });

  it('an index built lazily after a restart of the node reads the current state', async () => {
    baton.services.knowledge.search.forget(ws.workspaceId);
    expect((await search('pasword', 'en'))[0]?.title).toBe('Reset a forgotten password');
  });
});

describe('dashboard routes', () => {
  it('refuses a bad theme naming the field and keeps a good one', async () => {
    const patch = (payload: unknown, headers = ws.agentHeaders) => baton.app.inject({ method: 'PATCH', url: '/api/app/knowledge/settings', headers, payload: payload as object });
    for (const [payload, field] of [
      [{ brand_color: 'red;}body{display:none' }, 'body.brand_color'],
      [{ logo_url: 'javascript:alert(1)' }, 'body.logo_url'],
      [{ header_links: [{ label: 'x', url: 'data:text/html,hi' }] }, 'body.header_links.0.url'],
      [{ locales: ['not a locale'] }, 'body.locales.0'],
    ] as const) {
      const res = await patch(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe(field);
    }
    const ok = await patch({ brand_color: '#ffe066', logo_url: 'https://cdn.example.com/logo.png', header_links: [{ label: 'Status', url: 'https://status.example.com' }] });
    expect(ok.json()).toMatchObject({ brand_color: '#ffe066', logo_url: 'https://cdn.example.com/logo.png', header_links: [{ label: 'Status', url: 'https://status.example.com' }] });
  });

  it('previews markdown with the published renderer', async () => {
    const res = await baton.app.inject({ method: 'POST', url: '/api/app/knowledge/preview', headers: ws.agentHeaders, payload: { body: '> [!TIP]\n> <script>x</script> **ok**' } });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ html: string }>().html).toBe('<blockquote class="callout callout-tip">\n<p>&lt;script&gt;x&lt;/script&gt; <strong>ok</strong></p>\n</blockquote>\n');
    expect((await baton.app.inject({ method: 'POST', url: '/api/app/knowledge/preview', payload: { body: 'x' } })).statusCode).toBe(401);
  });

  const upload = (bytes: Buffer, filename: string, type: string) => {
    const boundary = '----baton-test';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return baton.app.inject({ method: 'POST', url: '/api/app/knowledge/uploads', headers: { ...ws.agentHeaders, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
  };
  const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8cfc0f01f0005000201a5d0f1e70000000049454e44ae426082', 'hex');

  it('stores an uploaded image under an unguessable name and serves it with its real type', async () => {
    const res = await upload(PNG, 'shot.png', 'image/png');
    expect(res.statusCode).toBe(201);
    const { url } = res.json<{ url: string }>();
    expect(url).toMatch(/^\/help\/files\/[A-Za-z0-9_-]{32}\.png$/);
    const file = await baton.app.inject(url);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.rawPayload.equals(PNG)).toBe(true);
    expect(fs.readdirSync(path.join(dataDir, 'uploads'))).toHaveLength(1);
  });

  it('refuses SVG, HTML and files that only claim to be images', async () => {
    const svg = await upload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'x.svg', 'image/svg+xml');
    expect(svg.statusCode).toBe(415);
    const html = await upload(Buffer.from('<html><script>alert(1)</script></html>'), 'x.png', 'image/png');
    expect(html.statusCode).toBe(415);
    const big = await upload(Buffer.concat([PNG, Buffer.alloc(6 * 1024 * 1024)]), 'big.png', 'image/png');
    expect(big.statusCode).toBe(413);
    expect((await baton.app.inject('/help/files/..%2f..%2fetc%2fpasswd')).statusCode).toBe(404);
    expect(fs.readdirSync(path.join(dataDir, 'uploads'))).toHaveLength(1);
  });
});

describe.skipIf(!process.env.REDIS_URL)('several nodes', () => {
  let second: Baton;
  beforeAll(async () => {
    const config = loadConfig({ LOG_LEVEL: 'silent', BATON_DEMO: '0', PORT: '0', DATA_DIR: dataDir, REDIS_URL: process.env.REDIS_URL! });
    second = await boot(config, { database: baton.ctx.database, work: false });
  });
  afterAll(() => second?.close());

  it("a node whose index is loaded sees another node's publish through the broadcast", async () => {
    // A third node writes; the second one learns of the change only through Redis.
    const third = await boot(loadConfig({ LOG_LEVEL: 'silent', BATON_DEMO: '0', PORT: '0', DATA_DIR: dataDir, REDIS_URL: process.env.REDIS_URL! }), { database: baton.ctx.database, work: false });
    try {
      const q = async (node: Baton) => node.services.knowledge.search.search(ws.workspaceId, 'webhook retries', { locale: 'en' });
      expect(await q(second)).toEqual([]); // loads the second node's index now
      const created = await third.services.knowledge.articles.create(ws.workspaceId, { translations: { en: { title: 'Webhook retries', body: 'Failed deliveries are retried.' } }, publish: true }, null);
      // Through Redis on a loaded machine: give it time.
      const deadline = Date.now() + 30_000;
      let hits = await q(second);
      while (hits.length === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        hits = await q(second);
      }
      expect(hits[0]?.article_id).toBe(created.id);

      // A custom domain set through one node is routed by the others too.
      await third.services.knowledge.settings.update(ws.workspaceId, { custom_domain: 'kb.multi-node.test' });
      const slug = (await baton.services.workspaces.settings(ws.workspaceId)).slug;
      const routed = () => second.services.knowledge.domains.rewrite('kb.multi-node.test', '/en/');
      while (routed() === '/en/' && Date.now() < deadline + 30_000) await new Promise((r) => setTimeout(r, 50));
      expect(routed()).toBe(`/help/${slug}/en/`);
      await third.services.knowledge.settings.update(ws.workspaceId, { custom_domain: null });
    } finally {
      await third.close();
    }
  });
});
