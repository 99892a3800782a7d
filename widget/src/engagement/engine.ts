import type { DecideResponse, DecideTrigger, DeliveredCampaign, ReceiptsBody } from '../../../contracts/campaigns.ts';
import type { MessengerLocale } from '../../../contracts/messenger.ts';
import type { Http } from '../session.ts';
import { engagementTranslator, type EngagementTranslate } from './i18n.ts';
import { RENDERERS } from './renderers/index.ts';
import type { RenderContext } from './renderers/types.ts';

type Receipt = ReceiptsBody['receipts'][number];

export interface EngineHost {
  http(): Http | null;
  locale(): MessengerLocale;
  openMessenger(): void;
  onTracked(cb: (name: string) => void): () => void;
}

/** Guides the visitor is working through: they outlive a single-page navigation (a tour follows the pages itself). */
const STAYS_ON_NAVIGATION = new Set(['tour', 'checklist', 'survey']);

const SESSION_KEY = 'baton.campaign-session';

/** One id per browser tab session: what "one proactive message per session" counts. */
function sessionId(): string {
  try {
    const known = sessionStorage.getItem(SESSION_KEY);
    if (known) return known;
    const fresh = `s${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
    sessionStorage.setItem(SESSION_KEY, fresh);
    return fresh;
  } catch {
    return `s${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  }
}

interface Shown {
  campaign: DeliveredCampaign;
  node: HTMLElement;
  cleanup: () => void;
}

/**
 * Asks Baton which campaigns apply (page view, event, frustration signal, manual start), shows
 * them — one capped campaign at a time, after its delay; uncapped ones alongside — and reports
 * receipts in small batches. Nothing here may throw into the host page.
 */
export class CampaignEngine {
  private readonly session = sessionId();
  private shown = new Map<string, Shown>();
  private timers = new Map<string, ReturnType<typeof setTimeout>>();
  private outbox: Receipt[] = [];
  private flushing = false;
  private t: EngagementTranslate;
  color = '#3b4cca';

  constructor(
    private readonly root: HTMLElement,
    private readonly host: EngineHost,
  ) {
    this.t = engagementTranslator(host.locale());
  }

  async decide(trigger: DecideTrigger): Promise<void> {
    const http = this.host.http();
    if (!http) return;
    let answer: DecideResponse;
    try {
      answer = await http.call<DecideResponse>('POST', '/widget/campaigns/decide', {
        session_id: this.session,
        url: location.href,
        locale: this.host.locale(),
        time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        trigger,
      });
    } catch (err) {
      console.warn('[Baton Messenger] campaigns unavailable', err);
      return;
    }
    this.color = answer.theme.color;
    this.t = engagementTranslator(this.host.locale());
    for (const c of answer.campaigns) {
      if (this.shown.has(c.id) || this.timers.has(c.id)) continue;
      const manual = trigger.type === 'manual';
      if (c.capped && !manual && this.cappedBusy()) continue;
      const delay = manual ? 0 : c.delay_seconds * 1000;
      if (delay === 0) this.show(c);
      else
        this.timers.set(
          c.id,
          setTimeout(() => {
            this.timers.delete(c.id);
            if (!(c.capped && this.cappedBusy())) this.show(c);
          }, delay),
        );
    }
  }

  private cappedBusy(): boolean {
    return [...this.shown.values()].some((s) => s.campaign.capped) || [...this.timers.keys()].length > 0;
  }

  private show(campaign: DeliveredCampaign): void {
    const render = RENDERERS[campaign.type];
    if (!render) return;
    const node = document.createElement('div');
    node.className = `cmp cmp-type-${campaign.type}`;
    node.style.setProperty('--baton-accent', this.color);
    node.lang = campaign.locale;
    this.root.append(node);
    const ctx: RenderContext = {
      campaign,
      root: node,
      t: this.t,
      color: this.color,
      receipt: (kind, options = {}) => this.receipt({ campaign_id: campaign.id, kind, ...options }),
      call: <T,>(method: 'GET' | 'POST', path: string, body?: unknown) => {
        const http = this.host.http();
        return http ? http.call<T>(method, path, body) : Promise.reject(new Error('no Messenger session'));
      },
      act: (action) => {
        this.receipt({ campaign_id: campaign.id, kind: 'clicked' });
        if (action?.kind === 'url' && action.url) {
          if (action.new_tab) open(action.url, '_blank', 'noopener');
          else location.assign(action.url);
        } else if (action?.kind === 'open_messenger') this.host.openMessenger();
        this.close(campaign.id);
      },
      close: () => this.close(campaign.id),
      onTracked: (cb) => this.host.onTracked(cb),
    };
    try {
      this.shown.set(campaign.id, { campaign, node, cleanup: render(ctx) });
    } catch (err) {
      // A renderer bug must never reach the host page.
      console.warn('[Baton Messenger] campaign could not be shown', err);
      node.remove();
      this.shown.delete(campaign.id);
    }
  }

  close(id: string): void {
    const s = this.shown.get(id);
    if (!s) return;
    this.shown.delete(id);
    try {
      s.cleanup();
    } finally {
      s.node.remove();
    }
  }

  /** A new page of a single-page app: anchored campaigns and pending delays belong to the old one. */
  navigated(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const [id, s] of this.shown) if (!s.campaign.capped && !STAYS_ON_NAVIGATION.has(s.campaign.type)) this.close(id);
    void this.decide({ type: 'page_view' });
  }

  private receipt(r: Receipt): void {
    this.outbox.push(r);
    if (this.flushing) return;
    this.flushing = true;
    queueMicrotask(() => void this.flush());
  }

  private async flush(): Promise<void> {
    const batch = this.outbox.splice(0, 50);
    const http = this.host.http();
    try {
      if (http && batch.length) await http.call('POST', '/widget/campaigns/receipts', { session_id: this.session, receipts: batch });
    } catch (err) {
      console.warn('[Baton Messenger] campaign receipt not recorded', err);
    }
    this.flushing = false;
    if (this.outbox.length) {
      this.flushing = true;
      void this.flush();
    }
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const id of [...this.shown.keys()]) this.close(id);
  }
}
