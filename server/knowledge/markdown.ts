import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/**
 * Article markdown → HTML that is safe to put in a page. markdown-it runs with raw HTML off, so
 * an author's tags come out as text; sanitize-html then allows only the elements the renderer
 * itself makes (and nothing that runs script), as a second wall. The dashboard's preview calls
 * the same function, so the preview is the published page.
 */

const CALLOUTS = ['note', 'tip', 'warning', 'important'] as const;
const CALLOUT_RE = /^\[!(NOTE|TIP|WARNING|IMPORTANT)\][ \t]*\n?/i;

/** Video links turned into players on privacy-friendly hosts (no tracking cookies before play). */
export function embedUrl(href: string): string | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const host = url.hostname.replace(/^www\.|^m\./, '');
  const id = (re: RegExp, s: string) => (re.exec(s)?.[1] ?? null);
  const yt = /^([\w-]{11})$/;
  if (host === 'youtube.com' || host === 'youtube-nocookie.com') {
    const v = url.pathname === '/watch' ? url.searchParams.get('v') ?? '' : id(/^\/(?:embed|shorts|live)\/([\w-]{11})$/, url.pathname) ?? '';
    return yt.test(v) ? `https://www.youtube-nocookie.com/embed/${v}` : null;
  }
  if (host === 'youtu.be') {
    const v = id(/^\/([\w-]{11})$/, url.pathname);
    return v ? `https://www.youtube-nocookie.com/embed/${v}` : null;
  }
  if (host === 'vimeo.com' || host === 'player.vimeo.com') {
    const v = id(/^\/(?:video\/)?(\d{4,12})$/, url.pathname);
    return v ? `https://player.vimeo.com/video/${v}?dnt=1` : null;
  }
  if (host === 'loom.com') {
    const v = id(/^\/(?:share|embed)\/([0-9a-f]{32})$/, url.pathname);
    return v ? `https://www.loom.com/embed/${v}` : null;
  }
  return null;
}

const EMBED_HOSTS = ['www.youtube-nocookie.com', 'player.vimeo.com', 'www.loom.com'];
/** Players need their own scripts, but never our origin's cookies, top navigation or forms. */
const IFRAME_SANDBOX = 'allow-scripts allow-same-origin allow-presentation allow-popups';

/** A sandboxed player for an embed URL from embedUrl (the only source it is ever given). */
export function player(src: string, title: string): string {
  return (
    `<div class="embed"><iframe src="${md.utils.escapeHtml(src)}" title="${md.utils.escapeHtml(title)}" ` +
    `sandbox="${IFRAME_SANDBOX}" allow="fullscreen; picture-in-picture" allowfullscreen loading="lazy" ` +
    `referrerpolicy="strict-origin-when-cross-origin"></iframe></div>`
  );
}

const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

/** `> [!TIP]` blockquotes become callouts (the syntax GitHub renders too). */
md.core.ruler.push('callouts', (state) => {
  const tokens = state.tokens;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.type !== 'blockquote_open') continue;
    const inline = tokens[i + 2];
    if (tokens[i + 1]?.type !== 'paragraph_open' || inline?.type !== 'inline') continue;
    const m = CALLOUT_RE.exec(inline.content);
    if (!m) continue;
    const kind = m[1]!.toLowerCase() as (typeof CALLOUTS)[number];
    tokens[i]!.attrSet('class', `callout callout-${kind}`);
    inline.content = inline.content.slice(m[0].length);
    const first = inline.children?.[0];
    if (first?.type === 'text') {
      first.content = first.content.replace(CALLOUT_RE, '');
      // The marker may be followed by a soft break before the callout's text.
      if (first.content === '' && inline.children?.[1]?.type === 'softbreak') inline.children.splice(0, 2);
    }
  }
});

/** A paragraph that is nothing but a video link becomes an embedded player. */
md.core.ruler.push('video_embeds', (state) => {
  const tokens = state.tokens;
  for (let i = 0; i + 2 < tokens.length; i++) {
    const [open, inline, close] = [tokens[i]!, tokens[i + 1]!, tokens[i + 2]!];
    if (open.type !== 'paragraph_open' || inline.type !== 'inline' || close.type !== 'paragraph_close') continue;
    const kids = (inline.children ?? []).filter((k) => !(k.type === 'text' && k.content.trim() === ''));
    if (kids.length !== 3 || kids[0]!.type !== 'link_open' || kids[2]!.type !== 'link_close') continue;
    const src = embedUrl(String(kids[0]!.attrGet('href') ?? ''));
    if (!src) continue;
    const title = kids[1]!.type === 'text' ? kids[1]!.content : 'Video';
    const block = new state.Token('html_block', '', 0);
    block.content = `${player(src, title)}\n`;
    tokens.splice(i, 3, block);
  }
});

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'div', 'pre', 'code', 'span',
    'ul', 'ol', 'li', 'strong', 'em', 's', 'del', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'iframe',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'alt', 'title', 'loading'],
    iframe: ['src', 'title', 'sandbox', 'allow', 'allowfullscreen', 'loading', 'referrerpolicy'],
    ol: ['start'],
    th: ['style'],
    td: ['style'],
    code: ['class'],
    blockquote: ['class'],
    div: ['class'],
  },
  allowedClasses: {
    code: ['language-*'],
    blockquote: ['callout', ...CALLOUTS.map((c) => `callout-${c}`)],
    div: ['embed'],
  },
  allowedStyles: { th: { 'text-align': [/^(left|right|center)$/] }, td: { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['https', 'http', 'mailto'],
  allowedSchemesByTag: { img: ['https', 'http'], iframe: ['https'] },
  allowProtocolRelative: false,
  allowedIframeHostnames: EMBED_HOSTS,
  // An iframe whose source was refused would be an empty box.
  exclusiveFilter: (frame) => frame.tag === 'iframe' && !frame.attribs.src,
  transformTags: {
    a: (tagName, attribs) => {
      const external = /^https?:/i.test(attribs.href ?? '');
      return { tagName, attribs: external ? { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' } : { ...attribs, rel: 'noopener' } };
    },
    img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, loading: 'lazy' } }),
    // Whatever reached here keeps the fixed sandbox: an author cannot widen it.
    iframe: (tagName, attribs) => ({ tagName, attribs: { ...attribs, sandbox: IFRAME_SANDBOX } }),
  },
};

/** Sanitizes HTML that did not come from the renderer (defence in depth; also used in tests). */
export function sanitize(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

export function renderMarkdown(markdown: string): string {
  return sanitize(md.render(markdown));
}

/** Plain text of an article body for search and meta descriptions. */
export function plainText(markdown: string): string {
  return sanitizeHtml(md.render(markdown), { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}
