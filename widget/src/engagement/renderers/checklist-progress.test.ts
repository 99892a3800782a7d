import { describe, expect, it } from 'vitest';
import { badgesAt, checklistProgress, itemsDoneBy, newBadges } from './checklist-progress.ts';

describe('checklist progress', () => {
  const items = [{ id: 'a', event: 'project_created' }, { id: 'b' }, { id: 'c', event: 'invite_sent' }];
  it('counts done items in order, ignoring unknown ones, up to 100 %', () => {
    expect(checklistProgress(items, [])).toEqual({ done: [], percent: 0, complete: false });
    expect(checklistProgress(items, ['c', 'zz'])).toEqual({ done: ['c'], percent: 33, complete: false });
    expect(checklistProgress(items, ['c', 'a', 'b'])).toEqual({ done: ['a', 'b', 'c'], percent: 100, complete: true });
    expect(checklistProgress([], []).complete).toBe(false);
  });
  it('an event completes the items waiting for it', () => {
    expect(itemsDoneBy(items, 'invite_sent')).toEqual(['c']);
    expect(itemsDoneBy(items, 'other')).toEqual([]);
  });
  it('earns a badge at the first item, at half and at all, each announced once', () => {
    expect(badgesAt(0)).toEqual([]);
    expect(badgesAt(33)).toEqual(['badgeStarted']);
    expect(badgesAt(50)).toEqual(['badgeStarted', 'badgeHalfway']);
    expect(badgesAt(100)).toEqual(['badgeStarted', 'badgeHalfway', 'badgeDone']);
    expect(newBadges(0, 67)).toEqual(['badgeStarted', 'badgeHalfway']);
    expect(newBadges(67, 67)).toEqual([]);
    expect(newBadges(67, 100)).toEqual(['badgeDone']);
    expect(newBadges(100, 33)).toEqual([]);
  });
});
