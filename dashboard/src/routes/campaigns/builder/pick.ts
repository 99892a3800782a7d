import type { PickMessage } from '../../../../../contracts/campaigns.ts';

const PAGE_KEY = 'baton.builder.pickPage';

/** The customer page the admin last picked on, to offer it again. */
export const lastPickPage = () => localStorage.getItem(PAGE_KEY) ?? '';

/**
 * Opens the customer's page (which has the widget) in picker mode and resolves with the selector
 * the admin clicks there. Only a message from that page's origin carrying our token counts.
 */
export function pickOnPage(pageUrl: string, token: string, signal: AbortSignal): Promise<string> {
  const url = new URL(pageUrl);
  localStorage.setItem(PAGE_KEY, url.href);
  url.hash = `baton-pick=${encodeURIComponent(token)}`;
  return new Promise((resolve, reject) => {
    const onMessage = (e: MessageEvent) => {
      const m = e.data as Partial<PickMessage> | null;
      if (e.origin !== url.origin || m?.type !== 'baton:pick' || m.token !== token || typeof m.selector !== 'string') return;
      removeEventListener('message', onMessage);
      resolve(m.selector);
    };
    addEventListener('message', onMessage);
    signal.addEventListener('abort', () => {
      removeEventListener('message', onMessage);
      reject(signal.reason);
    });
    // Not noopener: the picker answers through window.opener.
    if (!window.open(url.href, '_blank')) {
      removeEventListener('message', onMessage);
      reject(new Error('popup blocked'));
    }
  });
}
