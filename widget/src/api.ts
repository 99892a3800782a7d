import type { Runtime } from './runtime.ts';

type Queued = ArrayLike<unknown>;
export type Api = ((name: string, ...args: unknown[]) => unknown) & { q?: Queued[]; booted?: true };

interface HostWindow {
  Baton?: Api;
  Intercom?: Api;
  intercomSettings?: Record<string, unknown>;
  batonSettings?: Record<string, unknown>;
}

/**
 * Installs `window.Baton` and, unless a real Intercom is already on the page, `window.Intercom`
 * (Intercom's Messenger API). Calls made before this script loaded sit in the stubs' queues:
 * `Baton.q` from our snippet, `Intercom.q` from Intercom's snippet and its npm package
 * (@intercom/messenger-js-sdk), which also leaves the settings in `window.intercomSettings`.
 */
export function install(runtime: Runtime, appIdFromTag: string | undefined): void {
  const w = window as unknown as HostWindow;
  const queued: Queued[] = [...(w.Baton?.q ?? []), ...(w.Intercom?.q ?? [])];
  const takeIntercom = !w.Intercom || Array.isArray(w.Intercom.q);
  const api: Api = (name, ...args) => runtime.command(String(name), args);
  api.booted = true;
  w.Baton = api;
  if (takeIntercom) w.Intercom = api;

  // Like Intercom, boot at once from the page's settings or the script tag's app id.
  const settings = { ...(takeIntercom ? w.intercomSettings : undefined), ...w.batonSettings };
  const appId = (settings.app_id as string | undefined) ?? appIdFromTag;
  const queuedBoot = queued.some((args) => args[0] === 'boot');
  if (appId && !queuedBoot) runtime.command('boot', [{ ...settings, app_id: appId }]);
  for (const args of queued) {
    const [name, ...rest] = Array.from(args);
    if (name === 'boot' && appIdFromTag) rest[0] = { app_id: appIdFromTag, ...(rest[0] as object) };
    runtime.command(String(name), rest);
  }
}
