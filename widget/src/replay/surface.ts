import type { WidgetReplayConfig } from '../../../contracts/replay.ts';
import type { Runtime, Surface } from '../runtime.ts';

/**
 * Session replay's starter, part of the signals chunk. It asks Baton whether this browser should
 * record (the workspace has replay on and the contact consented with `replay_consent: true` in
 * boot or update) and only then fetches the recorder, rrweb, as a chunk of its own. Every later
 * boot or update asks again, so withdrawn consent stops the recording at once.
 */
export function createReplay(): Surface {
  let runtime: Runtime | null = null;
  let stop: (() => void) | null = null;
  let checking: Promise<void> = Promise.resolve();

  const halt = () => {
    stop?.();
    stop = null;
  };

  async function check(rt: Runtime): Promise<void> {
    const http = rt.http;
    if (!http) return;
    const config = await http.call<WidgetReplayConfig>('GET', '/widget/replay').catch(() => null);
    if (!config?.record) return halt();
    if (stop || runtime !== rt) return;
    const { startRecording } = await import('./recorder.ts');
    if (stop || runtime !== rt) return;
    stop = startRecording(http, () => (stop = null));
  }
  const recheck = (rt: Runtime) => (checking = checking.then(() => check(rt)).catch((err: unknown) => console.warn('[Baton Messenger] replay', err)));

  return {
    id: 'replay',
    commands: {},
    mount(_root: HTMLElement, rt: Runtime) {
      runtime = rt;
      void recheck(rt);
    },
    onSession() {
      if (runtime) return recheck(runtime);
    },
    unmount() {
      halt();
      runtime = null;
    },
  };
}
