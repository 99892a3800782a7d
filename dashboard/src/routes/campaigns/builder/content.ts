import type { z } from 'zod';
import type { ChecklistContent, SurveyContent, TourContent } from '../../../../../contracts/campaign-content/index.ts';
import type { SurveyQuestion } from '../../../../../contracts/campaign-content/survey.ts';

export type Content = Record<string, unknown>;
export type TourDraft = z.input<typeof TourContent>;
export type ChecklistDraft = z.input<typeof ChecklistContent>;
export type SurveyDraft = z.input<typeof SurveyContent>;
export type QuestionDraft = z.input<typeof SurveyQuestion>;
export type QuestionKind = QuestionDraft['kind'];

export const BUILDER_TYPES = ['banner', 'in_app_message', 'tooltip', 'tour', 'checklist', 'survey'] as const;
export type BuilderType = (typeof BUILDER_TYPES)[number];

/** What a new campaign (or a new locale's translation) of each type starts from. */
export function starterContent(type: BuilderType): Content {
  switch (type) {
    case 'banner':
      return { body: '', position: 'top', display: 'floating', dismissible: true };
    case 'in_app_message':
      return { style: 'chat', body: '' };
    case 'tooltip':
      return { style: 'tooltip', selector: '', placement: 'bottom', body: '' };
    case 'tour':
      return { steps: [{ body: '', placement: 'bottom' }], allow_skip: true } satisfies TourDraft;
    case 'checklist':
      return { title: '', items: [{ id: 'item-1', title: '' }], completed_title: '' } satisfies ChecklistDraft;
    case 'survey':
      return { style: 'corner', questions: [newQuestion('nps', [])], thank_you: { title: '' } } satisfies SurveyDraft;
  }
}

/** An id not yet used in the list: `prefix-1`, `prefix-2`, … */
export function freshId(prefix: string, taken: readonly string[]): string {
  for (let n = taken.length + 1; ; n++) if (!taken.includes(`${prefix}-${n}`)) return `${prefix}-${n}`;
}

export function newQuestion(kind: QuestionKind, taken: readonly string[], keep?: Partial<QuestionDraft>): QuestionDraft {
  const base = { id: keep?.id ?? freshId('q', taken), prompt: keep?.prompt ?? '', required: keep?.required ?? true, branches: [] };
  switch (kind) {
    case 'single':
    case 'multiple':
      return { ...base, kind, choices: [{ id: 'a', label: '' }, { id: 'b', label: '' }] };
    case 'rating':
      return { ...base, kind, scale: 5 };
    default:
      return { ...base, kind };
  }
}

/** The list with item `i` moved by `by` places (clamped), for the up/down buttons. */
export function moved<T>(list: readonly T[], i: number, by: number): T[] {
  const j = Math.max(0, Math.min(list.length - 1, i + by));
  const out = [...list];
  const [item] = out.splice(i, 1);
  out.splice(j, 0, item!);
  return out;
}

export const without = <T>(list: readonly T[], i: number): T[] => list.filter((_, k) => k !== i);
export const replaced = <T>(list: readonly T[], i: number, item: T): T[] => list.map((x, k) => (k === i ? item : x));

/** The server's message for a content field of this locale (`path` like `steps.0.body`). */
export type FieldError = (path: string) => string | undefined;

/** The value at a dotted path (`content.en.steps.1.body`), or undefined. */
export function valueAt(root: unknown, path: string): unknown {
  let at = root;
  for (const key of path.split('.')) at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
  return at;
}

/** The server's problems still standing after an edit: a field the admin changed loses its message. */
export function standingProblems(problems: Record<string, string>, before: unknown, after: unknown): Record<string, string> {
  const kept = Object.entries(problems).filter(([path]) => JSON.stringify(valueAt(before, path)) === JSON.stringify(valueAt(after, path)));
  return kept.length === Object.keys(problems).length ? problems : Object.fromEntries(kept);
}
