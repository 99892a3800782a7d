import type { ChecklistContent } from '../../../../contracts/campaign-content/checklist.ts';
import { el } from '../dom.ts';
import { closeButton } from './action.ts';
import { badgesAt, checklistProgress, itemsDoneBy, MILESTONES, newBadges } from './checklist-progress.ts';
import { guidesTranslator } from './guides-i18n.ts';
import type { Renderer } from './types.ts';

/**
 * An onboarding checklist: a progress bar, items done by an event (as the page tracks it, and as
 * the server found at delivery — so it resumes where the contact left it) or ticked by the
 * visitor, a badge at each milestone, a celebration at 100 %, dismissible.
 */
export const renderChecklist: Renderer = (ctx) => {
  const c = ctx.campaign.content as ChecklistContent;
  const t = guidesTranslator(ctx.campaign.locale);
  let done = new Set(c.done ?? []);
  let percent = checklistProgress(c.items, done).percent;
  const completeAtDelivery = checklistProgress(c.items, done).complete;
  // The admin's own badges when the checklist names some, else the three built-in milestones.
  const milestones = c.badges?.length ? c.badges.map((b, i) => ({ badge: `badge-${i}`, percent: b.percent, label: b.label })) : MILESTONES.map((m) => ({ ...m, label: t(m.badge) }));
  const badgeLabel = (badge: string) => milestones.find((m) => m.badge === badge)?.label ?? badge;

  const title = el('h2', { class: 'cmp-title', id: `cl-${ctx.campaign.id}` });
  const about = el('p');
  const fill = el('span', { class: 'cmp-bar-fill' });
  const label = el('b', { 'data-testid': 'baton-checklist-percent' });
  const bar = el('div', { class: 'cmp-bar', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100 }, [fill]);
  const badges = el('ul', { class: 'cmp-badges', 'aria-label': t('badges') });
  const live = el('p', { class: 'cmp-live', 'aria-live': 'polite' });
  const list = el('ul', { class: 'cmp-items' });
  const box = el('section', { class: 'cmp-guide cmp-checklist', 'aria-labelledby': title.id, 'data-testid': 'baton-checklist' }, [
    closeButton(ctx, t('close'), () => {
      ctx.receipt('dismissed');
      ctx.close();
    }),
    el('div', { class: 'cmp-celebrate', 'aria-hidden': 'true' }, ['✓']),
    title,
    about,
    el('div', { class: 'cmp-bar-row' }, [bar, label]),
    badges,
    live,
    list,
  ]);

  function draw() {
    const p = checklistProgress(c.items, done);
    title.textContent = p.complete ? c.completed_title : c.title;
    about.textContent = (p.complete ? c.completed_body : c.description) ?? '';
    box.classList.toggle('cmp-complete', p.complete);
    fill.style.width = `${p.percent}%`;
    bar.setAttribute('aria-valuenow', String(p.percent));
    bar.setAttribute('aria-valuetext', t('percentDone', { percent: p.percent }));
    label.textContent = `${p.percent}%`;
    const earned = new Set(badgesAt(p.percent, milestones));
    badges.replaceChildren(...milestones.map((m) => el('li', { class: earned.has(m.badge) ? 'cmp-earned' : '', 'data-badge': m.badge }, [m.label])));
    list.replaceChildren(
      ...c.items.map((item) => {
        const isDone = done.has(item.id);
        const check = el('input', { type: 'checkbox', checked: isDone, disabled: isDone || !!item.event, onchange: () => void tick(item.id) });
        return el('li', { class: isDone ? 'cmp-done' : '', 'data-item': item.id }, [
          el('label', {}, [check, ` ${item.title}`]),
          item.description && !isDone ? el('p', { class: 'cmp-muted' }, [item.description]) : null,
          !isDone && item.action ? el('button', { type: 'button', class: 'cmp-secondary', onclick: () => ctx.act(item.action) }, [item.action.label]) : null,
        ]);
      }),
    );
    const fresh = newBadges(percent, p.percent, milestones);
    if (fresh.length) live.textContent = fresh.map((b) => t('badgeEarned', { name: badgeLabel(b) })).join(' ');
    if (p.complete && !completeAtDelivery && percent < 100) ctx.receipt('completed');
    percent = p.percent;
  }

  function mark(ids: string[]) {
    if (ids.every((id) => done.has(id))) return;
    done = new Set([...done, ...ids]);
    draw();
  }

  async function tick(id: string) {
    mark([id]);
    try {
      done = new Set((await ctx.call<{ done: string[] }>('POST', `/widget/checklists/${ctx.campaign.id}/items/${id}`)).done);
    } catch {
      done.delete(id);
    }
    draw();
  }

  draw();
  ctx.root.append(box);
  ctx.receipt('seen');
  return ctx.onTracked((name) => mark(itemsDoneBy(c.items, name)));
};
