import type { HelpArticle, HelpEventBody, HelpHome, HelpSearchHit } from '../../../contracts/help.ts';
import type { Runtime } from '../runtime.ts';
import type { View } from '../store.ts';
import { helpTranslator, type HelpTranslate } from './i18n.ts';
import { suggestionsFor } from './match.ts';

/** The flag the help-links holdout varies: help links, page suggestions and suggestions while typing. */
export const HELP_LINKS_FLAG = 'help.links';

const TYPING_DEBOUNCE_MS = 350;

export type HelpSource = NonNullable<HelpEventBody['source']>;
export type HelpView = Extract<View, { name: 'help' | 'collection' | 'article' }>;

export const isHelpView = (v: View): v is HelpView => v.name === 'help' || v.name === 'collection' || v.name === 'article';

export interface HelpState {
  home: HelpHome | null;
  path: string;
  query: string;
  results: HelpSearchHit[] | null;
  article: { ref: string; data: HelpArticle | null; failed: boolean } | null;
  /** Articles matching the question being typed. */
  typing: { query: string; hits: HelpSearchHit[] };
  /** A suggestion opened while a question was typed and not sent yet: a deflection if it stays unsent. */
  deflection: { articleId: string; query: string } | null;
}

type Listener = (s: HelpState) => void;

/**
 * What the help space, help links and suggestions share: the help home, the search, the open
 * article, the suggestions for the question being typed, the view history for "back", and the
 * events recorded on the contact.
 */
export class HelpController {
  state: HelpState = { home: null, path: location.pathname, query: '', results: null, article: null, typing: { query: '', hits: [] }, deflection: null };
  private listeners = new Set<Listener>();
  private history: View[] = [];
  private suggested = new Set<string>();
  private homeLoading: Promise<void> | null = null;
  private searchSeq = 0;
  private typingSeq = 0;

  constructor(readonly runtime: Runtime) {
    let open = false;
    let question = '';
    let typingTimer: ReturnType<typeof setTimeout> | undefined;
    runtime.store.subscribe((s) => {
      // The draft of a new question, debounced, asks for suggestions (whatever screen shows them).
      const draft = s.open && s.view.name === 'chat' && s.view.conversationId === null ? s.draft : '';
      if (draft !== question) {
        question = draft;
        clearTimeout(typingTimer);
        typingTimer = setTimeout(() => void this.suggestFor(draft).catch((err: unknown) => console.warn('[Baton Messenger] suggestions failed', err)), TYPING_DEBOUNCE_MS);
      }
      // The question went out: whatever was read before it did not answer it.
      if (this.state.deflection && s.pending.some((p) => p.conversationId === null)) this.set({ deflection: null });
      if (open && !s.open) this.settleDeflection(false);
      open = s.open;
      if (!s.session) this.reset();
    });
    addEventListener('pagehide', () => this.settleDeflection(true));
  }

  get t(): HelpTranslate {
    return helpTranslator(this.runtime.locale);
  }

  /** Help links and suggestions show only when the contact's `help.links` flag is on. */
  get enabled(): boolean {
    return this.runtime.flags.on(HELP_LINKS_FLAG);
  }

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private set(patch: Partial<HelpState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state);
  }

  private reset(): void {
    this.history = [];
    this.suggested.clear();
    this.homeLoading = null;
    if (this.state.home || this.state.article) this.set({ home: null, query: '', results: null, article: null, typing: { query: '', hits: [] }, deflection: null });
  }

  private get http() {
    const http = this.runtime.http;
    if (!http) throw new Error('The Messenger is not booted');
    return http;
  }

  private localeQuery(): string {
    return `locale=${encodeURIComponent(this.runtime.locale)}`;
  }

  setPath(path: string): void {
    if (path !== this.state.path) this.set({ path });
  }

  loadHome(): Promise<void> {
    this.homeLoading ??= this.http
      .call<HelpHome>('GET', `/widget/help/home?${this.localeQuery()}`)
      .then((home) => this.set({ home }))
      .catch((err: unknown) => {
        this.homeLoading = null;
        console.warn('[Baton Messenger] help unavailable', err);
      });
    return this.homeLoading;
  }

  /** The admins' suggested articles for the page the visitor is on (none when the flag is off). */
  pageSuggestions() {
    if (!this.enabled || !this.state.home) return [];
    return suggestionsFor(this.state.home.pages, this.state.path);
  }

  async search(query: string): Promise<void> {
    const seq = ++this.searchSeq;
    this.set({ query });
    const q = query.trim();
    if (!q) return this.set({ results: null });
    const { data } = await this.http.call<{ data: HelpSearchHit[] }>('GET', `/widget/help/search?${this.localeQuery()}&q=${encodeURIComponent(q)}`);
    if (seq === this.searchSeq) this.set({ results: data });
  }

  /** Suggestions for the question being typed; each article shown is recorded once per question. */
  async suggestFor(draft: string): Promise<void> {
    const q = draft.trim();
    // A debounced call for an older draft (its timer outlived a re-render) changes nothing.
    if (q !== this.runtime.store.get().draft.trim()) return;
    if (!this.enabled || q.length < 3) {
      if (this.state.typing.hits.length) this.set({ typing: { query: q, hits: [] } });
      if (!q) this.suggested.clear();
      return;
    }
    const seq = ++this.typingSeq;
    const { data } = await this.http.call<{ data: HelpSearchHit[] }>(
      'GET',
      `/widget/help/search?${this.localeQuery()}&purpose=suggest&limit=3&q=${encodeURIComponent(q)}`,
    );
    if (seq !== this.typingSeq) return;
    this.set({ typing: { query: q, hits: data } });
    for (const hit of data) this.suggestedOnce(`typing ${hit.id}`, hit.id, { source: 'typing', query: q });
  }

  /** Page suggestions on the home: recorded once per article and page. */
  shownOnPage(ids: string[]): void {
    for (const id of ids) this.suggestedOnce(`page ${this.state.path} ${id}`, id, { source: 'page' });
  }

  private suggestedOnce(key: string, articleId: string, extra: Partial<HelpEventBody>, name: HelpEventBody['name'] = 'article_suggested'): void {
    if (this.suggested.has(key)) return;
    this.suggested.add(key);
    this.track(name, articleId, extra);
  }

  /** Opens an article inside the Messenger; `from` is where "back" returns. */
  async openArticle(ref: string, source: HelpSource): Promise<void> {
    const store = this.runtime.store;
    const current = store.get().view;
    if (store.get().open) this.history.push(current);
    else this.history = [{ name: 'home' }];
    const query = source === 'typing' ? this.state.typing.query : undefined;
    // The help state first: the article screen's first render must not show the previous article.
    this.set({ article: { ref, data: null, failed: false } });
    store.set({ open: true, view: { name: 'article', ref } });
    this.showMessenger();
    try {
      const data = await this.http.call<HelpArticle>('GET', `/widget/help/articles/${encodeURIComponent(ref)}?${this.localeQuery()}`);
      if (this.state.article?.ref !== ref) return;
      this.set({ article: { ref, data, failed: false } });
      if (source === 'typing') this.set({ deflection: { articleId: data.id, query: query ?? '' } });
      this.track('article_viewed', data.id, { source, locale: data.locale, ...(query ? { query } : {}) });
    } catch {
      if (this.state.article?.ref === ref) this.set({ article: { ref, data: null, failed: true } });
    }
  }

  openView(view: HelpView): void {
    const store = this.runtime.store;
    this.history.push(store.get().view);
    store.set({ open: true, view });
    this.showMessenger();
  }

  /** Articles open in the Messenger's panel: a help link on a page may come before its chunk. */
  private showMessenger(): void {
    this.runtime.need('messenger').catch((err: unknown) => console.warn('[Baton Messenger] Messenger unavailable', err));
  }

  back(): void {
    this.runtime.store.set({ view: this.history.pop() ?? { name: 'home' } });
  }

  /** A help link came into view: recorded once per article and page (it names the article by id or slug). */
  linkShown(ref: string): void {
    if (this.enabled) this.suggestedOnce(`link ${this.state.path} ${ref}`, ref, { source: 'help_link' }, 'help_link_shown');
  }

  /** A help link on the host page was clicked: recorded, then its article opens. */
  async linkClicked(ref: string): Promise<void> {
    await this.openArticle(ref, 'help_link');
    const id = this.state.article?.data?.id;
    if (id) this.track('help_link_clicked', id, { source: 'help_link' });
  }

  track(name: HelpEventBody['name'], articleId: string, extra: Partial<HelpEventBody> = {}, keepalive = false): void {
    const http = this.runtime.http;
    if (!http?.token) return;
    const body: HelpEventBody = { name, article_id: articleId, locale: this.runtime.locale, path: this.state.path.slice(0, 500), ...extra };
    // keepalive: a page being left still delivers the event.
    void fetch(`${http.base}/widget/help/events`, {
      method: 'POST',
      keepalive,
      credentials: 'omit',
      headers: { 'content-type': 'application/json', 'x-baton-app': http.appId, 'x-baton-visitor': http.token },
      body: JSON.stringify(body),
    }).catch((err: unknown) => console.warn('[Baton Messenger] event not recorded', name, err));
  }

  /** The visitor read a suggested article and closed the Messenger or left without asking. */
  private settleDeflection(leaving: boolean): void {
    const d = this.state.deflection;
    if (!d) return;
    this.set({ deflection: null });
    this.track('help_deflection', d.articleId, { source: 'typing', query: d.query.slice(0, 500) }, leaving);
  }
}

const controllers = new WeakMap<Runtime, HelpController>();

/** The one help controller of a page's runtime, shared by the help surface and the Messenger's screens. */
export function helpFor(runtime: Runtime): HelpController {
  let c = controllers.get(runtime);
  if (!c) {
    c = new HelpController(runtime);
    controllers.set(runtime, c);
  }
  return c;
}
