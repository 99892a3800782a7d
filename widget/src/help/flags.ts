import type { WidgetFlags } from '../../../contracts/help.ts';
import type { Http } from '../session.ts';

type Values = WidgetFlags['flags'];
type Listener = (flags: Values) => void;

/**
 * The contact's flags, asked for at every boot and update (the contact may have changed). Baton's
 * own features and the product's custom flags read the same values (`Baton('getFlag', key)`,
 * `Baton('onFlags', cb)`). Until the server answered — or when it could not — no flag is known,
 * and features under a flag stay hidden rather than contaminate a holdout.
 */
export class Flags {
  private values: Values | null = null;
  private listeners = new Set<Listener>();

  async load(http: Http): Promise<void> {
    try {
      const { flags } = await http.call<WidgetFlags>('GET', '/widget/flags');
      this.values = flags;
    } catch (err) {
      console.warn('[Baton Messenger] flags unavailable', err);
      this.values = {};
    }
    for (const l of this.listeners) l(this.values);
  }

  get(key: string): unknown {
    return this.values?.[key];
  }

  /** True only when the server said so. */
  on(key: string): boolean {
    return this.values?.[key] === true;
  }

  /** Called now if the flags are known, and on every later load; returns the unsubscribe. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (this.values) listener(this.values);
    return () => this.listeners.delete(listener);
  }

  clear(): void {
    this.values = null;
  }
}
