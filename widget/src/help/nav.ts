const EVENT = 'baton:locationchange';
const patched = Symbol.for('baton.history.patched');

/**
 * Calls back with the path after every navigation, single-page apps included: `pushState` and
 * `replaceState` do not fire an event of their own, so they are wrapped once per page to fire
 * one (the originals still run first, unchanged).
 */
export function watchPath(cb: (path: string) => void): () => void {
  const h = history as History & { [patched]?: true };
  if (!h[patched]) {
    h[patched] = true;
    for (const method of ['pushState', 'replaceState'] as const) {
      const original = h[method];
      h[method] = function (this: History, ...args: Parameters<History['pushState']>) {
        original.apply(this, args);
        dispatchEvent(new Event(EVENT));
      };
    }
  }
  const fire = () => cb(location.pathname);
  for (const type of [EVENT, 'popstate', 'hashchange']) addEventListener(type, fire);
  return () => {
    for (const type of [EVENT, 'popstate', 'hashchange']) removeEventListener(type, fire);
  };
}
