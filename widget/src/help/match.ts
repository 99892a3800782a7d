/**
 * Whether a page path matches an admin's pattern: `*` stands for any characters within one path
 * segment, `**` for anything (segments included); a trailing slash is ignored on both sides.
 * Everything else is literal, so a pattern can never become a hostile regular expression.
 */
export function pathMatches(pattern: string, path: string): boolean {
  const trim = (s: string) => (s.length > 1 ? s.replace(/\/+$/, '') : s);
  const source = trim(pattern)
    .split(/(\*\*|\*)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`).test(trim(path));
}

/** The articles of every rule the path matches, in the rules' order, each once. */
export function suggestionsFor<A extends { id: string }>(rules: { pattern: string; articles: A[] }[], path: string, max = 5): A[] {
  const out = new Map<string, A>();
  for (const r of rules) {
    if (!pathMatches(r.pattern, path)) continue;
    for (const a of r.articles) if (!out.has(a.id)) out.set(a.id, a);
  }
  return [...out.values()].slice(0, max);
}
