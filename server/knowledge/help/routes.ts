import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Ctx } from '../../platform/context.ts';
import { limitPrefix } from '../../platform/auth/rate-limit.ts';
import type { Services } from '../../services.ts';
import type { Catalog, PublishedArticle } from '../catalog.ts';
import type { HelpCenter } from '../settings.ts';
import { storable } from '../storable.ts';
import { checkFeedbackToken, feedbackToken } from './forms.ts';
import { translator } from './messages.ts';
import { articlePage, collectionPage, homePage, messagePage, notFoundPage, pick, searchPage, sitemap, urlsOf } from './pages.ts';

/** Feedback answers one address may send per workspace in ten minutes. */
export const FEEDBACK_LIMIT = 20;

const EMBED_ORIGINS = 'https://www.youtube-nocookie.com https://player.vimeo.com https://www.loom.com';
/** No script may run on a Help Center page, whatever an article contains. */
const PAGE_CSP = `default-src 'none'; img-src * data:; style-src 'unsafe-inline'; frame-src ${EMBED_ORIGINS}; form-action 'self'; base-uri 'none'; frame-ancestors 'self'`;

type Params = { slug: string; locale: string };
type ArticleParams = Params & { article: string };

/**
 * The public Help Center, server-rendered: /help/<workspace-slug>/<locale>/… . Pages are plain
 * HTML with no script, cacheable (ETag, Last-Modified), and the one form (feedback) works
 * without JavaScript.
 */
export async function helpRoutes(app: FastifyInstance, ctx: Ctx, services: Services): Promise<void> {
  const kb = services.knowledge;
  const pub = { config: { publicPage: true }, schema: { hide: true } } as const;

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  const limiter = await feedbackLimiter(ctx.config.REDIS_URL, limitPrefix(ctx.config));
  app.addHook('onClose', async () => limiter.close());

  function page(req: FastifyRequest, reply: FastifyReply, body: string, opts: { status?: number; lastModified?: Date; cache?: boolean } = {}) {
    reply.header('content-type', 'text/html; charset=utf-8').header('content-security-policy', PAGE_CSP).header('x-content-type-options', 'nosniff').header('referrer-policy', 'strict-origin-when-cross-origin');
    const status = opts.status ?? 200;
    if (status !== 200 || opts.cache === false) return reply.status(status).header('cache-control', 'no-store').send(body);
    const etag = `W/"${createHash('sha1').update(body).digest('base64url')}"`;
    reply.header('etag', etag).header('cache-control', 'public, max-age=60, must-revalidate').header('vary', 'accept-encoding');
    if (opts.lastModified) reply.header('last-modified', opts.lastModified.toUTCString());
    if (req.headers['if-none-match'] === etag) return reply.status(304).send();
    return reply.send(body);
  }

  /** Where a page moved to when its Help Center has a custom domain and was asked for on Baton's own host. */
  function onCustomDomain(req: FastifyRequest, hc: HelpCenter): string | null {
    if (!hc.customDomain || (req.method !== 'GET' && req.method !== 'HEAD')) return null;
    if ((req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase() === hc.customDomain) return null;
    const prefix = `/help/${encodeURIComponent(hc.slug)}`;
    return hc.baseUrl + (req.url.startsWith(prefix) ? req.url.slice(prefix.length) || '/' : '/');
  }

  /** The Help Center and locale a URL names; null after answering (404, or a move to the custom domain) itself. */
  async function open(req: FastifyRequest<{ Params: Params }>, reply: FastifyReply): Promise<{ hc: HelpCenter; locale: string } | null> {
    const hc = await kb.settings.bySlug(req.params.slug);
    const moved = hc && onCustomDomain(req, hc);
    if (moved) {
      await reply.redirect(moved, 301);
      return null;
    }
    if (!hc) {
      await reply.status(404).header('content-type', 'text/html; charset=utf-8').header('content-security-policy', PAGE_CSP).send(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body><main><h1>Not found</h1></main></body></html>',
      );
      return null;
    }
    if (!hc.locales.includes(req.params.locale)) {
      await page(req, reply, notFoundPage(hc, hc.defaultLocale), { status: 404 });
      return null;
    }
    return { hc, locale: req.params.locale };
  }

  /** The article whose translation in any locale has this slug; the reader's own translation first. */
  function findArticle(catalog: Catalog, locale: string, slug: string): PublishedArticle | undefined {
    return (
      catalog.articles.find((a) => a.translations.get(locale)?.slug === slug) ??
      catalog.articles.find((a) => [...a.translations.values()].some((t) => t.slug === slug))
    );
  }

  const lastChange = (catalog: Catalog) =>
    new Date(Math.max(0, ...catalog.articles.flatMap((a) => [...a.translations.values()].map((t) => t.publishedAt.getTime())), ...catalog.collections.map((c) => c.updatedAt.getTime())));

  app.get<{ Params: { slug: string } }>('/help/:slug', pub, async (req, reply) => {
    const hc = await kb.settings.bySlug(req.params.slug);
    if (!hc) return reply.status(404).send();
    const home = urlsOf(hc).home(preferredLocale(req.headers['accept-language'], hc));
    return reply.redirect(onCustomDomain(req, hc) ? hc.baseUrl + home : home, 302);
  });
  app.get<{ Params: Params }>('/help/:slug/:locale', pub, async (req, reply) => {
    const found = await open(req, reply);
    if (found) return reply.redirect(urlsOf(found.hc).home(found.locale), 301);
  });

  app.get<{ Params: Params }>('/help/:slug/:locale/', pub, async (req, reply) => {
    const found = await open(req, reply);
    if (!found) return;
    const catalog = await kb.catalog(found.hc.workspaceId, { locales: found.hc.locales });
    return page(req, reply, homePage(found.hc, found.locale, catalog), { lastModified: lastChange(catalog) });
  });

  app.get<{ Params: Params & { ref: string } }>('/help/:slug/:locale/collections/:ref', pub, async (req, reply) => {
    const found = await open(req, reply);
    if (!found) return;
    const { hc, locale } = found;
    const catalog = await kb.catalog(hc.workspaceId, { locales: hc.locales });
    const c = catalog.collections.find((x) => x.id === req.params.ref.slice(0, 36));
    if (!c) return page(req, reply, notFoundPage(hc, locale), { status: 404 });
    return page(req, reply, collectionPage(hc, locale, catalog, c), { lastModified: lastChange(catalog) });
  });

  app.get<{ Params: ArticleParams; Querystring: { feedback?: string } }>('/help/:slug/:locale/articles/:article', pub, async (req, reply) => {
    const found = await open(req, reply);
    if (!found) return;
    const { hc, locale } = found;
    const urls = urlsOf(hc);
    const catalog = await kb.catalog(hc.workspaceId, { locales: hc.locales });
    const article = findArticle(catalog, locale, req.params.article);
    if (!article) return page(req, reply, notFoundPage(hc, locale), { status: 404 });
    const own = article.translations.get(locale);
    // Another locale's slug in this locale's URL: the reader's own translation has its own address.
    if (own && own.slug !== req.params.article) return reply.redirect(urls.article(locale, own.slug), 301);
    const full = (await kb.catalog(hc.workspaceId, { articleId: article.id, content: true, locales: hc.locales })).articles[0];
    if (!full) return page(req, reply, notFoundPage(hc, locale), { status: 404 });
    const translation = full.translations.get(locale) ?? pick(full, hc.defaultLocale, hc.defaultLocale);
    if (req.method === 'GET') await kb.feedback.view(hc.workspaceId, article.id, translation.locale, req.ip, req.headers['user-agent'] ?? '');
    const related = await relatedArticles(hc, catalog, article, locale, translation.title);
    return page(req, reply, articlePage(hc, locale, catalog, {
      article: full,
      translation,
      related,
      feedbackToken: feedbackToken(hc.formKey, article.id, locale),
      thanks: req.query.feedback === 'thanks',
    }), { lastModified: translation.publishedAt });
  });

  /** Articles found by the title's words in the reader's locale, then others of the same collection. */
  async function relatedArticles(hc: HelpCenter, catalog: Catalog, article: PublishedArticle, locale: string, title: string) {
    const urls = urlsOf(hc);
    const hits = await kb.search.search(hc.workspaceId, title, { locale, limit: 6 });
    const ids = [...hits.map((h) => h.article_id), ...catalog.articles.filter((a) => a.collectionId && a.collectionId === article.collectionId).map((a) => a.id)];
    const out: { title: string; path: string; locale: string }[] = [];
    for (const id of new Set(ids)) {
      const a = catalog.articles.find((x) => x.id === id);
      if (!a || a.id === article.id) continue;
      const tr = pick(a, locale, hc.defaultLocale);
      out.push({ title: tr.title, path: urls.article(locale, tr.slug), locale: tr.locale });
      if (out.length === 5) break;
    }
    return out;
  }

  app.post<{ Params: ArticleParams; Body: Record<string, string> | undefined }>('/help/:slug/:locale/articles/:article/feedback', pub, async (req, reply) => {
    const found = await open(req, reply);
    if (!found) return;
    const { hc, locale } = found;
    const t = translator(locale);
    const refuse = (status: number, text: string) => page(req, reply, messagePage(hc, locale, t('feedbackTitle'), text), { status });
    // Anonymous forms have no session to protect, but a vote must come from our own page.
    const origin = req.headers.origin;
    const site = req.headers['sec-fetch-site'];
    if ((origin && origin !== 'null' && new URL(origin).host !== req.headers.host) || site === 'cross-site') return refuse(403, t('feedbackExpired'));
    const catalog = await kb.catalog(hc.workspaceId, { locales: hc.locales });
    const article = findArticle(catalog, locale, req.params.article);
    if (!article) return page(req, reply, notFoundPage(hc, locale), { status: 404 });
    const body = typeof req.body === 'object' && req.body ? req.body : {};
    if (!checkFeedbackToken(hc.formKey, String(body.token ?? ''), article.id, locale)) return refuse(403, t('feedbackExpired'));
    if (body.helpful !== 'yes' && body.helpful !== 'no') return refuse(400, t('feedbackExpired'));
    if (!(await limiter.take(`${hc.workspaceId}:${req.ip}`))) return refuse(429, t('feedbackLimited'));
    const comment = storable(String(body.comment ?? '')).trim().slice(0, 2000) || null;
    const shown = article.translations.get(locale) ?? pick(article, hc.defaultLocale, hc.defaultLocale);
    await kb.feedback.vote(hc.workspaceId, article.id, shown.locale, body.helpful === 'yes', comment);
    const slug = article.translations.get(locale)?.slug ?? shown.slug;
    return reply.redirect(`${urlsOf(hc).article(locale, slug)}?feedback=thanks#feedback`, 303);
  });

  app.get<{ Params: Params; Querystring: { q?: string } }>('/help/:slug/:locale/search', pub, async (req, reply) => {
    const found = await open(req, reply);
    if (!found) return;
    const { hc, locale } = found;
    const q = storable(typeof req.query.q === 'string' ? req.query.q : '').trim().slice(0, 500);
    const results = q ? await kb.search.search(hc.workspaceId, q, { locale, limit: 20, source: 'help_center' }) : [];
    // Not cached: each search is counted for the content-gap report.
    return page(req, reply, searchPage(hc, locale, q, results), { cache: false });
  });

  app.get<{ Params: { slug: string } }>('/help/:slug/sitemap.xml', pub, async (req, reply) => {
    const hc = await kb.settings.bySlug(req.params.slug);
    if (!hc) return reply.status(404).send();
    const moved = onCustomDomain(req, hc);
    if (moved) return reply.redirect(moved, 301);
    const catalog = await kb.catalog(hc.workspaceId, { locales: hc.locales });
    return reply.header('content-type', 'application/xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(sitemap(hc, catalog));
  });

  // Crawlers look for /robots.txt at a host's root: on a custom domain that is this route, and it
  // names the sitemap.
  app.get<{ Params: { slug: string } }>('/help/:slug/robots.txt', pub, async (req, reply) => {
    const hc = await kb.settings.bySlug(req.params.slug);
    if (!hc) return reply.status(404).send();
    const moved = onCustomDomain(req, hc);
    if (moved) return reply.redirect(moved, 301);
    const urls = urlsOf(hc);
    return reply
      .header('content-type', 'text/plain; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send(`User-agent: *\nAllow: /\nSitemap: ${urls.absolute(`${urls.base}/sitemap.xml`)}\n`);
  });

  app.get<{ Params: { name: string } }>('/help/files/:name', pub, async (req, reply) => {
    const file = await kb.uploads.open(req.params.name);
    if (!file) return reply.status(404).send();
    return reply
      .header('content-type', file.contentType)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('content-disposition', 'inline')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(file.bytes);
  });
}

/** The Help Center locale closest to what the browser asks for, else the default. */
export function preferredLocale(acceptLanguage: string | undefined, hc: HelpCenter): string {
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: tag!.trim().toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((w) => w.tag && w.q > 0)
    .sort((a, b) => b.q - a.q);
  // Chinese scripts: Taiwan, Hong Kong and Macau read Traditional, the rest Simplified.
  const script = (tag: string) => (/^zh-(hant|tw|hk|mo)/.test(tag) ? 'zh-hant' : tag.startsWith('zh') ? 'zh-hans' : tag);
  for (const w of wanted) {
    const exact = hc.locales.find((l) => l.toLowerCase() === w.tag || l.toLowerCase() === script(w.tag));
    if (exact) return exact;
    const lang = hc.locales.find((l) => l.toLowerCase().split('-')[0] === w.tag.split('-')[0]);
    if (lang) return lang;
  }
  return hc.defaultLocale;
}

async function feedbackLimiter(redisUrl: string | undefined, keyPrefix: string) {
  const redis = redisUrl ? new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true }) : undefined;
  redis?.on('error', () => undefined);
  await redis?.connect().catch(() => undefined);
  const base = { points: FEEDBACK_LIMIT, duration: 600, keyPrefix: `${keyPrefix}:help-feedback` };
  const memory = new RateLimiterMemory(base);
  const limiter: RateLimiterAbstract = redis ? new RateLimiterRedis({ ...base, storeClient: redis, insuranceLimiter: memory }) : memory;
  return {
    async take(key: string): Promise<boolean> {
      try {
        await limiter.consume(createHash('sha256').update(key).digest('base64url'));
        return true;
      } catch (err) {
        if (err instanceof RateLimiterRes) return false;
        throw err;
      }
    },
    close: () => redis?.disconnect(),
  };
}
