import type { SearchResult } from '../../../contracts/knowledge.ts';
import { collectionName, type Catalog, type CatalogCollection, type PublishedArticle, type PublishedTranslation } from '../catalog.ts';
import type { HelpCenter } from '../settings.ts';
import { embedUrl, player } from '../markdown.ts';
import { slugify } from '../slugs.ts';
import { html, trusted, type SafeHtml } from './html.ts';
import { languageName, translator, type Translate } from './messages.ts';
import { stylesheet } from './style.ts';

/** The Help Center's pages as HTML strings: no client script, everything escaped but article bodies from the sanitizer. */

export interface Urls {
  /** Root-relative path of the Help Center, e.g. /help/acme-1a2b3c */
  base: string;
  home(locale: string): string;
  collection(locale: string, c: CatalogCollection): string;
  article(locale: string, slug: string): string;
  search(locale: string, q?: string): string;
  feedback(locale: string, slug: string): string;
  /** Absolute URL of a root-relative path, for canonical, hreflang, Open Graph and the sitemap. */
  absolute(path: string): string;
}

export function urlsOf(hc: HelpCenter): Urls {
  // '' at a custom domain's root, else /help/<slug>
  const base = new URL(hc.baseUrl).pathname.replace(/\/$/, '');
  const origin = new URL(hc.baseUrl).origin;
  const loc = (l: string) => `${base}/${encodeURIComponent(l)}`;
  return {
    base,
    home: (l) => `${loc(l)}/`,
    collection: (l, c) => `${loc(l)}/collections/${c.id}-${encodeURIComponent(slugify(collectionName(c, l, hc.defaultLocale)))}`,
    article: (l, slug) => `${loc(l)}/articles/${encodeURIComponent(slug)}`,
    search: (l, q) => `${loc(l)}/search${q ? `?q=${encodeURIComponent(q)}` : ''}`,
    feedback: (l, slug) => `${loc(l)}/articles/${encodeURIComponent(slug)}/feedback`,
    absolute: (p) => origin + p,
  };
}

/** The translation a reader of `locale` gets: theirs, else the default locale's, else any. */
export function pick(a: PublishedArticle, locale: string, fallback: string): PublishedTranslation {
  return a.translations.get(locale) ?? a.translations.get(fallback) ?? [...a.translations.values()][0]!;
}

/** Open Graph wants language_TERRITORY; these are the territories each default locale is read in most. */
const OG_LOCALES: Record<string, string> = { en: 'en_US', 'zh-Hans': 'zh_CN', 'zh-Hant': 'zh_TW', ru: 'ru_RU', kk: 'kk_KZ' };

interface Page {
  hc: HelpCenter;
  urls: Urls;
  locale: string;
  title: string;
  description: string;
  /** Root-relative canonical path of this page. */
  canonical: string;
  /** This page in each locale it exists in (hreflang). */
  alternates: { locale: string; path: string }[];
  /** Where the language switcher leads for every locale of the Help Center. */
  switcher: { locale: string; path: string }[];
  ogType?: 'website' | 'article';
  noindex?: boolean;
  body: SafeHtml;
}

function layout(p: Page): string {
  const t = translator(p.locale);
  const { hc, urls } = p;
  const xDefault = p.alternates.find((a) => a.locale === hc.defaultLocale) ?? p.alternates[0];
  const doc = html`<!doctype html>
<html lang="${p.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${p.title}</title>
<meta name="description" content="${p.description}">
${p.noindex ? html`<meta name="robots" content="noindex">` : ''}
<link rel="canonical" href="${urls.absolute(p.canonical)}">
${p.alternates.map((a) => html`<link rel="alternate" hreflang="${a.locale}" href="${urls.absolute(a.path)}">\n`)}
${xDefault ? html`<link rel="alternate" hreflang="x-default" href="${urls.absolute(xDefault.path)}">` : ''}
<meta property="og:type" content="${p.ogType ?? 'website'}">
<meta property="og:title" content="${p.title}">
<meta property="og:description" content="${p.description}">
<meta property="og:url" content="${urls.absolute(p.canonical)}">
<meta property="og:site_name" content="${hc.title}">
<meta property="og:locale" content="${OG_LOCALES[p.locale] ?? p.locale.replace('-', '_')}">
${hc.logoUrl ? html`<meta property="og:image" content="${hc.logoUrl}">` : ''}
<style>${trusted(stylesheet(hc.brandColor))}</style>
</head>
<body>
<a class="skip" href="#main">${t('skip')}</a>
<header class="site">
<div class="bar">
<a class="brand" href="${urls.home(p.locale)}">${hc.logoUrl ? html`<img src="${hc.logoUrl}" alt="">` : ''}<span>${hc.title}</span></a>
${hc.headerLinks.length ? html`<nav aria-label="${t('links')}"><ul>${hc.headerLinks.map((l) => html`<li><a href="${l.url}" rel="noopener">${l.label}</a></li>`)}</ul></nav>` : ''}
<nav class="langs" aria-label="${t('language')}"><ul>${p.switcher.map(
    (s) => html`<li><a href="${s.path}" hreflang="${s.locale}" lang="${s.locale}" ${s.locale === p.locale ? trusted('aria-current="true"') : ''}>${languageName(s.locale)}</a></li>`,
  )}</ul></nav>
</div>
</header>
${p.body}
<footer class="site"><div>${t('poweredBy')}</div></footer>
</body>
</html>
`;
  return doc.value;
}

function searchForm(urls: Urls, locale: string, t: Translate, q = ''): SafeHtml {
  return html`<form class="search" role="search" action="${urls.search(locale)}" method="get">
<label for="q" class="sr-only">${t('searchLabel')}</label>
<input id="q" name="q" type="search" value="${q}" placeholder="${t('searchPlaceholder')}" maxlength="500">
<button type="submit">${t('searchButton')}</button>
</form>`;
}

/** An article's published translations in the Help Center's order of locales. */
const translationsOf = (hc: HelpCenter, a: PublishedArticle) =>
  [...a.translations.values()].sort((x, y) => hc.locales.indexOf(x.locale) - hc.locales.indexOf(y.locale));

/** Same path in every locale of the Help Center. */
const everyLocale = (hc: HelpCenter, path: (l: string) => string) => hc.locales.map((l) => ({ locale: l, path: path(l) }));

function articleItem(urls: Urls, locale: string, hc: HelpCenter, a: PublishedArticle, withDescription = true): SafeHtml {
  const tr = pick(a, locale, hc.defaultLocale);
  return html`<li${tr.locale === locale ? '' : trusted(` lang="${tr.locale}"`)}><a href="${urls.article(locale, tr.slug)}">${tr.title}</a>${withDescription && tr.description ? html`<p>${tr.description}</p>` : ''}</li>`;
}

/** Articles in a collection, and the collection's sub-collections, that have something published. */
function contents(catalog: Catalog, c: CatalogCollection) {
  const children = catalog.collections.filter((x) => x.parentId === c.id);
  const inIt = (id: string) => catalog.articles.filter((a) => a.collectionId === id);
  const count = inIt(c.id).length + children.reduce((n, ch) => n + inIt(ch.id).length, 0);
  return { articles: inIt(c.id), children: children.filter((ch) => inIt(ch.id).length > 0), count };
}

export function homePage(hc: HelpCenter, locale: string, catalog: Catalog): string {
  const t = translator(locale);
  const urls = urlsOf(hc);
  const tops = catalog.collections.filter((c) => !c.parentId).map((c) => ({ c, ...contents(catalog, c) })).filter((x) => x.count > 0);
  const loose = catalog.articles.filter((a) => !a.collectionId || !catalog.collections.some((c) => c.id === a.collectionId));
  const name = (c: CatalogCollection) => collectionName(c, locale, hc.defaultLocale);
  const desc = (c: CatalogCollection) => (c.translations[locale] ?? c.translations[hc.defaultLocale])?.description ?? '';
  const body = html`<div class="hero"><div>
<h1>${t('homeHeading')}</h1>
<p>${t('homeLead')}</p>
${searchForm(urls, locale, t)}
</div></div>
<main id="main">
<h2>${t('collections')}</h2>
<ul class="cards">${tops.map(
    ({ c, count, articles }) => html`<li><h3><a href="${urls.collection(locale, c)}">${name(c)}</a></h3>${desc(c) ? html`<p>${desc(c)}</p>` : ''}<p class="meta">${t('articleCount', { count })}</p>${
      articles.length ? html`<ul class="top">${articles.slice(0, 3).map((a) => articleItem(urls, locale, hc, a, false))}</ul>` : ''
    }</li>`,
  )}</ul>
${loose.length ? html`<h2>${t('otherArticles')}</h2><ul class="list">${loose.map((a) => articleItem(urls, locale, hc, a))}</ul>` : ''}
</main>`;
  return layout({
    hc,
    urls,
    locale,
    title: `${t('home')} – ${hc.title}`,
    description: t('homeLead'),
    canonical: urls.home(locale),
    alternates: everyLocale(hc, urls.home),
    switcher: everyLocale(hc, urls.home),
    body,
  });
}

function crumbs(items: { label: string; href?: string }[], t: Translate): SafeHtml {
  return html`<nav class="crumbs" aria-label="${t('breadcrumb')}"><ol>${items.map((i, n) =>
    i.href ? html`<li><a href="${i.href}">${i.label}</a></li>` : html`<li><span aria-current="${n === items.length - 1 ? 'page' : 'false'}">${i.label}</span></li>`,
  )}</ol></nav>`;
}

export function collectionPage(hc: HelpCenter, locale: string, catalog: Catalog, c: CatalogCollection): string {
  const t = translator(locale);
  const urls = urlsOf(hc);
  const name = collectionName(c, locale, hc.defaultLocale);
  const description = (c.translations[locale] ?? c.translations[hc.defaultLocale])?.description ?? '';
  const parent = c.parentId ? catalog.collections.find((x) => x.id === c.parentId) : undefined;
  const { articles, children } = contents(catalog, c);
  const body = html`<main id="main">
${crumbs([{ label: t('home'), href: urls.home(locale) }, ...(parent ? [{ label: collectionName(parent, locale, hc.defaultLocale), href: urls.collection(locale, parent) }] : []), { label: name }], t)}
<h1>${name}</h1>
${description ? html`<p>${description}</p>` : ''}
${searchForm(urls, locale, t)}
${children.length ? html`<h2>${t('subcollections')}</h2><ul class="list">${children.map((ch) => html`<li><a href="${urls.collection(locale, ch)}">${collectionName(ch, locale, hc.defaultLocale)}</a></li>`)}</ul>` : ''}
${articles.length ? html`<ul class="list">${articles.map((a) => articleItem(urls, locale, hc, a))}</ul>` : children.length ? '' : html`<p>${t('emptyCollection')}</p>`}
</main>`;
  return layout({
    hc,
    urls,
    locale,
    title: `${name} – ${hc.title}`,
    description: description || name,
    canonical: urls.collection(locale, c),
    alternates: everyLocale(hc, (l) => urls.collection(l, c)),
    switcher: everyLocale(hc, (l) => urls.collection(l, c)),
    body,
  });
}

export interface ArticleView {
  article: PublishedArticle;
  /** What is shown: the reader's translation, or the fallback one. */
  translation: PublishedTranslation;
  related: { title: string; path: string; locale: string }[];
  feedbackToken: string;
  thanks: boolean;
}

/** The article's video, its alternative format: a player for YouTube, Vimeo and Loom, else a link (the Help Center page and the Messenger's article). */
export function videoAside(url: string, title: string, t: Translate): string {
  const src = embedUrl(url);
  return html`<aside class="alt-format" aria-labelledby="video-title" data-testid="article-video">
<h2 id="video-title">${t('video')}</h2>
${src ? trusted(player(src, title)) : html`<p><a href="${url}" rel="noopener noreferrer" target="_blank">${url}</a></p>`}
</aside>`.toString();
}

export function articlePage(hc: HelpCenter, locale: string, catalog: Catalog, v: ArticleView): string {
  const t = translator(locale);
  const urls = urlsOf(hc);
  const { article, translation: tr } = v;
  const fallback = tr.locale !== locale;
  const col = article.collectionId ? catalog.collections.find((c) => c.id === article.collectionId) : undefined;
  const parent = col?.parentId ? catalog.collections.find((c) => c.id === col.parentId) : undefined;
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(tr.publishedAt);
  const own = (l: string) => article.translations.get(l);
  const body = html`<main id="main">
${crumbs(
    [
      { label: t('home'), href: urls.home(locale) },
      ...[parent, col].filter((c): c is CatalogCollection => !!c).map((c) => ({ label: collectionName(c, locale, hc.defaultLocale), href: urls.collection(locale, c) })),
      { label: tr.title },
    ],
    t,
  )}
${fallback ? html`<p class="notice" role="note">${t('fallback', { language: languageName(locale), fallback: languageName(tr.locale, locale) })}</p>` : ''}
<article class="body"${fallback ? trusted(` lang="${tr.locale}"`) : ''}>
<h1>${tr.title}</h1>
${tr.description ? html`<p class="meta">${tr.description}</p>` : ''}
<p class="meta">${t('updated', { date })}</p>
${trusted(tr.html)}
</article>
${article.videoUrl ? trusted(videoAside(article.videoUrl, tr.title, t)) : ''}
<section class="feedback" id="feedback" aria-labelledby="feedback-title">
<h2 id="feedback-title">${t('feedbackTitle')}</h2>
${v.thanks
    ? html`<p class="thanks" role="status">${t('feedbackThanks')}</p>`
    : html`<form method="post" action="${urls.feedback(locale, tr.slug)}">
<input type="hidden" name="token" value="${v.feedbackToken}">
<label for="comment">${t('feedbackComment')}</label>
<textarea id="comment" name="comment" maxlength="2000"></textarea>
<div class="actions"><button type="submit" name="helpful" value="yes">${t('feedbackYes')}</button><button type="submit" name="helpful" value="no" class="secondary">${t('feedbackNo')}</button></div>
</form>`}
</section>
${v.related.length ? html`<section aria-labelledby="related-title"><h2 id="related-title">${t('related')}</h2><ul class="list">${v.related.map((r) => html`<li${r.locale === locale ? '' : trusted(` lang="${r.locale}"`)}><a href="${r.path}">${r.title}</a></li>`)}</ul></section>` : ''}
</main>`;
  return layout({
    hc,
    urls,
    locale,
    title: `${tr.title} – ${hc.title}`,
    description: tr.description || tr.title,
    // A fallback page is a copy of the original: search engines should index the original.
    canonical: urls.article(tr.locale, tr.slug),
    alternates: translationsOf(hc, article).map((x) => ({ locale: x.locale, path: urls.article(x.locale, x.slug) })),
    switcher: hc.locales.map((l) => ({ locale: l, path: urls.article(l, own(l)?.slug ?? tr.slug) })),
    ogType: 'article',
    body,
  });
}

export function searchPage(hc: HelpCenter, locale: string, q: string, results: SearchResult[]): string {
  const t = translator(locale);
  const urls = urlsOf(hc);
  const body = html`<main id="main">
${crumbs([{ label: t('home'), href: urls.home(locale) }, { label: t('searchTitle') }], t)}
<h1>${t('searchTitle')}</h1>
${searchForm(urls, locale, t, q)}
${!q
    ? html`<p>${t('searchEmpty')}</p>`
    : results.length
      ? html`<p role="status">${t('searchResults', { q, count: results.length })}</p>
<ul class="list">${results.map(
          (r) => html`<li${r.locale === locale ? '' : trusted(` lang="${r.locale}"`)}><a href="${urls.article(locale, slugOf(r))}">${trusted(r.title_highlight)}</a><p>${trusted(r.snippet)}</p></li>`,
        )}</ul>`
      : html`<p role="status">${t('searchNone', { q })}</p><p>${t('searchHint')} <a href="${urls.home(locale)}">${t('backHome')}</a></p>`}
</main>`;
  return layout({
    hc,
    urls,
    locale,
    title: `${q ? `${q} – ` : ''}${t('searchTitle')} – ${hc.title}`,
    description: t('searchLabel'),
    canonical: urls.search(locale, q),
    alternates: everyLocale(hc, (l) => urls.search(l, q)),
    switcher: everyLocale(hc, (l) => urls.search(l, q)),
    noindex: true,
    body,
  });
}

/** The article slug of a search result's public URL. */
const slugOf = (r: SearchResult) => decodeURIComponent(r.url.slice(r.url.lastIndexOf('/') + 1));

export function messagePage(hc: HelpCenter, locale: string, heading: string, text: string): string {
  const t = translator(locale);
  const urls = urlsOf(hc);
  const body = html`<main id="main"><h1>${heading}</h1><p>${text}</p><p><a href="${urls.home(locale)}">${t('backHome')}</a></p></main>`;
  return layout({
    hc,
    urls,
    locale,
    title: `${heading} – ${hc.title}`,
    description: text,
    canonical: urls.home(locale),
    alternates: [],
    switcher: everyLocale(hc, urls.home),
    noindex: true,
    body,
  });
}

export function notFoundPage(hc: HelpCenter, locale: string): string {
  const t = translator(locale);
  return messagePage(hc, locale, t('notFoundTitle'), t('notFoundBody'));
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The indexable pages: each locale's home and collection pages, and every published translation
 * of every article. Each entry lists the same page in every language it exists in, itself
 * included, plus x-default — the same alternates the page's own head carries.
 */
export function sitemap(hc: HelpCenter, catalog: Catalog): string {
  const urls = urlsOf(hc);
  const entries: string[] = [];
  const entry = (path: string, alternates: { locale: string; path: string }[], lastmod?: Date) => {
    const xDefault = alternates.find((a) => a.locale === hc.defaultLocale) ?? alternates[0]!;
    const links = [...alternates, { locale: 'x-default', path: xDefault.path }]
      .map((a) => `<xhtml:link rel="alternate" hreflang="${xml(a.locale)}" href="${xml(urls.absolute(a.path))}"/>`)
      .join('');
    entries.push(`<url><loc>${xml(urls.absolute(path))}</loc>${lastmod ? `<lastmod>${lastmod.toISOString()}</lastmod>` : ''}${links}</url>`);
  };
  const homes = everyLocale(hc, urls.home);
  for (const h of homes) entry(h.path, homes);
  // The collections the home page links to, and their sub-collections with articles.
  const shown = catalog.collections.filter((c) =>
    c.parentId ? catalog.collections.some((p) => p.id === c.parentId) && catalog.articles.some((a) => a.collectionId === c.id) : contents(catalog, c).count > 0,
  );
  for (const c of shown) {
    const pages = everyLocale(hc, (l) => urls.collection(l, c));
    for (const page of pages) entry(page.path, pages);
  }
  for (const a of catalog.articles) {
    const ts = translationsOf(hc, a);
    const pages = ts.map((x) => ({ locale: x.locale, path: urls.article(x.locale, x.slug) }));
    ts.forEach((tr, i) => entry(pages[i]!.path, pages, tr.publishedAt));
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${entries.join('\n')}\n</urlset>\n`;
}
