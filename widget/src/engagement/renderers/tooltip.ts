import type { TooltipContent } from '../../../../contracts/campaign-content/tooltip.ts';
import { el, paragraphs } from '../dom.ts';
import { actionButton, closeButton } from './action.ts';
import { findAnchor, placeNear } from './anchor.ts';
import type { Renderer } from './types.ts';

/**
 * A tooltip beside its anchor element, or a hotspot (a pulsing dot on it) that opens the tooltip.
 * Follows the anchor on scroll and resize; a missing anchor is reported and skipped.
 */
export const renderTooltip: Renderer = (ctx) => {
  const c = ctx.campaign.content as TooltipContent;
  const anchor = findAnchor(c.selector);
  if (!anchor) {
    ctx.receipt('anchor_missing');
    queueMicrotask(ctx.close);
    return () => undefined;
  }
  const dismiss = () => {
    ctx.receipt('dismissed');
    ctx.close();
  };
  const tip = el('div', { class: `cmp-tooltip cmp-${c.placement}`, role: 'dialog', 'aria-label': c.title ?? ctx.t('openHint'), tabindex: -1, onkeydown: (e) => (e as KeyboardEvent).key === 'Escape' && dismiss() }, [
    closeButton(ctx, ctx.t('close'), dismiss),
    c.title ? el('h2', { class: 'cmp-title' }, [c.title]) : null,
    paragraphs(c.body),
    actionButton(ctx, c.action),
  ]);
  let open = c.style === 'tooltip';
  const dot = c.style === 'hotspot' ? el('button', { type: 'button', class: 'cmp-hotspot', 'aria-label': ctx.t('openHint'), 'aria-expanded': 'false', onclick: () => show() }) : null;

  function place() {
    const r = anchor!.getBoundingClientRect();
    if (dot) {
      dot.style.left = `${r.right - 8}px`;
      dot.style.top = `${r.top - 8}px`;
    }
    if (open) placeNear(tip, r, c.placement);
  }

  function show() {
    open = true;
    dot?.setAttribute('aria-expanded', 'true');
    ctx.root.append(tip);
    place();
    tip.focus();
    if (dot) ctx.receipt('clicked');
  }

  if (dot) ctx.root.append(dot);
  if (open) {
    ctx.root.append(tip);
    place();
  }
  addEventListener('scroll', place, true);
  addEventListener('resize', place);
  ctx.receipt('seen');
  return () => {
    removeEventListener('scroll', place, true);
    removeEventListener('resize', place);
  };
};
