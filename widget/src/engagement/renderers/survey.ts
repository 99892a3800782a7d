import type { SurveyContent, SurveyQuestion } from '../../../../contracts/campaign-content/survey.ts';
import { nextQuestion, validAnswer, type SurveyAnswer } from '../../../../contracts/campaign-content/survey-flow.ts';
import { el } from '../dom.ts';
import { closeButton } from './action.ts';
import { guidesTranslator, type GuidesTranslate } from './guides-i18n.ts';
import type { Renderer } from './types.ts';

/**
 * A survey in a card or a modal: one question at a time (NPS, CSAT, rating, choices, free text),
 * branches followed as answered, each answer stored as it is given (server/guides), then the
 * thank-you step. Every control is a button or a form field, so it works from the keyboard.
 */
export const renderSurvey: Renderer = (ctx) => {
  const survey = ctx.campaign.content as SurveyContent;
  const t = guidesTranslator(ctx.campaign.locale);
  const body = el('div');
  const card = el('div', { class: `cmp-guide cmp-survey cmp-survey-${survey.style}`, role: 'dialog', 'data-testid': 'baton-survey', onkeydown: (e) => (e as KeyboardEvent).key === 'Escape' && dismiss() }, [
    closeButton(ctx, t('close'), () => dismiss()),
    body,
  ]);
  let index = 0;
  let busy = false;

  function dismiss() {
    ctx.receipt('dismissed');
    ctx.close();
  }

  function move(answer: SurveyAnswer | null) {
    const next = nextQuestion(survey, index, answer);
    ctx.receipt('completed', { step: index });
    if (next < 0) ctx.receipt('completed');
    else ctx.receipt('seen', { step: next });
    index = next;
    draw(true);
  }

  async function submit(q: SurveyQuestion, answer: SurveyAnswer | null, error: HTMLElement) {
    if (busy) return;
    if (answer === null) return move(null);
    busy = true;
    body.querySelectorAll('button').forEach((b) => (b.disabled = true));
    try {
      await ctx.call('POST', `/widget/surveys/${ctx.campaign.id}/answers`, { question_id: q.id, answer });
      busy = false;
      move(answer);
    } catch {
      busy = false;
      error.hidden = false;
      body.querySelectorAll('button').forEach((b) => (b.disabled = false));
    }
  }

  /** `focus` once the visitor is answering: a survey in the corner must not take the focus from the page when it appears. */
  function draw(focus: boolean) {
    const q = survey.questions[index];
    if (!q) {
      card.setAttribute('aria-label', survey.thank_you.title);
      body.replaceChildren(
        el('div', { 'data-testid': 'baton-survey-thanks', tabindex: -1 }, [el('h2', { class: 'cmp-title' }, [survey.thank_you.title]), survey.thank_you.body ? el('p', {}, [survey.thank_you.body]) : null]),
      );
      if (focus) body.querySelector<HTMLElement>('[tabindex]')?.focus();
      return;
    }
    card.setAttribute('aria-label', q.prompt);
    const error = el('p', { class: 'cmp-error', role: 'alert', hidden: true }, [t('notSent')]);
    const prompt = el('h2', { class: 'cmp-title', id: `q-${ctx.campaign.id}-${q.id}` }, [q.prompt]);
    body.replaceChildren(
      el('p', { class: 'cmp-muted' }, [t('progress', { n: index + 1, total: survey.questions.length })]),
      prompt,
      ...question(q, t, prompt.id, (a) => void submit(q, a, error)),
      error,
    );
    if (focus) body.querySelector<HTMLElement>('button, input, textarea')?.focus();
  }

  const overlay = survey.style === 'modal' ? el('div', { class: 'cmp-overlay' }, [card]) : card;
  ctx.root.append(overlay);
  draw(survey.style === 'modal');
  ctx.receipt('seen', { step: 0 });
  return () => undefined;
};

/** A question's controls; `answer` gets the answer, or null when skipped. */
function question(q: SurveyQuestion, t: GuidesTranslate, labelledBy: string, answer: (a: SurveyAnswer | null) => void): HTMLElement[] {
  const skip = q.required ? null : el('button', { type: 'button', class: 'cmp-secondary', onclick: () => answer(null) }, [t('skip')]);
  if (q.kind === 'nps' || q.kind === 'csat' || q.kind === 'rating') {
    const [min, max] = q.kind === 'nps' ? [0, 10] : [1, q.kind === 'csat' ? 5 : q.scale];
    const scale = el(
      'div',
      { class: `cmp-scale cmp-scale-${q.kind}`, role: 'group', 'aria-labelledby': labelledBy },
      Array.from({ length: max - min + 1 }, (_, i) => i + min).map((v) =>
        el('button', { type: 'button', 'aria-label': t('rate', { value: v, max }), 'data-score': v, onclick: () => answer(v) }, [q.kind === 'rating' ? '★' : String(v)]),
      ),
    );
    const ends = q.kind === 'nps' ? el('div', { class: 'cmp-scale-ends' }, [el('span', {}, [q.low_label ?? t('notLikely')]), el('span', {}, [q.high_label ?? t('veryLikely')])]) : null;
    return [scale, ...(ends ? [ends] : []), ...(skip ? [skip] : [])];
  }
  if (q.kind === 'single') {
    return [el('div', { class: 'cmp-choices', role: 'group', 'aria-labelledby': labelledBy }, [...q.choices.map((c) => el('button', { type: 'button', onclick: () => answer(c.id) }, [c.label])), skip])];
  }
  const send = el('button', { type: 'submit', class: 'cmp-action', disabled: true }, [t('send')]);
  let value: () => SurveyAnswer | null;
  let field: HTMLElement;
  if (q.kind === 'multiple') {
    const boxes = q.choices.map((c) => ({ id: c.id, input: el('input', { type: 'checkbox', value: c.id }) }));
    value = () => validAnswer(q, boxes.filter((b) => b.input.checked).map((b) => b.id));
    field = el('div', { class: 'cmp-choices', role: 'group', 'aria-labelledby': labelledBy }, boxes.map((b, i) => el('label', {}, [b.input, ` ${q.choices[i]!.label}`])));
  } else {
    const area = el('textarea', { rows: 3, maxlength: 2000, 'aria-labelledby': labelledBy, placeholder: q.placeholder });
    value = () => validAnswer(q, area.value);
    field = area;
  }
  const form = el(
    'form',
    {
      oninput: () => (send.disabled = value() === null),
      onsubmit: (e) => {
        e.preventDefault();
        const a = value();
        if (a !== null) answer(a);
      },
    },
    [field, el('div', { class: 'cmp-row' }, [skip, send])],
  );
  return [form];
}
