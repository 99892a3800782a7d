import type { Runtime, Surface } from '../runtime.ts';
import { createReplay } from '../replay/surface.ts';
import { createSignals } from './surface.ts';

/**
 * The signals chunk: the watchers of the host page a workspace turns on — frustration signals and
 * session replay's starter (whose recorder is fetched only for a consenting contact). One chunk
 * for both because every chunk's name costs bytes in the loader, which has none to spare.
 */
export function createPageWatchers(): Surface {
  const parts = [createSignals(), createReplay()];
  return {
    id: 'signals',
    commands: Object.assign({}, ...parts.map((p) => p.commands)) as Surface['commands'],
    mount(root: HTMLElement, rt: Runtime) {
      for (const p of parts) p.mount(root, rt);
    },
    unmount() {
      for (const p of parts) p.unmount();
    },
    async onSession(changed: boolean) {
      for (const p of parts) await p.onSession?.(changed);
    },
  };
}

export default createPageWatchers;
