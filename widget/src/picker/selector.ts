/**
 * A CSS selector for one element that survives a redeploy: an id or a `data-*` attribute when the
 * element (or an ancestor) has a stable one, else a unique class, else a short `>` path of tags
 * with `:nth-of-type`. Generated-looking ids and classes (CSS modules, frameworks' counters) are
 * passed over. Every answer is verified to match exactly this element; null when none does.
 */

/** Attributes written for tests and analytics: meant to stay, so tried first. */
const PREFERRED = ['data-testid', 'data-test', 'data-cy', 'data-qa', 'data-tour', 'data-id'];
/** Attributes a framework or Baton itself writes: they change or mean nothing to the page. */
const IGNORED = /^data-(baton|v-|reactid|react|radix|state|headlessui|aria|focus|orientation|side|align|highlighted|disabled|selected|active)/;
const MAX_DEPTH = 6;

/** Looks machine-made: long digit runs, hashes, `:r1:`-style React ids, CSS-module suffixes. */
export function looksGenerated(name: string): boolean {
  if (/\d{3,}|^[:_]|:|^(css|sc|jsx|ng|ember)-/.test(name)) return true;
  // The suffixes must hold a digit: `block__element`, `card-faded` and `nav-items` are words.
  if (/__(?=[a-z]*\d)[a-z0-9]{4,}$|-(?=[a-f]*\d)[a-f0-9]{5,}$|^[a-z]{1,3}-(?=[A-Za-z]*\d)[A-Za-z0-9]{5,}$/.test(name)) return true;
  return /\d/.test(name) && /[A-Z]/.test(name) && /[a-z]/.test(name) && name.length > 6;
}

const esc = (value: string) => CSS.escape(value);
const attr = (name: string, value: string) => `[${name}="${value.replace(/["\\]/g, '\\$&')}"]`;

function matchesOnly(doc: ParentNode, selector: string, el: Element): boolean {
  try {
    const found = doc.querySelectorAll(selector);
    return found.length === 1 && found[0] === el;
  } catch {
    return false;
  }
}

/** Selectors naming this element alone by what it is, best first (not checked for uniqueness). */
function ownCandidates(el: Element): string[] {
  const out: string[] = [];
  const tag = el.localName;
  if (el.id && !looksGenerated(el.id)) out.push(`#${esc(el.id)}`);
  const data = [...el.attributes].filter((a) => a.name.startsWith('data-') && !IGNORED.test(a.name) && a.value.length <= 80);
  data.sort((a, b) => rank(a.name) - rank(b.name));
  for (const a of data) {
    if (a.value && !looksGenerated(a.value)) out.push(attr(a.name, a.value), `${tag}${attr(a.name, a.value)}`);
  }
  for (const name of ['name', 'aria-label', 'href', 'for', 'role']) {
    const value = el.getAttribute(name);
    if (value && value.length <= 80 && !looksGenerated(value)) out.push(`${tag}${attr(name, value)}`);
  }
  for (const c of el.classList) if (!looksGenerated(c)) out.push(`.${esc(c)}`, `${tag}.${esc(c)}`);
  return out;
}

const rank = (name: string) => {
  const i = PREFERRED.indexOf(name);
  return i < 0 ? PREFERRED.length : i;
};

/** This element among its siblings: its tag, a class no sibling of the tag shares, or nth-of-type. */
function step(el: Element): string {
  const tag = el.localName;
  const parent = el.parentElement;
  if (!parent) return tag;
  const same = [...parent.children].filter((c) => c.localName === tag);
  if (same.length === 1) return tag;
  for (const c of el.classList) {
    if (!looksGenerated(c) && same.filter((s) => s.classList.contains(c)).length === 1) return `${tag}.${esc(c)}`;
  }
  return `${tag}:nth-of-type(${same.indexOf(el) + 1})`;
}

export function uniqueSelector(el: Element, doc: Document = el.ownerDocument): string | null {
  for (const s of ownCandidates(el)) if (matchesOnly(doc, s, el)) return s;
  // Walk up: the nearest ancestor with a selector of its own anchors a short path down to el.
  let path = step(el);
  let node = el.parentElement;
  for (let depth = 0; node && depth < MAX_DEPTH; depth++, node = node.parentElement) {
    for (const s of ownCandidates(node)) {
      if (!matchesOnly(doc, s, node)) continue;
      const full = `${s} > ${path}`;
      if (matchesOnly(doc, full, el)) return full;
      const loose = `${s} ${ownCandidates(el).find((c) => c.startsWith(el.localName)) ?? el.localName}`;
      if (matchesOnly(doc, loose, el)) return loose;
    }
    if (node === doc.body || node === doc.documentElement) break;
    if (matchesOnly(doc, path, el)) return path;
    path = `${step(node)} > ${path}`;
  }
  if (matchesOnly(doc, path, el)) return path;
  // Anchor at body for a full path as the last resort.
  let full = step(el);
  for (let n = el.parentElement; n && n !== doc.documentElement; n = n.parentElement) full = `${step(n)} > ${full}`;
  return matchesOnly(doc, full, el) ? full : null;
}
