import sanitizeHtml from 'sanitize-html';

/**
 * Mail HTML is shown inside the dashboard, so it must not run script there: only formatting tags,
 * links and images survive, with http(s)/mailto URLs, and links open outside the dashboard.
 * `rewriteHref` lets outgoing mail swap each link for its tracked URL in the same pass.
 */
export function sanitizeMailHtml(html: string, rewriteHref?: (href: string) => string): string {
  return sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img'],
    allowedAttributes: {
      a: ['href', 'title', 'target', 'rel'],
      img: ['src', 'alt', 'width', 'height'],
      '*': ['align'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: {
          ...attribs,
          ...(rewriteHref && attribs.href ? { href: rewriteHref(attribs.href) } : {}),
          target: '_blank',
          rel: 'noopener noreferrer',
        },
      }),
    },
  });
}
