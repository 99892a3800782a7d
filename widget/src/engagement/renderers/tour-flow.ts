import type { TourStep } from '../../../../contracts/campaign-content/tour.ts';
import { pathMatches } from '../../help/match.ts';

type Step = Pick<TourStep, 'page'>;

/** A step without a page belongs to whatever page the tour is on. */
export const stepOnPage = (step: Step, path: string): boolean => !step.page || pathMatches(step.page, path);

/**
 * What the tour does at `index` on this page: show the step, wait for the visitor to reach the
 * step's page (a single-page app navigates without reloading), or end after the last step.
 */
export type TourView = { kind: 'show' | 'wait'; index: number } | { kind: 'end' };

export function tourView(steps: readonly Step[], index: number, path: string): TourView {
  const step = steps[index];
  if (!step) return { kind: 'end' };
  return { kind: stepOnPage(step, path) ? 'show' : 'wait', index };
}

/** Back only to a step of this same page: going back must never strand the visitor on a hidden step. */
export function canGoBack(steps: readonly Step[], index: number, path: string): boolean {
  const prev = steps[index - 1];
  return index > 0 && !!prev && stepOnPage(prev, path);
}

/** The step to resume at after a reload: a saved step inside the tour, else the first. */
export function resumeAt(steps: readonly Step[], saved: unknown): number {
  return Number.isInteger(saved) && (saved as number) >= 0 && (saved as number) < steps.length ? (saved as number) : 0;
}
