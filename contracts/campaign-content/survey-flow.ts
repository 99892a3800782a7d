import type { SurveyContent, SurveyQuestion } from './survey.ts';

/**
 * How a survey moves and what an answer may be, shared by the widget (which shows it) and the
 * server (which stores the answers). No zod here, so the widget bundle stays small.
 */

export type SurveyAnswer = number | string | string[];

/** The answer in the question's own terms, or null when it is not one. */
export function validAnswer(q: SurveyQuestion, answer: unknown): SurveyAnswer | null {
  const int = (min: number, max: number) => (Number.isInteger(answer) && (answer as number) >= min && (answer as number) <= max ? (answer as number) : null);
  switch (q.kind) {
    case 'nps':
      return int(0, 10);
    case 'csat':
      return int(1, 5);
    case 'rating':
      return int(1, q.scale);
    case 'single':
      return typeof answer === 'string' && q.choices.some((c) => c.id === answer) ? answer : null;
    case 'multiple': {
      if (!Array.isArray(answer) || answer.length === 0) return null;
      const ids = new Set(q.choices.map((c) => c.id));
      const picked = [...new Set(answer)];
      return picked.every((a) => typeof a === 'string' && ids.has(a)) ? (picked as string[]) : null;
    }
    case 'text': {
      const text = typeof answer === 'string' ? answer.trim() : '';
      return text && text.length <= 2000 ? text : null;
    }
  }
}

function holds(when: SurveyQuestion['branches'][number]['when'], answer: SurveyAnswer | null): boolean {
  if (answer === null) return false;
  const values = Array.isArray(answer) ? answer : [answer];
  if (when.equals !== undefined && !values.includes(when.equals as never)) return false;
  if (when.min !== undefined && !(typeof answer === 'number' && answer >= when.min)) return false;
  if (when.max !== undefined && !(typeof answer === 'number' && answer <= when.max)) return false;
  return true;
}

/** The index of the question after `index` given its answer (null = skipped), or -1 for the thank-you step. */
export function nextQuestion(survey: Pick<SurveyContent, 'questions'>, index: number, answer: SurveyAnswer | null): number {
  const q = survey.questions[index];
  if (!q) return -1;
  const branch = q.branches.find((b) => holds(b.when, answer));
  if (branch) return branch.goto === 'end' ? -1 : survey.questions.findIndex((x) => x.id === branch.goto);
  return index + 1 < survey.questions.length ? index + 1 : -1;
}
