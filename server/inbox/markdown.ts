import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

// Raw HTML in a message is shown as text, never parsed; links are recognised in plain text.
const md = new MarkdownIt({ html: false, linkify: true, breaks: true });

const ALLOWED = {
  allowedTags: ['p', 'br', 'strong', 'em', 'del', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'h1', 'h2', 'h3', 'h4', 'hr'],
  allowedAttributes: { a: ['href', 'title', 'target', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  transformTags: { a: sanitizeHtml.simpleTransform('a', { target: '_blank', rel: 'noopener noreferrer nofollow' }) },
};

/**
 * A message body as HTML that is safe to insert in the widget and the dashboard: markdown-it
 * already escapes raw HTML; sanitize-html is the second wall (allowed tags and URL schemes).
 */
export function renderMessage(body: string): string {
  return sanitizeHtml(md.render(body), ALLOWED).trim();
}
