import type { MessengerLocale } from '../../../contracts/messenger.ts';

/** The launcher's label before the Messenger's dictionaries arrive (same words as theirs). */
const OPEN: Record<MessengerLocale, string> = {
  en: 'Open the Messenger',
  'zh-Hans': '打开消息窗口',
  'zh-Hant': '開啟訊息視窗',
  ru: 'Открыть чат',
  kk: 'Чатты ашу',
};

const ICON =
  '<svg viewBox="0 0 24 24" width="26" height="26" aria-hidden="true"><path d="M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.5 4v-4h0A2.5 2.5 0 0 1 4 13.5z" fill="currentColor"/></svg>';

/**
 * The launcher the loader draws while the Messenger's chunk is not there: the same button, in
 * plain DOM. Pointing at it starts the fetch; pressing it opens the Messenger once it arrived.
 */
export class Launcher {
  private readonly button: HTMLButtonElement;

  constructor(
    private readonly shadow: ShadowRoot,
    private readonly root: HTMLElement,
    locale: MessengerLocale,
    prefetch: () => void,
    open: () => void,
  ) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'launcher';
    b.setAttribute('aria-label', OPEN[locale] ?? OPEN.en);
    b.setAttribute('aria-expanded', 'false');
    b.dataset.testid = 'messenger-launcher';
    b.innerHTML = ICON;
    b.addEventListener('pointerenter', prefetch, { once: true });
    b.addEventListener('click', open);
    root.appendChild(b);
    this.button = b;
  }

  /** The Messenger's own launcher took over: this one goes, and the focus moves with it. */
  replaceBy(next: HTMLElement | null): void {
    const focused = this.shadow.activeElement === this.button;
    this.root.remove();
    if (focused) next?.focus();
  }
}
