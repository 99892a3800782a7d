/** The weekday (0 = Sunday) and minute of the day at `at` in an IANA zone; UTC for an unknown zone. */
export function localClock(at: Date, timeZone: string | null | undefined): { day: number; minute: number } {
  const parts = formatter(timeZone).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = WEEKDAYS.indexOf(get('weekday'));
  const hour = Number(get('hour')) % 24;
  return { day, minute: hour * 60 + Number(get('minute')) };
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const formatters = new Map<string, Intl.DateTimeFormat>();

// Building a DateTimeFormat costs far more than using one: one per zone, kept.
function formatter(timeZone: string | null | undefined): Intl.DateTimeFormat {
  const zone = timeZone || 'UTC';
  let f = formatters.get(zone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    } catch {
      f = formatter('UTC');
    }
    formatters.set(zone, f);
  }
  return f;
}

export const minuteOf = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** Whether a minute of the day is inside [from, to); a window whose end is before its start wraps midnight. */
export function inWindow(minute: number, window: { from: string; to: string }): boolean {
  const from = minuteOf(window.from);
  const to = minuteOf(window.to);
  return from <= to ? minute >= from && minute < to : minute >= from || minute < to;
}
