import type { TourContent, TourStep } from '../../../../contracts/campaign-content/tour.ts';
import { watchPath } from '../../help/nav.ts';
import { el, paragraphs } from '../dom.ts';
import { closeButton } from './action.ts';
import { placeNear, waitForAnchor } from './anchor.ts';
import { guidesTranslator } from './guides-i18n.ts';
import { canGoBack, resumeAt, tourView } from './tour-flow.ts';
import { endTour, saveTourStep, tourInProgress } from './tour-session.ts';
import type { Renderer } from './types.ts';

/** How long a step waits for its element to appear (a view drawn after a navigation) before it is skipped. */
const ANCHOR_WAIT_MS = 3000;

/**
 * A product tour: one step at a time beside its element (or centred), across the pages of a
 * single-page app — a step of another page waits until the visitor gets there — resumed after a
 * reload, skippable, "don't show again". A step whose element never appears is reported and skipped.
 */
export const renderTour: Renderer = (ctx) => {
  const c = ctx.campaign.content as TourContent;
  const id = ctx.campaign.id;
  const t = guidesTranslator(ctx.campaign.locale);
  const saved = tourInProgress();
  let index = resumeAt(c.steps, saved?.id === id ? saved.step : 0);
  let anchor: Element | null = null;
  let cancelWait = (): void => undefined;
  let unclick = (): void => undefined;
  let generation = 0;
  let shownPath = '';
  const seen = new Set<number>();
  const spot = el('div', { class: 'cmp-tour-spot', 'aria-hidden': 'true' });
  const card = el('div', { class: 'cmp-guide cmp-tour', role: 'dialog', tabindex: -1, 'data-testid': 'baton-tour', onkeydown: (e) => c.allow_skip && (e as KeyboardEvent).key === 'Escape' && end('dismissed') });

  function end(kind: 'completed' | 'dismissed', permanent = false) {
    endTour(id);
    ctx.receipt(kind, permanent ? { permanent } : {});
    ctx.close();
  }

  function go(next: number) {
    index = next;
    saveTourStep(id, index);
    void show();
  }

  function hide() {
    cancelWait();
    unclick();
    card.remove();
    spot.remove();
    anchor = null;
  }

  async function show() {
    const mine = ++generation;
    shownPath = location.pathname;
    hide();
    const view = tourView(c.steps, index, location.pathname);
    if (view.kind === 'end') return end('completed');
    if (view.kind === 'wait') return;
    const step = c.steps[index]!;
    if (step.selector) {
      const wait = waitForAnchor(step.selector, ANCHOR_WAIT_MS);
      cancelWait = wait.cancel;
      const found = await wait.found;
      if (mine !== generation) return;
      if (!found) {
        ctx.receipt('anchor_missing', { step: index });
        return go(index + 1);
      }
      anchor = found;
    }
    draw(step);
  }

  function forward() {
    ctx.receipt('completed', { step: index });
    go(index + 1);
  }

  function draw(step: TourStep) {
    const last = index === c.steps.length - 1;
    const bodyId = `tour-${id}-body`;
    const text = paragraphs(step.body);
    text.id = bodyId;
    const primary = step.advance_on_click && anchor ? null : el('button', { type: 'button', class: 'cmp-action', onclick: forward }, [t(last ? 'done' : 'next')]);
    card.setAttribute('aria-label', step.title ?? t('tour'));
    card.setAttribute('aria-describedby', bodyId);
    card.classList.toggle('cmp-tour-center', !anchor);
    if (!anchor) card.style.left = card.style.top = '';
    const parts = [
      c.allow_skip ? closeButton(ctx, t('skipTour'), () => end('dismissed')) : null,
      el('p', { class: 'cmp-muted' }, [t('step', { n: index + 1, total: c.steps.length })]),
      step.title ? el('h2', { class: 'cmp-title' }, [step.title]) : null,
      text,
      el('div', { class: 'cmp-row' }, [
        canGoBack(c.steps, index, location.pathname) ? el('button', { type: 'button', class: 'cmp-secondary', onclick: () => go(index - 1) }, [t('back')]) : null,
        c.allow_skip ? el('button', { type: 'button', class: 'cmp-link', onclick: () => end('dismissed', true) }, [t('never')]) : null,
        primary,
      ]),
    ];
    card.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));
    if (anchor && step.advance_on_click) {
      const onClick = () => forward();
      const a = anchor;
      a.addEventListener('click', onClick);
      unclick = () => a.removeEventListener('click', onClick);
    }
    if (anchor) ctx.root.append(spot);
    ctx.root.append(card);
    if (anchor) {
      const r = anchor.getBoundingClientRect();
      if (r.bottom < 0 || r.top > innerHeight) anchor.scrollIntoView({ block: 'center' });
    }
    place();
    (primary ?? card).focus();
    if (!seen.has(index)) {
      seen.add(index);
      ctx.receipt('seen', { step: index });
    }
  }

  function place() {
    if (!anchor || !card.isConnected) return;
    const r = anchor.getBoundingClientRect();
    Object.assign(spot.style, { left: `${r.left - 4}px`, top: `${r.top - 4}px`, width: `${r.width + 8}px`, height: `${r.height + 8}px` });
    placeNear(card, r, c.steps[index]!.placement);
  }

  saveTourStep(id, index);
  // Only a new path matters: an app rewriting its query string must not redraw the step (and move the focus).
  const unwatch = watchPath((path) => path !== shownPath && void show());
  addEventListener('scroll', place, true);
  addEventListener('resize', place);
  void show();
  return () => {
    generation++;
    hide();
    unwatch();
    removeEventListener('scroll', place, true);
    removeEventListener('resize', place);
  };
};
