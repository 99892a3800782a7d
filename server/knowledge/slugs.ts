/**
 * URL slugs from titles in any script: letters and digits of every language stay (a Russian
 * title gives a Cyrillic slug, browsers show it as typed), everything else becomes one hyphen.
 */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug || 'article';
}
