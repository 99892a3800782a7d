import MarkdownIt from 'markdown-it';
import type { StepContent } from '../../../contracts/engagement.ts';
import { sanitizeMailHtml } from '../../platform/mail/sanitize.ts';
import { footerText, type SeriesLocale } from './messages.ts';

/**
 * Turns one step of a series into the e-mail one person receives: their language, their name,
 * sanitized HTML with tracked links and an open pixel (when tracking is on), a plain-text part,
 * and the unsubscribe link every marketing e-mail must carry. Pure: URLs come from the caller.
 */

// Raw HTML in the author's markdown is shown as text, never rendered.
const md = new MarkdownIt({ html: false, linkify: true, breaks: true });

export interface Recipient {
  name: string | null;
  email: string;
}

export interface ComposeInput {
  content: StepContent;
  locale: SeriesLocale;
  recipient: Recipient;
  workspaceName: string;
  /** Null when tracking is off: links stay as written and there is no pixel. */
  tracking: { clickUrl: (index: number) => string; openUrl: string } | null;
  unsubscribeUrl: string;
}

export interface ComposedEmail {
  subject: string;
  html: string;
  text: string;
  /** The links of the body in order, as written: the targets of the tracked click URLs. */
  links: string[];
}

export function fillPlaceholders(template: string, r: Recipient, escape: (s: string) => string = (s) => s): string {
  const name = r.name?.trim() || '';
  const values: Record<string, string> = {
    first_name: name.split(/\s+/)[0] ?? '',
    name,
    email: r.email,
  };
  return template.replace(/\{\{\s*(first_name|name|email)\s*\}\}/g, (_m, key: string) => escape(values[key] ?? ''));
}

export function composeEmail(input: ComposeInput): ComposedEmail {
  const { content, recipient, tracking } = input;
  const subject = fillPlaceholders(content.subject, recipient).replace(/[\r\n]+/g, ' ').trim();
  const links: string[] = [];
  const rendered = sanitizeMailHtml(md.render(content.body), (href) => {
    if (!tracking || !/^https?:\/\//i.test(href)) return href;
    links.push(href);
    return tracking.clickUrl(links.length - 1);
  });
  // The person's own data goes in after rendering, as escaped text: a name is never markup or a link.
  const html = fillPlaceholders(rendered, recipient, escapeHtml);
  const footer = footerText(input.locale, input.workspaceName);
  const unsubscribe = escapeHtml(input.unsubscribeUrl);
  const pixel = tracking ? `<img src="${escapeHtml(tracking.openUrl)}" width="1" height="1" alt="" style="display:block">` : '';
  return {
    subject,
    html:
      `<div style="font-family:system-ui,sans-serif;line-height:1.5;max-width:600px">${html}` +
      `<hr style="border:none;border-top:1px solid #ddd;margin:24px 0">` +
      `<p style="color:#666;font-size:12px">${escapeHtml(footer.reason)} <a href="${unsubscribe}">${escapeHtml(footer.unsubscribe)}</a></p>` +
      `${pixel}</div>`,
    text: `${fillPlaceholders(content.body, recipient)}\n\n--\n${footer.reason}\n${footer.unsubscribe}: ${input.unsubscribeUrl}\n`,
    links,
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
