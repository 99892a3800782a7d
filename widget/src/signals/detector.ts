import type { WidgetSignalBody } from '../../../contracts/signals.ts';
import { watchPath } from '../help/nav.ts';
import { DeadClicks, DEAD_CLICK_MS } from './dead.ts';
import { SignalBudget } from './limits.ts';
import { QuickBacks, type QuickBackState } from './quick-back.ts';
import { RageClicks } from './rage.ts';
import { labelOf, looksClickable, meantForRepeatedClicks, opensElsewhere, selectorOf } from './targets.ts';

const QUICK_BACK_KEY = 'baton:quick-backs';

function savedQuickBacks(): QuickBackState | null {
  try {
    return JSON.parse(sessionStorage.getItem(QUICK_BACK_KEY) ?? 'null') as QuickBackState | null;
  } catch {
    return null;
  }
}
function saveQuickBacks(state: QuickBackState): void {
  try {
    sessionStorage.setItem(QUICK_BACK_KEY, JSON.stringify(state));
  } catch {
    // Storage refused: quick backs are then followed within this page load only.
  }
}

/**
 * Watches the host page for rage clicks, dead clicks and quick backs and hands each to `report`.
 * It listens to clicks (position and target only — never keys or field values), to DOM changes and
 * to navigation. Clicks inside Baton's own host element are not the page's. Returns the stop.
 */
export function startDetector(report: (signal: WidgetSignalBody) => void, isOurs: (el: Element) => boolean): () => void {
  const rage = new RageClicks();
  const dead = new DeadClicks<Element>();
  const quick = new QuickBacks(savedQuickBacks());
  const budget = new SignalBudget();
  const path = () => location.pathname;
  const send = (signal: WidgetSignalBody, key: string) => {
    if (budget.allow(`${signal.kind}:${key}`, performance.now())) report(signal);
  };
  const timers = new Set<ReturnType<typeof setTimeout>>();

  const onClick = (e: MouseEvent) => {
    const el = e.target instanceof Element ? e.target : null;
    if (!el || isOurs(el) || e.button !== 0) return;
    // A click that selected text (a triple-click on a paragraph) is reading, not rage.
    if (getSelection()?.isCollapsed === false) return;
    if (meantForRepeatedClicks(el)) return;
    const selector = selectorOf(el);
    const clicks = rage.click(e.timeStamp, e.clientX, e.clientY);
    if (clicks) send({ kind: 'rage_click', path: path(), clicks, selector, label: labelOf(el) }, selector);
    if (!looksClickable(el) || opensElsewhere(el)) return;
    dead.click(e.timeStamp, el);
    const timer = setTimeout(() => {
      timers.delete(timer);
      for (const target of dead.due(performance.now())) {
        const s = selectorOf(target);
        if (target.isConnected) send({ kind: 'dead_click', path: path(), selector: s, label: labelOf(target) }, s);
      }
    }, DEAD_CLICK_MS + 50);
    timers.add(timer);
  };
  const changed = () => dead.changed(performance.now());
  const observer = new MutationObserver(changed);
  observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });

  const arrive = (p: string) => {
    changed();
    const back = quick.arrive(p, Date.now());
    saveQuickBacks(quick.state);
    if (back) send({ kind: 'quick_back', ...back }, back.pages.join());
  };
  arrive(path());
  const unwatch = watchPath(arrive);
  addEventListener('pagehide', changed);
  addEventListener('click', onClick, true);
  return () => {
    removeEventListener('click', onClick, true);
    removeEventListener('pagehide', changed);
    unwatch();
    observer.disconnect();
    for (const t of timers) clearTimeout(t);
  };
}
