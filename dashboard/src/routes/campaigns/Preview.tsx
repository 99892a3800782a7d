/// <reference types="vite/client" />
import { useEffect, useRef } from 'react';
import type { DeliveredCampaign } from '../../../../contracts/campaigns.ts';
import type { MessengerLocale } from '../../../../contracts/messenger.ts';
import css from '../../../../widget/src/engagement/engagement.css?inline';
import { engagementTranslator } from '../../../../widget/src/engagement/i18n.ts';
import { RENDERERS } from '../../../../widget/src/engagement/renderers/index.ts';
import { saveTourStep } from '../../../../widget/src/engagement/renderers/tour-session.ts';

const ANCHOR_ID = 'baton-preview-anchor';

/**
 * The widget's own renderer drawing the campaign in a mock page: the same code and CSS as on a
 * customer's page, in a shadow root; the transformed frame keeps its fixed positions inside.
 * Something anchored to the mock element places itself by viewport coordinates: its host then
 * spans the viewport from the viewport's corner (still clipped by the frame), so they hold. The
 * frame clips rather than hides its overflow: a renderer scrolling its anchor into view must
 * never scroll the frame's own contents.
 */
export function CampaignPreview({ campaign, label, step = 0 }: { campaign: DeliveredCampaign; label: string; step?: number }) {
  const frame = useRef<HTMLDivElement>(null);
  const json = JSON.stringify(campaign);
  useEffect(() => {
    const host = frame.current?.querySelector<HTMLElement>('[data-preview-host]');
    if (!host) return;
    const shadow = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    shadow.replaceChildren();
    const style = document.createElement('style');
    style.textContent = css;
    shadow.append(style);
    const c = JSON.parse(json) as DeliveredCampaign;
    if (c.type === 'tooltip') c.content = { ...c.content, selector: `#${ANCHOR_ID}` };
    // A tour previews its first step on this mock page: no page rule, its element is the mock anchor.
    if (c.type === 'tour' && Array.isArray(c.content.steps)) {
      const steps = c.content.steps as Record<string, unknown>[];
      c.content = { ...c.content, steps: steps.map((s) => ({ ...s, page: undefined, selector: s.selector ? `#${ANCHOR_ID}` : undefined })) };
      // The step being edited: the renderer's own resume path opens the tour there.
      saveTourStep(c.id, Math.min(step, steps.length - 1));
    }
    const render = RENDERERS[c.type];
    if (!render) return;
    const anchored = c.type === 'tooltip' || (c.type === 'tour' && Boolean((c.content.steps as Record<string, unknown>[] | undefined)?.[step]?.selector));
    const align = () => {
      const f = frame.current;
      if (!f || !anchored) return void host.removeAttribute('style');
      const r = f.getBoundingClientRect();
      Object.assign(host.style, { position: 'absolute', left: `${-(r.left + f.clientLeft)}px`, top: `${-(r.top + f.clientTop)}px`, width: `${innerWidth}px`, height: `${innerHeight}px`, transform: 'translateZ(0)', pointerEvents: 'none' });
    };
    align();
    // Registered before the renderer's own listeners, so the host has moved when it re-places.
    addEventListener('scroll', align, true);
    addEventListener('resize', align);
    const node = document.createElement('div');
    node.className = `cmp cmp-type-${c.type}`;
    node.style.pointerEvents = 'auto';
    shadow.append(node);
    let cleanup: () => void = () => undefined;
    try {
      cleanup = render({
        campaign: c,
        root: node,
        t: engagementTranslator(c.locale as MessengerLocale),
        color: '#3b4cca',
        receipt: () => undefined,
        // The preview answers nothing: no survey answer or checklist tick is stored from it.
        call: () => Promise.reject(new Error('preview')),
        act: () => undefined,
        close: () => undefined,
        onTracked: () => () => undefined,
      });
    } catch {
      node.remove();
    }
    return () => {
      removeEventListener('scroll', align, true);
      removeEventListener('resize', align);
      cleanup();
    };
  }, [json, step]);
  return (
    <div ref={frame} aria-label={label} data-testid="campaign-preview" style={{ position: 'relative', transform: 'translateZ(0)', overflow: 'clip', height: 360, border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8, background: '#fafbfc', padding: '70px 24px 24px' }}>
      <div aria-hidden="true" style={{ width: 120, height: 14, borderRadius: 4, background: '#dee2e6', marginBottom: 12 }} />
      <div aria-hidden="true" style={{ width: 220, height: 10, borderRadius: 4, background: '#e9ecef', marginBottom: 16 }} />
      <button id={ANCHOR_ID} type="button" tabIndex={-1} style={{ padding: '6px 12px', display: 'block', margin: '0 auto' }}>
        +
      </button>
      <div data-preview-host="" />
    </div>
  );
}
