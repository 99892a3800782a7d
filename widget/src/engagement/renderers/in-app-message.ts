import type { InAppMessageContent } from '../../../../contracts/campaign-content/in-app-message.ts';
import { el, paragraphs } from '../dom.ts';
import { actionButton, closeButton } from './action.ts';
import type { Renderer } from './types.ts';

/**
 * Chat-style (a message from a teammate beside the launcher), post (a card in the corner) or
 * modal (a dialog over the page: focus moves in, Escape closes, focus returns).
 */
export const renderInAppMessage: Renderer = (ctx) => {
  const c = ctx.campaign.content as InAppMessageContent;
  const dismiss = () => {
    ctx.receipt('dismissed');
    ctx.close();
  };
  const titleId = `cmp-t-${ctx.campaign.id}`;
  const box = el('div', { class: `cmp-message cmp-${c.style}`, role: c.style === 'modal' ? 'dialog' : 'status', 'aria-modal': c.style === 'modal' ? 'true' : undefined, 'aria-labelledby': c.title ? titleId : undefined, tabindex: -1 }, [
    closeButton(ctx, ctx.t('close'), dismiss),
    c.style === 'chat' && ctx.campaign.sender ? el('div', { class: 'cmp-sender' }, [el('span', { class: 'cmp-avatar', 'aria-hidden': 'true' }, [ctx.campaign.sender.name.slice(0, 1)]), ctx.t('fromTeam', { name: ctx.campaign.sender.name })]) : null,
    c.image_url && c.style !== 'chat' ? el('img', { class: 'cmp-image', src: c.image_url, alt: '' }) : null,
    c.title ? el('h2', { class: 'cmp-title', id: titleId }, [c.title]) : null,
    paragraphs(c.body),
    actionButton(ctx, c.action),
  ]);
  const previous = document.activeElement as HTMLElement | null;
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') dismiss();
  };
  if (c.style === 'modal') {
    const overlay: HTMLElement = el('div', { class: 'cmp-overlay', onclick: (e: Event) => e.target === overlay && dismiss() }, [box]);
    ctx.root.append(overlay);
    box.addEventListener('keydown', onKey);
    box.focus();
  } else {
    ctx.root.append(box);
    box.addEventListener('keydown', onKey);
  }
  ctx.receipt('seen');
  return () => {
    if (c.style === 'modal') previous?.focus?.();
  };
};
