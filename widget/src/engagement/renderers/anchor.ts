/** The element a selector names, or null — for a selector the page does not have or cannot parse. */
export function findAnchor(selector: string): Element | null {
  try {
    return document.querySelector(selector);
  } catch {
    return null;
  }
}

/**
 * The element once the page has it: a single-page app often draws a view a moment after its
 * navigation. Null after `ms` without it (the caller reports the anchor missing).
 */
export function waitForAnchor(selector: string, ms: number): { found: Promise<Element | null>; cancel(): void } {
  let cancel = () => undefined as void;
  const found = new Promise<Element | null>((resolve) => {
    const now = findAnchor(selector);
    if (now) return resolve(now);
    const observer = new MutationObserver(() => {
      const el = findAnchor(selector);
      if (el) done(el);
    });
    const timer = setTimeout(() => done(null), ms);
    function done(el: Element | null) {
      observer.disconnect();
      clearTimeout(timer);
      resolve(el);
    }
    cancel = () => {
      observer.disconnect();
      clearTimeout(timer);
    };
    observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true });
  });
  return { found, cancel: () => cancel() };
}

export type Placement = 'top' | 'bottom' | 'left' | 'right';

const GAP = 10;

/** Puts a fixed-position box beside a rectangle, kept inside the viewport. */
export function placeNear(box: HTMLElement, r: DOMRect, placement: Placement): void {
  const w = box.offsetWidth;
  const h = box.offsetHeight;
  const pos = {
    top: { x: r.left + r.width / 2 - w / 2, y: r.top - h - GAP },
    bottom: { x: r.left + r.width / 2 - w / 2, y: r.bottom + GAP },
    left: { x: r.left - w - GAP, y: r.top + r.height / 2 - h / 2 },
    right: { x: r.right + GAP, y: r.top + r.height / 2 - h / 2 },
  }[placement];
  box.style.left = `${Math.max(8, Math.min(pos.x, innerWidth - w - 8))}px`;
  box.style.top = `${Math.max(8, Math.min(pos.y, innerHeight - h - 8))}px`;
}
