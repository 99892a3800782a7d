import type { ChecklistItem } from '../../../../contracts/campaign-content/checklist.ts';

/** Done items in the checklist's order, the whole-number percentage and whether all are done. */
export function checklistProgress(items: Pick<ChecklistItem, 'id'>[], done: Iterable<string>) {
  const set = new Set(done);
  const doneIds = items.filter((i) => set.has(i.id)).map((i) => i.id);
  const percent = items.length ? Math.round((doneIds.length / items.length) * 100) : 0;
  return { done: doneIds, percent, complete: items.length > 0 && doneIds.length === items.length };
}

/** The items a tracked event completes. */
export function itemsDoneBy(items: Pick<ChecklistItem, 'id' | 'event'>[], event: string): string[] {
  return items.filter((i) => i.event === event).map((i) => i.id);
}

/** Milestones a badge marks: the first item done, half of them, all of them. */
export const MILESTONES = [
  { badge: 'badgeStarted', percent: 1 },
  { badge: 'badgeHalfway', percent: 50 },
  { badge: 'badgeDone', percent: 100 },
] as const;
export interface Milestone {
  badge: string;
  percent: number;
}

export const badgesAt = (percent: number, milestones: readonly Milestone[] = MILESTONES): string[] => milestones.filter((m) => percent >= m.percent).map((m) => m.badge);

/** Badges earned between two progress readings, to announce the moment they are reached. */
export function newBadges(before: number, after: number, milestones: readonly Milestone[] = MILESTONES): string[] {
  const had = new Set(badgesAt(before, milestones));
  return badgesAt(after, milestones).filter((b) => !had.has(b));
}
