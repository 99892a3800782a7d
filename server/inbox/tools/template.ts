import { TEMPLATE_VARIABLES, type TemplateVariable } from '../../../contracts/inbox-tools.ts';

/**
 * Saved-reply variables: `{{contact.first_name}}` or, with a fallback used when the value is
 * missing, `{{contact.first_name | fallback: "there"}}` (Intercom's spelling).
 */
const PLACEHOLDER = /\{\{\s*([a-z_]+\.[a-z_]+)\s*(?:\|\s*fallback\s*:\s*"([^"]*)"\s*)?\}\}/g;
const ANY_BRACES = /\{\{([^}]*)\}\}/g;

export type TemplateValues = Partial<Record<TemplateVariable, string | null>>;

const known = (name: string): name is TemplateVariable => (TEMPLATE_VARIABLES as readonly string[]).includes(name);

/** The first placeholder that is not a known variable (or not well formed), if any. */
export function unknownPlaceholder(body: string): string | null {
  for (const m of body.matchAll(ANY_BRACES)) {
    const one = [...m[0].matchAll(PLACEHOLDER)][0];
    if (!one || one[0] !== m[0] || !known(one[1]!)) return m[0];
  }
  return null;
}

export function renderTemplate(body: string, values: TemplateValues): string {
  return body.replace(PLACEHOLDER, (whole, name: string, fallback: string | undefined) => {
    if (!known(name)) return whole;
    const value = values[name]?.trim();
    return value ? value : (fallback ?? '');
  });
}

/** Splits a full name for `first_name` / `last_name`. */
export function nameParts(name: string | null | undefined): { first: string | null; last: string | null } {
  const parts = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return { first: null, last: null };
  return { first: parts[0]!, last: parts.length > 1 ? parts.slice(1).join(' ') : null };
}

/** The saved reply's version for a contact locale: exact, then its language (zh-Hant for zh-TW), else the default. */
export function pickVersion(body: string, translations: Record<string, string>, locale: string | null): { body: string; locale: string } {
  if (locale) {
    const lower = locale.toLowerCase();
    const candidates = [locale];
    if (lower.startsWith('zh')) candidates.push(/hant|tw|hk|mo/.test(lower) ? 'zh-Hant' : 'zh-Hans');
    candidates.push(lower.split(/[-_]/)[0]!);
    for (const c of candidates) if (translations[c]) return { body: translations[c], locale: c };
  }
  return { body, locale: 'default' };
}
