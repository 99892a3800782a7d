import type { PickMessage } from '../../../contracts/campaigns.ts';
import type { Runtime } from '../runtime.ts';
import { pickerText } from './i18n.ts';
import { PICK_TOKEN } from './request.ts';
import { uniqueSelector } from './selector.ts';


const css = `
.pick-box { position: fixed; z-index: 2147483600; pointer-events: none; border: 2px solid #3b4cca; background: rgba(59, 76, 202, .12); border-radius: 3px; display: none; }
.pick-bar { position: fixed; z-index: 2147483601; inset-block-start: 12px; inset-inline: 50% auto; transform: translateX(-50%); max-inline-size: min(640px, 92vw);
  display: flex; gap: 12px; align-items: center; padding: 10px 14px; border-radius: 10px; background: #1f2330; color: #fff; box-shadow: 0 8px 24px rgba(0,0,0,.3); }
.pick-bar span { overflow-wrap: anywhere; }
.pick-bar button { border: 0; border-radius: 6px; padding: 4px 10px; background: #fff; color: #1f2330; }
`;

/**
 * The builder's "pick an element" mode on the customer's own page. The engagement chunk imports
 * this lazily, only when the server accepted the `#baton-pick` token at boot. It outlines the
 * element under the mouse; a click picks it (the page never sees that click), and the selector
 * goes back to the builder window that opened this page — to Baton's origin only.
 */
export function startPicker(root: HTMLElement, runtime: Runtime): () => void {
  const token = PICK_TOKEN.exec(location.hash)?.[1];
  if (!token) return () => undefined;
  // The token leaves the address bar: a copied link does not open the picker for someone else.
  const rest = location.hash.slice(1).split('&').filter((part) => !part.startsWith('baton-pick=')).join('&');
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
  const text = (key: Parameters<typeof pickerText>[1], selector?: string) => pickerText(runtime.locale, key, selector);
  const style = document.createElement('style');
  style.textContent = css;
  const box = document.createElement('div');
  box.className = 'pick-box';
  const bar = document.createElement('div');
  bar.className = 'pick-bar';
  bar.setAttribute('role', 'status');
  const label = document.createElement('span');
  label.textContent = text('hint');
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.textContent = text('cancel');
  bar.append(label, cancel);
  root.append(style, box, bar);

  const ours = (el: Element) => !!el.closest('[data-baton]');
  const over = (e: MouseEvent) => {
    const el = e.target instanceof Element && !ours(e.target) ? e.target : null;
    if (!el) return void (box.style.display = 'none');
    const r = el.getBoundingClientRect();
    Object.assign(box.style, { display: 'block', left: `${r.left}px`, top: `${r.top}px`, width: `${r.width}px`, height: `${r.height}px` });
  };
  const swallow = (e: Event) => {
    if (e.target instanceof Element && ours(e.target)) return;
    e.preventDefault();
    e.stopImmediatePropagation();
  };
  const click = (e: MouseEvent) => {
    if (!(e.target instanceof Element) || ours(e.target)) return;
    swallow(e);
    const selector = uniqueSelector(e.target);
    if (!selector) return void (label.textContent = text('none'));
    const opener = window.opener as Window | null;
    if (opener) {
      const message: PickMessage = { type: 'baton:pick', token: decodeURIComponent(token), selector };
      opener.postMessage(message, runtime.base);
    }
    label.textContent = text(opener ? 'picked' : 'noOpener', selector);
    end();
  };
  const key = (e: KeyboardEvent) => e.key === 'Escape' && quit();
  const listeners: Array<[string, (e: never) => void]> = [['mouseover', over], ['click', click], ['mousedown', swallow], ['pointerdown', swallow], ['pointerup', swallow], ['mouseup', swallow], ['keydown', key]];
  const end = () => {
    for (const [type, fn] of listeners) removeEventListener(type, fn as EventListener, true);
    box.remove();
    cancel.remove();
  };
  const quit = () => {
    end();
    bar.remove();
  };
  cancel.addEventListener('click', quit);
  for (const [type, fn] of listeners) addEventListener(type, fn as EventListener, true);
  return () => {
    end();
    style.remove();
    bar.remove();
  };
}
