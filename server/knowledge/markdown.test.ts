import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { embedUrl, plainText, renderMarkdown, sanitize } from './markdown.ts';

/**
 * What a browser would run: an element that executes or loads script, an event-handler attribute,
 * or a script URL, looked for only inside real tags (escaped text has no raw "<").
 */
function dangers(html: string): string[] {
  const found: string[] = [];
  const decode = (v: string) =>
    v.replace(/&#x([0-9a-f]+);?/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16))).replace(/&#(\d+);?/g, (_, d: string) => String.fromCodePoint(Number(d))).replace(/&amp;/g, '&');
  for (const [tag] of html.matchAll(/<[a-z][^>]*>/gi)) {
    if (/^<(script|svg|math|style|link|meta|base|form|object|embed)\b/i.test(tag)) found.push(tag);
    for (const m of tag.matchAll(/\s([a-z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/gi)) {
      const name = m[1]!.toLowerCase();
      const value = decode(m[2] ?? m[3] ?? m[4] ?? '').replace(/[\s\p{Cc}]/gu, '').toLowerCase();
      if (name.startsWith('on') || name === 'srcdoc') found.push(tag);
      if (['href', 'src', 'action', 'formaction'].includes(name) && /^(javascript|vbscript|data):/.test(value)) found.push(tag);
    }
    if (/^<iframe\b/i.test(tag) && !/src="https:\/\/(www\.youtube-nocookie\.com|player\.vimeo\.com|www\.loom\.com)\//.test(tag)) found.push(tag);
  }
  return found;
}

const VECTORS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](vbscript:msgbox(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![x](javascript:alert(1))',
  '![x](x" onerror="alert(1))',
  '<svg onload=alert(1)>',
  '<iframe src="https://evil.example/"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<details open ontoggle=alert(1)>',
  '<style>body{background:url(javascript:alert(1))}</style>',
  '<a href="&#106;avascript:alert(1)">x</a>',
  '[x](&#106;avascript:alert(1))',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<base href="javascript:/">',
  '```html\n<script>alert(1)</script>\n```',
  '`<img src=x onerror=alert(1)>`',
  '> [!NOTE]\n> <img src=x onerror=alert(1)>',
  'https://www.youtube.com/watch?v=dQw4w9WgXcQ"onload="alert(1)',
  '[https://vimeo.com/123456789](https://vimeo.com/123456789" onload="alert(1))',
];

describe('article markdown', () => {
  it('the check finds what it looks for', () => {
    expect(dangers('<img src=x onerror=alert(1)>')).toHaveLength(1);
    expect(dangers('<a href="javascript:alert(1)">')).toHaveLength(1);
    expect(dangers('&lt;script&gt;')).toEqual([]);
  });

  it.each(VECTORS)('never lets script through: %s', (vector) => {
    expect(dangers(renderMarkdown(vector))).toEqual([]);
  });

  it('the sanitizer alone also strips script from raw HTML (defence in depth)', () => {
    for (const v of VECTORS) expect(dangers(sanitize(v)), v).toEqual([]);
    expect(sanitize('<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" sandbox="allow-top-navigation allow-forms"></iframe>')).toContain(
      'sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"',
    );
  });

  it('renders headings, lists, tables, code blocks and links', () => {
    const html = renderMarkdown('# Title\n\n- one\n- two\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n```js\nconst x = 1 < 2;\n```\n\n[docs](https://example.com)');
    expect(html).toContain('<h1>Title</h1>');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('<td style="text-align:right">2</td>');
    expect(html).toContain('<pre><code class="language-js">const x = 1 &lt; 2;');
    expect(html).toContain('<a href="https://example.com" rel="noopener noreferrer nofollow" target="_blank">docs</a>');
  });

  it('turns > [!TIP] blockquotes into callouts', () => {
    const html = renderMarkdown('> [!WARNING]\n> Invoices cannot be changed.');
    expect(html).toContain('<blockquote class="callout callout-warning">');
    expect(html).toContain('<p>Invoices cannot be changed.</p>');
    expect(html).not.toContain('[!WARNING]');
  });

  it('embeds YouTube, Vimeo and Loom links on their own line as sandboxed players on privacy-friendly hosts', () => {
    const html = renderMarkdown(
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n[Demo](https://vimeo.com/76979871)\n\nhttps://www.loom.com/share/0123456789abcdef0123456789abcdef',
    );
    expect(html).toContain('src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"');
    expect(html).toContain('src="https://player.vimeo.com/video/76979871?dnt=1"');
    expect(html).toContain('src="https://www.loom.com/embed/0123456789abcdef0123456789abcdef"');
    expect(html.match(/sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"/g)).toHaveLength(3);
    // A video link inside a sentence stays a link.
    expect(renderMarkdown('See https://youtu.be/dQw4w9WgXcQ for more')).not.toContain('<iframe');
  });

  it('recognises only real video URLs', () => {
    expect(embedUrl('https://youtu.be/dQw4w9WgXcQ')).toBe('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
    expect(embedUrl('https://www.youtube.com/shorts/dQw4w9WgXcQ')).toBe('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
    expect(embedUrl('https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ')).toBeNull();
    expect(embedUrl('https://www.youtube.com/watch?v=short')).toBeNull();
    expect(embedUrl('javascript:alert(1)')).toBeNull();
    expect(embedUrl('https://vimeo.com/channels/staff')).toBeNull();
  });

  it('keeps uploaded images and escapes author HTML as text', () => {
    expect(renderMarkdown('![Settings page](/help/files/abc.png)')).toContain('<img src="/help/files/abc.png" alt="Settings page" loading="lazy" />');
    expect(renderMarkdown('Use <b>bold</b>')).toContain('Use &lt;b&gt;bold&lt;/b&gt;');
  });

  it('gives plain text for search and descriptions', () => {
    expect(plainText('# Reset\n\nClick **Forgot password?** & wait.\n\n```sh\nls\n```')).toBe('Reset Click Forgot password? & wait. ls');
  });

  it('lets no script through whatever markdown and HTML fragments are combined (property)', () => {
    const fragment = fc.constantFrom(
      '<', '>', '"', "'", '`', '=', '&#', '&#x6a;', '\n', '\n\n', ' ', '/', '\\',
      'script', 'img', 'svg', 'iframe', 'a', 'onerror', 'onload', 'src', 'href', 'srcdoc', 'style',
      'javascript:', 'JaVaScRiPt:', 'vbscript:', 'data:text/html,', 'alert(1)',
      '[x](', ')', '![y](', '> [!TIP]\n> ', '```\n', '`', '**', '- ', '| a |\n|---|\n| b |',
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'https://vimeo.com/76979871', 'https://evil.example/',
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 40 }), (parts) => {
        expect(dangers(renderMarkdown(parts.join('')))).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });
});
