import { describe, expect, it } from 'vitest';
import { SurveyContent } from './survey.ts';
import { nextQuestion } from './survey-flow.ts';

/** Branching as the widget follows it: first branch that holds wins, else the next question, else the thank-you step (-1). */
describe('survey branching', () => {
  const survey = SurveyContent.parse({
    questions: [
      {
        kind: 'single',
        id: 'role',
        prompt: 'What is your role?',
        choices: [
          { id: 'dev', label: 'Developer' },
          { id: 'pm', label: 'Product' },
          { id: 'other', label: 'Other' },
        ],
        required: false,
        branches: [
          { when: { equals: 'dev' }, goto: 'stack' },
          { when: { equals: 'pm' }, goto: 'rating' },
        ],
      },
      { kind: 'text', id: 'other', prompt: 'Tell us more', required: false },
      { kind: 'multiple', id: 'stack', prompt: 'What do you use?', choices: [{ id: 'ts', label: 'TypeScript' }, { id: 'go', label: 'Go' }], branches: [{ when: { equals: 'go' }, goto: 'end' }] },
      { kind: 'rating', id: 'rating', prompt: 'Rate us', scale: 5, branches: [{ when: { min: 2, max: 4 }, goto: 'end' }, { when: { min: 1 }, goto: 'why' }] },
      { kind: 'text', id: 'why', prompt: 'Why?' },
    ],
    thank_you: { title: 'Thanks' },
  });

  it('a choice picks its branch; another choice or a skip goes to the next question', () => {
    expect(nextQuestion(survey, 0, 'dev')).toBe(2);
    expect(nextQuestion(survey, 0, 'pm')).toBe(3);
    expect(nextQuestion(survey, 0, 'other')).toBe(1);
    expect(nextQuestion(survey, 0, null)).toBe(1);
  });

  it('a multiple-choice answer branches when it contains the choice', () => {
    expect(nextQuestion(survey, 2, ['ts', 'go'])).toBe(-1);
    expect(nextQuestion(survey, 2, ['ts'])).toBe(3);
  });

  it('score ranges are inclusive and the first branch that holds wins', () => {
    expect(nextQuestion(survey, 3, 2)).toBe(-1);
    expect(nextQuestion(survey, 3, 4)).toBe(-1);
    expect(nextQuestion(survey, 3, 5)).toBe(4);
    expect(nextQuestion(survey, 3, 1)).toBe(4);
  });

  it('after the last question, or past the end, comes the thank-you step', () => {
    expect(nextQuestion(survey, 4, 'because')).toBe(-1);
    expect(nextQuestion(survey, 9, 'x')).toBe(-1);
  });
});
