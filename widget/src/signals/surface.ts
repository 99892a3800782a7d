import type { WidgetSignalBody, WidgetSignalConfig } from '../../../contracts/signals.ts';
import type { Runtime, Surface } from '../runtime.ts';
import { errorSignal } from './error.ts';
import { inSample } from './limits.ts';

/** The window event fired for every signal sent: `addEventListener('baton:signal', (e) => e.detail.kind)`. */
export const SIGNAL_EVENT = 'baton:signal';

/**
 * Frustration signals on the host page. Only a workspace that turned them on, and only for the
 * sampled share of its visitors, gets the detector at all; `Baton('trackError', error, props)`
 * reports the product's own errors whenever signals are on.
 */
export function createSignals(): Surface {
  let config: Promise<WidgetSignalConfig | null> = Promise.resolve(null);
  let runtime: Runtime | null = null;
  let stop: (() => void) | null = null;

  const send = (signal: WidgetSignalBody) => {
    runtime?.http?.call('POST', '/widget/signals', signal).catch((err: unknown) => console.warn('[Baton Messenger] signal not sent', err));
    // Campaigns triggered by a frustration signal (the engagement surface) and the product itself
    // may listen; the detail says what and where, nothing more.
    dispatchEvent(new CustomEvent(SIGNAL_EVENT, { detail: { kind: signal.kind, path: signal.path } }));
  };

  return {
    id: 'signals',
    commands: {
      trackError: async (error: unknown, properties?: unknown) => {
        if (!(await config)?.enabled) return;
        send(errorSignal(error, properties, location.pathname));
      },
    },
    mount(_root: HTMLElement, rt: Runtime) {
      runtime = rt;
      const http = rt.http;
      if (!http) return;
      config = http.call<WidgetSignalConfig>('GET', '/widget/signals').catch(() => null);
      void config.then(async (c) => {
        const visitor = rt.store.get().session?.visitor_id;
        if (!c?.enabled || !visitor || !inSample(visitor, c.sample_rate) || runtime !== rt) return;
        const { startDetector } = await import('./detector.ts');
        if (runtime === rt) stop = startDetector(send, (el) => !!el.closest('[data-baton]'));
      });
    },
    unmount() {
      stop?.();
      stop = null;
      runtime = null;
      config = Promise.resolve(null);
    },
  };
}
