import type { BannerContent } from '../../../../contracts/campaign-content/banner.ts';
import { el, paragraphs } from '../dom.ts';
import { actionButton, closeButton } from './action.ts';
import type { Renderer } from './types.ts';

/**
 * A banner at the top or bottom: floating over the page, or inline — then a spacer of its
 * height in the host page pushes the content instead of covering it.
 */
export const renderBanner: Renderer = (ctx) => {
  const c = ctx.campaign.content as BannerContent;
  const banner = el('div', { class: `cmp-banner cmp-${c.position} cmp-${c.display}`, role: 'region', 'aria-label': ctx.t('announcement') }, [
    paragraphs(c.body),
    actionButton(ctx, c.action),
    c.dismissible
      ? closeButton(ctx, ctx.t('dismiss'), () => {
          ctx.receipt('dismissed');
          ctx.close();
        })
      : null,
  ]);
  ctx.root.append(banner);
  let spacer: HTMLElement | null = null;
  let observer: ResizeObserver | null = null;
  if (c.display === 'inline') {
    spacer = document.createElement('div');
    spacer.setAttribute('data-baton-spacer', '');
    if (c.position === 'top') document.body.prepend(spacer);
    else document.body.append(spacer);
    const fit = () => spacer && (spacer.style.height = `${banner.offsetHeight}px`);
    fit();
    if (typeof ResizeObserver !== 'undefined') {
      observer = new ResizeObserver(fit);
      observer.observe(banner);
    }
  }
  ctx.receipt('seen');
  return () => {
    observer?.disconnect();
    spacer?.remove();
  };
};
