import type { DeliveredCampaign } from '../../../../contracts/campaigns.ts';
import type { EngagementTranslate } from '../i18n.ts';

type WidgetReceipt = 'seen' | 'clicked' | 'completed' | 'dismissed' | 'anchor_missing';

/** What a renderer gets: its campaign (content in one locale), a root inside the shadow root, and the ways back. */
export interface RenderContext {
  campaign: DeliveredCampaign;
  /** An element of the engagement surface, inside the widget's shadow root; removed after cleanup. */
  root: HTMLElement;
  t: EngagementTranslate;
  /** The workspace's theme colour (already on `root` as the CSS variable --baton-accent). */
  color: string;
  /** Reports a receipt; `step` for multi-step types, `permanent` for "don't show again". */
  receipt(kind: WidgetReceipt, options?: { step?: number; permanent?: boolean }): void;
  /** Runs an action's effect: opens the URL, opens the Messenger, or nothing; then closes. */
  act(action: { kind: 'url' | 'open_messenger' | 'dismiss'; url?: string; new_tab?: boolean } | undefined): void;
  /** Removes this campaign from the page (cleanup runs); the next queued campaign may show. */
  close(): void;
  /** A /widget call in this visitor's session: survey answers and checklist ticks (server/guides). */
  call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
  /** Calls back with each event the page tracks once Baton has it (the runtime's onTracked); returns the unsubscribe. */
  onTracked(cb: (name: string) => void): () => void;
}

/**
 * Shows one campaign and returns its cleanup. Must never throw into the host page: a missing
 * anchor is reported with `receipt('anchor_missing')` and `close()`.
 */
export type Renderer = (ctx: RenderContext) => () => void;
