import { describe, expect, it } from 'vitest';
import { canGoBack, resumeAt, stepOnPage, tourView } from './tour-flow.ts';

describe('tour step navigation', () => {
  const steps = [{ page: '/projects' }, { page: '/projects' }, { page: '/settings/*' }, {}];

  it('shows a step on its page, waits on another page, ends after the last step', () => {
    expect(tourView(steps, 0, '/projects/')).toEqual({ kind: 'show', index: 0 });
    expect(tourView(steps, 2, '/projects')).toEqual({ kind: 'wait', index: 2 });
    expect(tourView(steps, 2, '/settings/team')).toEqual({ kind: 'show', index: 2 });
    expect(tourView(steps, 4, '/settings/team')).toEqual({ kind: 'end' });
  });

  it('a step without a page follows the visitor to any page', () => {
    expect(stepOnPage({}, '/anything/at/all')).toBe(true);
    expect(tourView(steps, 3, '/billing')).toEqual({ kind: 'show', index: 3 });
  });

  it('goes back only to a step of the same page', () => {
    expect(canGoBack(steps, 0, '/projects')).toBe(false);
    expect(canGoBack(steps, 1, '/projects')).toBe(true);
    expect(canGoBack(steps, 3, '/settings/team')).toBe(true);
    expect(canGoBack(steps, 3, '/billing')).toBe(false);
  });

  it('resumes at a saved step inside the tour, else at the first', () => {
    expect(resumeAt(steps, 2)).toBe(2);
    expect(resumeAt(steps, 4)).toBe(0);
    expect(resumeAt(steps, -1)).toBe(0);
    expect(resumeAt(steps, 1.5)).toBe(0);
    expect(resumeAt(steps, '2')).toBe(0);
  });
});
