import type { BootBody, MessengerLocale } from '../../contracts/messenger.ts';
import type { Translate } from './i18n/index.ts';
import { Flags } from './help/flags.ts';
import { loadChunk, type ChunkName } from './loader/chunks.ts';
import css from './loader/base.css?inline';
import { Launcher } from './loader/launcher.ts';
import type { Realtime } from './realtime.ts';
import { Http, tokenStore } from './session.ts';
import { Store, unreadCount } from './store.ts';

type Settings = Record<string, unknown> & { app_id?: string };
type Callback = (...args: unknown[]) => void;

/**
 * Something the runtime shows on a customer's page, delivered in a chunk of its own (see
 * loader/chunks.ts): a root of its own in the shared shadow root, the commands it answers,
 * and a hook for the session's life.
 */
export interface Surface {
  id: string;
  commands: Record<string, (...args: unknown[]) => unknown>;
  /** Runs once the session is known; a surface loaded later is mounted at once. */
  mount(root: HTMLElement, runtime: Runtime): void;
  unmount(): void;
  /** A later boot or update: `changed` when it is another visitor (new token). */
  onSession?(changed: boolean): Promise<void> | void;
}

/** What a chunk's module exports by default. */
export type SurfaceFactory = () => Surface;

export interface RuntimeEvents {
  show: Set<Callback>;
  hide: Set<Callback>;
  unread: Set<Callback>;
}

/** Commands answered by a chunk that is not loaded yet: the first one fetches it. */
const COMMAND_CHUNKS: Record<string, ChunkName> = {
  show: 'messenger',
  showMessages: 'messenger',
  showSpace: 'messenger',
  showNewMessage: 'messenger',
  showConversation: 'messenger',
  showArticle: 'help',
  showCampaign: 'engagement',
  startTour: 'engagement',
  startChecklist: 'engagement',
  startSurvey: 'engagement',
  trackError: 'signals',
};
const warn = (what: string) => (err: unknown) => console.warn('[Baton Messenger]', what, err);
/** Commands that mean nothing before their chunk is there. */
const IDLE_COMMANDS = new Set(['hide']);

/**
 * The widget on one page: its settings, its session with Baton, its shadow root and the
 * surfaces inside it. This part is the loader (widget.js); surfaces arrive in chunks only when
 * the page needs them. Commands run one after another, in the order the page called them.
 */
export class Runtime {
  readonly store = new Store();
  readonly flags = new Flags();
  readonly events: RuntimeEvents = { show: new Set(), hide: new Set(), unread: new Set() };
  http: Http | null = null;
  /** The Messenger's socket, once its chunk connected one. */
  realtime: Realtime | null = null;
  /** The Messenger's translator; its chunk sets it (the loader carries no dictionaries). */
  t: Translate = (key) => key;
  locale: MessengerLocale = 'en';
  private settings: Settings = {};
  private host: HTMLElement | null = null;
  private shadow: ShadowRoot | null = null;
  private launcher: Launcher | null = null;
  private surfaces: Surface[] = [];
  private mounted = new Set<Surface>();
  private chunks = new Map<ChunkName, Promise<void>>();
  private helpWatch: MutationObserver | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private tracked = new Set<(name: string) => void>();
  private lastUnread = 0;
  private lastOpen = false;

  constructor(readonly base: string) {
    this.store.subscribe((s) => {
      const unread = unreadCount(s);
      if (unread !== this.lastUnread) {
        this.lastUnread = unread;
        for (const cb of this.events.unread) cb(unread);
      }
      if (s.open !== this.lastOpen) {
        this.lastOpen = s.open;
        for (const cb of s.open ? this.events.show : this.events.hide) cb();
      }
    });
  }

  /** Fetches a chunk once and mounts its surface; later calls share the first fetch. */
  need(name: ChunkName): Promise<void> {
    let pending = this.chunks.get(name);
    if (!pending) {
      pending = loadChunk(this.base, name).then((create) => {
        const surface = create();
        this.surfaces.push(surface);
        if (this.shadow) this.mountSurface(surface);
      });
      pending.catch(() => this.chunks.delete(name));
      this.chunks.set(name, pending);
    }
    return pending;
  }

  /** Runs a command of the JS API (Baton or Intercom names). Answers getters at once. */
  command(name: string, args: unknown[]): unknown {
    switch (name) {
      case 'getVisitorId':
        return this.store.get().session?.visitor_id;
      case 'getFlag':
        return this.flags.get(String(args[0]));
      case 'onFlags':
        return typeof args[0] === 'function' ? this.flags.subscribe(args[0] as Callback) : undefined;
      case 'onShow':
      case 'onHide':
      case 'onUnreadCountChange': {
        const cb = args[0];
        if (typeof cb !== 'function') return undefined;
        const set = name === 'onShow' ? this.events.show : name === 'onHide' ? this.events.hide : this.events.unread;
        set.add(cb as Callback);
        // Intercom calls an unread listener with the current count straight away.
        if (name === 'onUnreadCountChange') cb(this.lastUnread);
        return () => set.delete(cb as Callback);
      }
    }
    this.chain = this.chain.then(() => this.run(name, args)).catch(warn(name));
    return undefined;
  }

  private async run(name: string, args: unknown[]): Promise<unknown> {
    switch (name) {
      case 'boot':
        return this.boot({ ...(args[0] as Settings | undefined) });
      case 'update':
        return this.update({ ...(args[0] as Settings | undefined) });
      case 'shutdown':
        return this.shutdown();
      case 'trackEvent': {
        await this.http?.track(String(args[0]), (args[1] as Record<string, unknown> | undefined) ?? undefined);
        for (const cb of this.tracked) cb(String(args[0]));
        return undefined;
      }
    }
    const handler = () => this.surfaces.find((s) => s.commands[name])?.commands[name];
    const chunk = COMMAND_CHUNKS[name];
    if (!handler() && chunk && this.http) await this.need(chunk);
    const found = handler();
    if (found) return found(...args);
    if (!IDLE_COMMANDS.has(name)) console.warn('[Baton Messenger] unknown command', name);
    return undefined;
  }

  private async boot(settings: Settings): Promise<void> {
    if (this.http) await this.shutdown(false);
    const appId = settings.app_id;
    if (typeof appId !== 'string' || !appId) throw new Error('boot needs an app_id');
    this.settings = settings;
    this.http = new Http(this.base, appId);
    this.http.token = tokenStore.get(appId);
    await this.identify();
    this.mount();
  }

  private async update(patch: Settings): Promise<void> {
    if (!this.http) return;
    this.settings = { ...this.settings, ...patch };
    await this.identify();
  }

  /** Boot/update: tells Baton who this is and fetches the chunks the server says this page needs. */
  private async identify(): Promise<void> {
    const http = this.http!;
    const body = { ...this.settings, visitor_token: http.token ?? undefined, page_url: location.href.slice(0, 2000) } as BootBody;
    body.locale ??= navigator.languages?.[0] ?? navigator.language ?? 'en';
    const session = await http.boot(body);
    const changed = session.visitor_token !== http.token;
    http.token = session.visitor_token;
    tokenStore.set(http.appId, session.visitor_token);
    this.locale = session.settings.locale;
    this.store.set({ session });
    await this.flags.load(http);
    for (const s of this.mounted) await s.onSession?.(changed);
    // Without waiting: a chunk the page needs mounts when it arrives.
    for (const name of session.chunks) void this.need(name as ChunkName).catch(warn(name));
  }

  private async shutdown(forget = true): Promise<void> {
    this.helpWatch?.disconnect();
    this.helpWatch = null;
    if (forget && this.http) tokenStore.clear(this.http.appId);
    this.http = null;
    for (const s of this.mounted) s.unmount();
    this.mounted.clear();
    this.realtime = null;
    this.launcher = null;
    this.host?.remove();
    this.host = null;
    this.shadow = null;
    this.flags.clear();
    this.store.reset();
  }

  /** Called with the name of every event the page tracked, once Baton has it. */
  onTracked(cb: (name: string) => void): () => void {
    this.tracked.add(cb);
    return () => this.tracked.delete(cb);
  }

  setting<T>(key: string): T | undefined {
    return this.settings[key] as T | undefined;
  }

  /** Adds a stylesheet to the shared shadow root (each chunk brings its own). */
  addStyle(css: string): void {
    const style = document.createElement('style');
    style.textContent = css;
    this.shadow?.appendChild(style);
  }

  /** One host element, one shadow root: the page's CSS cannot reach in, ours cannot leak out. */
  private mount(): void {
    if (this.host) return;
    const host = document.createElement('div');
    host.id = 'baton-messenger';
    host.setAttribute('data-baton', '');
    this.shadow = host.attachShadow({ mode: 'open' });
    document.body.appendChild(host);
    this.host = host;
    this.addStyle(css);
    if (this.setting<boolean>('hide_default_launcher') !== true) {
      this.launcher = new Launcher(this.shadow, this.root('launcher'), this.locale, () => void this.need('messenger'), () => this.command('show', []));
    }
    for (const s of this.surfaces) this.mountSurface(s);
    this.watchHelpLinks();
  }

  private root(id: string): HTMLElement {
    const root = document.createElement('div');
    root.className = `surface surface-${id}`;
    root.dir = document.documentElement.dir === 'rtl' ? 'rtl' : 'ltr';
    root.lang = this.locale;
    this.shadow!.appendChild(root);
    return root;
  }

  private mountSurface(s: Surface): void {
    if (this.mounted.has(s)) return;
    this.mounted.add(s);
    s.mount(this.root(s.id), this);
    // The Messenger draws its own launcher: the loader's stand-in goes, handing over focus.
    if (s.id === 'messenger') {
      this.launcher?.replaceBy(this.shadow!.querySelector<HTMLElement>('.surface-messenger .launcher'));
      this.launcher = null;
    }
  }

  /** Help links on the page (now or added later) are what the help chunk is for. */
  private watchHelpLinks(): void {
    const found = () => {
      if (!document.querySelector('[data-baton-article]')) return false;
      this.helpWatch?.disconnect();
      this.helpWatch = null;
      void this.need('help');
      return true;
    };
    if (found()) return;
    this.helpWatch = new MutationObserver(() => void found());
    this.helpWatch.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-baton-article'] });
  }
}
