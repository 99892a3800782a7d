/**
 * Article HTML (sanitized by the server when it was published) made to work on the host page:
 * root-relative image and link addresses point at Baton, and links open outside the Messenger.
 * A template's content is inert, so nothing in it loads or runs while it is rewritten.
 */
export function articleHtml(html: string, base: string): string {
  const t = document.createElement('template');
  t.innerHTML = html;
  for (const el of t.content.querySelectorAll<HTMLElement>('[src], [href]')) {
    for (const attr of ['src', 'href']) {
      const v = el.getAttribute(attr);
      if (v && v.startsWith('/') && !v.startsWith('//')) el.setAttribute(attr, base + v);
    }
    if (el.tagName === 'A') {
      el.setAttribute('target', '_blank');
      el.setAttribute('rel', 'noopener noreferrer');
    }
  }
  return t.innerHTML;
}
