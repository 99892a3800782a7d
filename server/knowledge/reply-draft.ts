/**
 * "Turn this reply into an article": the draft an agent's reply suggests. The customer's question
 * (their messages right before the reply) gives the title, the reply's markdown the body, and the
 * question's language the locale when the contact's own locale is not offered.
 */

export interface ThreadMessage {
  id: string;
  author_type: 'contact' | 'agent' | 'bot';
  body: string;
}

export interface ReplyDraft {
  title: string;
  body: string;
  /** The customer's question the reply answered, as written (empty when the reply opened the thread). */
  question: string;
}

const TITLE_MAX = 120;

/** Markdown marks and links reduced to their text, whitespace collapsed: a title is plain text. */
function plain(markdown: string): string {
  return markdown
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`~#>]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Cut at a word boundary (or anywhere, in scripts without spaces) and marked as cut. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:–-]+$/, '')}…`;
}

/**
 * The question's first sentence that asks something (ends in a question mark, in any script),
 * else its first sentence; sentences come from the platform's segmenter, so 。and ？ count too.
 */
export function suggestTitle(text: string, locale: string): string {
  const flat = plain(text);
  if (!flat) return '';
  const sentences = [...new Intl.Segmenter(locale, { granularity: 'sentence' }).segment(flat)].map((s) => s.segment.trim()).filter(Boolean);
  const asking = sentences.find((s) => /[?？]$/.test(s));
  const title = asking ?? sentences[0] ?? flat;
  return shorten(title.charAt(0).toLocaleUpperCase(locale) + title.slice(1), TITLE_MAX);
}

/** The draft for the reply `replyId`, or null when that message is not the team's (a customer's or unknown). */
export function replyDraft(messages: ThreadMessage[], replyId: string, locale: string): ReplyDraft | null {
  const at = messages.findIndex((m) => m.id === replyId);
  const reply = messages[at];
  if (!reply || reply.author_type === 'contact') return null;
  let from = at;
  while (from > 0 && messages[from - 1]!.author_type === 'contact') from--;
  const question = messages
    .slice(from, at)
    .map((m) => m.body.trim())
    .filter(Boolean)
    .join('\n');
  const title = suggestTitle(question, locale) || suggestTitle(reply.body, locale);
  return { title: title || 'Untitled', body: reply.body, question };
}

const KAZAKH_LETTERS = /[әғқңөұүһі]/i;
const CYRILLIC_LANGUAGES = ['ru', 'kk', 'uk', 'be', 'bg', 'sr', 'mk', 'ky', 'tg', 'mn'];

/**
 * The locale an article written from this conversation is drafted in: the contact's own if the
 * Help Center offers it (or its language) and the question is written in that language's script,
 * else the question's script (Han → Chinese, Cyrillic → Russian or Kazakh), else the default.
 */
export function draftLocale(offered: string[], fallback: string, contactLocale: string | null, text: string): string {
  const pick = (tag: string | undefined | null) => {
    if (!tag) return undefined;
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) {
      const zh = /hant|tw|hk|mo/.test(lower) ? 'zh-Hant' : 'zh-Hans';
      return offered.find((l) => l === zh) ?? offered.find((l) => l.toLowerCase().startsWith('zh'));
    }
    return offered.find((l) => l.toLowerCase() === lower) ?? offered.find((l) => l.toLowerCase() === lower.split('-')[0]);
  };
  const han = /\p{Script=Han}/u.test(text);
  const cyrillic = !han && /\p{Script=Cyrillic}/u.test(text);
  const language = contactLocale?.toLowerCase().split('-')[0];
  const script = (l: string) => (l === 'zh' ? 'han' : CYRILLIC_LANGUAGES.includes(l) ? 'cyrillic' : 'latin');
  const written = han ? 'han' : cyrillic ? 'cyrillic' : /\p{L}/u.test(text) ? 'latin' : undefined;
  const contactFits = !language || !written || script(language) === written;
  const byScript = han ? 'zh' : cyrillic ? (KAZAKH_LETTERS.test(text) ? 'kk' : 'ru') : undefined;
  return (contactFits ? pick(contactLocale) : undefined) ?? pick(byScript) ?? fallback;
}
