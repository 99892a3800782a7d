import type { BootBody, BootResponse } from '../../contracts/messenger.ts';

/**
 * HTTP calls to Baton's /widget API, authorised by the app id and the visitor token. The loader's
 * own; the Messenger's calls are in messenger/calls.ts, in its chunk.
 */
export class Http {
  token: string | null = null;
  constructor(
    readonly base: string,
    readonly appId: string,
  ) {}

  async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { 'x-baton-app': this.appId };
    if (this.token) headers['x-baton-visitor'] = this.token;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit' });
    const text = await res.text();
    const data = text ? (JSON.parse(text) as unknown) : undefined;
    if (!res.ok) {
      const p = data as { code?: string; detail?: string } | undefined;
      throw Object.assign(new Error(p?.detail ?? `HTTP ${res.status}`), { status: res.status, code: p?.code });
    }
    return data as T;
  }

  boot(settings: BootBody): Promise<BootResponse> {
    return this.call('POST', '/widget/boot', settings);
  }
  track(name: string, metadata?: Record<string, unknown>): Promise<void> {
    return this.call('POST', '/widget/events', { name, metadata });
  }
}

/** Where a browser keeps its visitor token, per workspace; shutdown forgets it. */
export const tokenStore = {
  key: (appId: string) => `baton:visitor:${appId}`,
  get(appId: string): string | null {
    try {
      return localStorage.getItem(this.key(appId));
    } catch {
      return null;
    }
  },
  set(appId: string, token: string): void {
    try {
      localStorage.setItem(this.key(appId), token);
    } catch {
      // Storage refused (private mode, sandbox): the session lasts as long as the page.
    }
  },
  clear(appId: string): void {
    try {
      localStorage.removeItem(this.key(appId));
    } catch {
      // Nothing stored to forget.
    }
  },
};
