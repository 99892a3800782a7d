const SELECTOR = '[data-baton-article]';
const STYLE_ID = 'baton-help-link-style';
const SVG = 'http://www.w3.org/2000/svg';

/**
 * Styles of help links on the host page, outside the shadow root so the product can restyle
 * them: `:where()` gives these rules no specificity, so any rule of the product's on
 * `.baton-help-link` wins, and the custom properties change one aspect each. Only hiding (the flag off) insists with !important.
 */
const CSS = `:where(.baton-help-link){display:inline-flex;align-items:center;gap:var(--baton-help-link-gap,.3em);color:var(--baton-help-link-color,#3b4cca);text-decoration:var(--baton-help-link-decoration,underline);cursor:pointer}
:where(.baton-help-link__icon){inline-size:var(--baton-help-link-icon-size,1.1em);block-size:var(--baton-help-link-icon-size,1.1em);flex:none;color:var(--baton-help-link-icon-color,currentColor)}
.baton-help-link[data-baton-help="off"]{display:none!important}`;

function icon(): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'baton-help-link__icon');
  svg.innerHTML =
    '<circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" stroke-width="2"/><path d="M9.5 9.2a2.6 2.6 0 1 1 3.6 2.4c-.7.3-1.1.9-1.1 1.6v.6" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/><circle cx="12" cy="17.3" r="1.2" fill="currentColor"/>';
  return svg;
}

interface Options {
  label: string;
  open(ref: string): void;
  /** A visible help link came into the viewport: the reader was shown it. */
  shown(ref: string): void;
}

/**
 * Turns every element with `data-baton-article="<id or slug>"` — present now or added later —
 * into a help link that opens the article in the Messenger. `setVisible(false)` hides them all
 * (the `help.links` flag off); `stop()` gives the page its elements back as they were.
 */
export function startHelpLinks(opts: Options) {
  let visible = false;
  const decorated = new Map<HTMLElement, { added: Node[]; role: boolean; tabindex: boolean; onClick: (e: Event) => void; onKey: (e: KeyboardEvent) => void }>();

  if (!document.getElementById(STYLE_ID)) {
    const style = document.createElement('style');
    style.id = STYLE_ID;
    style.textContent = CSS;
    document.head.appendChild(style);
  }

  // Hidden links (the flag off) have no box, so they never intersect: only links a reader could
  // see are reported.
  const seen = new IntersectionObserver((entries) => {
    for (const e of entries) {
      const ref = e.target.getAttribute('data-baton-article')?.trim();
      if (e.isIntersecting && visible && ref) opts.shown(ref);
    }
  });

  function decorate(el: HTMLElement): void {
    if (decorated.has(el)) return;
    const added: Node[] = [icon()];
    el.insertBefore(added[0]!, el.firstChild);
    if (!el.textContent?.trim()) {
      const text = document.createElement('span');
      text.textContent = opts.label;
      el.appendChild(text);
      added.push(text);
    }
    el.classList.add('baton-help-link');
    // A <span> with the attribute still has to be reachable and announced like a link.
    const native = el instanceof HTMLAnchorElement || el instanceof HTMLButtonElement;
    const role = !native && !el.hasAttribute('role');
    const tabindex = !native && !el.hasAttribute('tabindex');
    if (role) el.setAttribute('role', 'button');
    if (tabindex) el.tabIndex = 0;
    const onClick = (e: Event) => {
      e.preventDefault();
      const ref = el.getAttribute('data-baton-article')?.trim();
      if (ref) opts.open(ref);
    };
    const onKey = (e: KeyboardEvent) => {
      if (!native && (e.key === 'Enter' || e.key === ' ')) onClick(e);
    };
    el.addEventListener('click', onClick);
    el.addEventListener('keydown', onKey);
    decorated.set(el, { added, role, tabindex, onClick, onKey });
    seen.observe(el);
  }

  function scan(): void {
    for (const el of document.querySelectorAll<HTMLElement>(SELECTOR)) {
      decorate(el);
      el.setAttribute('data-baton-help', visible ? 'on' : 'off');
    }
    // Removed from the page, or no longer a help link.
    for (const el of [...decorated.keys()]) if (!el.isConnected || !el.hasAttribute('data-baton-article')) undecorate(el);
  }

  function undecorate(el: HTMLElement): void {
    const d = decorated.get(el);
    if (!d) return;
    for (const n of d.added) n.parentNode?.removeChild(n);
    el.classList.remove('baton-help-link');
    el.removeAttribute('data-baton-help');
    if (d.role) el.removeAttribute('role');
    if (d.tabindex) el.removeAttribute('tabindex');
    el.removeEventListener('click', d.onClick);
    el.removeEventListener('keydown', d.onKey);
    seen.unobserve(el);
    decorated.delete(el);
  }

  let queued = false;
  const observer = new MutationObserver(() => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      scan();
    });
  });
  observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-baton-article'] });
  scan();

  return {
    setVisible(on: boolean) {
      visible = on;
      scan();
    },
    stop() {
      observer.disconnect();
      seen.disconnect();
      for (const el of [...decorated.keys()]) undecorate(el);
    },
  };
}
