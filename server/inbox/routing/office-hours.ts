import type { OfficeHours } from '../../../contracts/routing.ts';

/**
 * Office hours arithmetic in the team's time zone, with Intl only (no date library): whether
 * the team is open, when it opens next, and when a target of N business minutes falls due.
 * Local wall-clock times are turned into instants per day, so daylight-saving changes move
 * the opening hours with the clock as people expect.
 */

const DAY_MS = 86_400_000;
/** How far ahead to look for an opening: a year of holidays is the longest plausible closure. */
const HORIZON_DAYS = 400;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

export const isTimeZone = (tz: string) => {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
};

interface Local {
  y: number;
  m: number;
  d: number;
}

/** The wall-clock date and time of an instant in a zone. */
function wallClock(at: Date, timeZone: string) {
  const p = Object.fromEntries(formatter(timeZone).formatToParts(at).map((x) => [x.type, Number(x.value)])) as Record<string, number>;
  return { y: p.year!, m: p.month!, d: p.day!, minutes: p.hour! * 60 + p.minute!, seconds: p.second! };
}

/** How far a zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(at: Date, timeZone: string): number {
  const w = wallClock(at, timeZone);
  const asUtc = Date.UTC(w.y, w.m - 1, w.d, 0, w.minutes, w.seconds);
  return asUtc - (at.getTime() - at.getUTCMilliseconds());
}

/** The instant a wall-clock time of a date happens in a zone (a skipped hour moves forward). */
export function instantOf(date: Local, minutes: number, timeZone: string): Date {
  const guess = Date.UTC(date.y, date.m - 1, date.d, 0, minutes);
  const first = guess - offsetAt(new Date(guess), timeZone);
  const second = guess - offsetAt(new Date(first), timeZone);
  return new Date(Math.max(first, second));
}

const dateKey = (d: Local) => `${d.y}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`;
const plusDays = (d: Local, n: number): Local => {
  const t = new Date(Date.UTC(d.y, d.m - 1, d.d) + n * DAY_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
};
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The open intervals of one local date, as instants, in order; none on a holiday. */
function intervalsOn(hours: OfficeHours, date: Local): [Date, Date][] {
  if (hours.holidays.includes(dateKey(date))) return [];
  const weekday = new Date(Date.UTC(date.y, date.m - 1, date.d)).getUTCDay();
  return hours.weekly
    .filter((w) => w.day === weekday)
    .map((w): [Date, Date] => [instantOf(date, minutesOf(w.start), hours.time_zone), instantOf(date, minutesOf(w.end), hours.time_zone)])
    .sort((a, b) => a[0].getTime() - b[0].getTime());
}

/** Open intervals from the local date of `from` on, for the horizon. */
function* intervalsFrom(hours: OfficeHours, from: Date) {
  const w = wallClock(from, hours.time_zone);
  for (let i = 0; i < HORIZON_DAYS; i++) yield* intervalsOn(hours, plusDays(w, i));
}

export function isOpen(hours: OfficeHours, at: Date): boolean {
  const w = wallClock(at, hours.time_zone);
  return intervalsOn(hours, w).some(([a, b]) => a <= at && at < b);
}

/** `at` itself when open, else the next opening; null when the schedule never opens. */
export function nextOpening(hours: OfficeHours, at: Date): Date | null {
  for (const [a, b] of intervalsFrom(hours, at)) {
    if (b <= at) continue;
    return a > at ? a : at;
  }
  return null;
}

/**
 * When `minutes` of open time have passed since `start`: a 2-hour target set at 16:00 on a
 * Friday of a 09:00–17:00 week falls due at 10:00 on Monday. Null when the schedule never
 * opens (the caller then counts calendar time).
 */
export function addBusinessMinutes(hours: OfficeHours, start: Date, minutes: number): Date | null {
  let left = minutes * 60_000;
  for (const [a, b] of intervalsFrom(hours, start)) {
    if (b <= start) continue;
    const from = a > start ? a : start;
    const span = b.getTime() - from.getTime();
    if (left <= span) return new Date(from.getTime() + left);
    left -= span;
  }
  return null;
}

/**
 * Open time between two instants, in seconds: a question at 16:00 on a Friday of a 09:00–17:00
 * week answered at 10:00 on Monday waited 2 hours of office time. Null when `end` is before `start`.
 */
export function openSecondsBetween(hours: OfficeHours, start: Date, end: Date): number | null {
  if (end < start) return null;
  let open = 0;
  for (const [a, b] of intervalsFrom(hours, start)) {
    if (a >= end) break;
    if (b <= start) continue;
    const from = a > start ? a : start;
    const to = b < end ? b : end;
    open += to.getTime() - from.getTime();
  }
  return open / 1000;
}
