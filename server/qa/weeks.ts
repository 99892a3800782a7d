const DAY = 86_400_000;

/** Monday 00:00 UTC of the ISO week that contains `at`. */
export function weekStart(at: Date): Date {
  const day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  return new Date(day - ((new Date(day).getUTCDay() + 6) % 7) * DAY);
}

/** The ISO week name, e.g. 2026-W49: the week belongs to the year of its Thursday. */
export function isoWeek(at: Date): string {
  const thursday = new Date(weekStart(at).getTime() + 3 * DAY);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.floor((thursday.getTime() - yearStart) / (7 * DAY)) + 1;
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The last `count` ISO weeks up to and including the one of `now`, oldest first. */
export function recentWeeks(now: Date, count: number): Array<{ week: string; start: Date }> {
  const current = weekStart(now).getTime();
  return Array.from({ length: count }, (_, i) => {
    const start = new Date(current - (count - 1 - i) * 7 * DAY);
    return { week: isoWeek(start), start };
  });
}

/** The last whole week before `now`: Monday 00:00 UTC to Monday 00:00 UTC. */
export function lastWholeWeek(now: Date): { from: Date; to: Date } {
  const to = weekStart(now);
  return { from: new Date(to.getTime() - 7 * DAY), to };
}
