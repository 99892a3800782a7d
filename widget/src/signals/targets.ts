/**
 * What a clicked element is, read from the page's markup only. Nothing here reads a field's value.
 */

/** Things people click repeatedly on purpose: fields, steppers, pagination, carousels, media, canvases. */
const REPEATED = [
  'input', 'textarea', 'select', 'option', 'label', '[contenteditable]', 'canvas', 'video', 'audio',
  '[data-baton-repeat]', '[role=spinbutton]', '[role=slider]', '[role=scrollbar]', '[role=textbox]', '[role=combobox]',
  '[rel=next]', '[rel=prev]', '[aria-label*=pagination i]', '[class*=pagination i]', '[class*=pager i]',
  '[class*=stepper i]', '[class*=increment i]', '[class*=decrement i]', '[class*=carousel i]', '[class*=slider i]',
].join(',');
const STEP_TEXT = /^(\+|-|−|–|<|>|‹|›|«|»|←|→|\d{1,4}|next|prev(ious)?)$/i;

export function meantForRepeatedClicks(el: Element): boolean {
  if (el.closest(REPEATED)) return true;
  const control = el.closest('button, a, [role=button]');
  return !!control && STEP_TEXT.test((control.textContent ?? '').trim());
}

const CLICKABLE = 'a[href], button, [role=button], [role=link], [role=menuitem], [role=tab], [onclick], summary';

/** A link or button, or anything styled to look like one. */
export function looksClickable(el: Element): boolean {
  if (el.closest(CLICKABLE)) return true;
  return getComputedStyle(el).cursor === 'pointer';
}

/** Links that leave or open elsewhere change nothing on this page, yet are not dead. */
export function opensElsewhere(el: Element): boolean {
  const a = el.closest('a[href]');
  if (!a) return false;
  const href = a.getAttribute('href') ?? '';
  return a.hasAttribute('download') || (a.getAttribute('target') ?? '_self') !== '_self' || !/^(#|javascript:)/i.test(href);
}

const cssEscape = (s: string) => (typeof CSS !== 'undefined' && CSS.escape ? CSS.escape(s) : s.replace(/[^\w-]/g, '\\$&'));

function step(el: Element): string {
  const tag = el.tagName.toLowerCase();
  if (el.id && !/\d{3,}/.test(el.id)) return `${tag}#${cssEscape(el.id)}`;
  for (const attr of ['data-testid', 'data-test', 'data-action', 'name', 'aria-label']) {
    const v = el.getAttribute(attr);
    if (v && v.length <= 60) return `${tag}[${attr}="${v.replace(/"/g, '\\"')}"]`;
  }
  const cls = [...el.classList].filter((c) => !/\d{3,}|^(is|has)-/.test(c)).slice(0, 2);
  return tag + cls.map((c) => `.${cssEscape(c)}`).join('');
}

/** A short selector for the admin to find the element by: ids and data attributes first. */
export function selectorOf(el: Element): string {
  const parts: string[] = [];
  for (let e: Element | null = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
    const s = step(e);
    parts.unshift(s);
    if (s.includes('#') || s.includes('[')) break;
  }
  return parts.join(' > ').slice(0, 300);
}

/** The clicked control's visible name; none inside `[data-baton-mask]`. */
export function labelOf(el: Element): string | undefined {
  if (el.closest('[data-baton-mask]')) return undefined;
  const control = el.closest(CLICKABLE) ?? el;
  const text = control.getAttribute('aria-label') ?? control.getAttribute('title') ?? (control as HTMLElement).innerText ?? '';
  const label = text.replace(/\s+/g, ' ').trim().slice(0, 80);
  return label || undefined;
}
