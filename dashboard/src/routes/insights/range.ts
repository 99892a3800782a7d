import type { ReportRange } from '../../api/insights.ts';

/** Report periods in the browser's time zone: whole local days, so a report read twice in a day is the same report. */

export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

const localMidnight = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate());

/** The last `days` whole days up to and including today. */
export function lastDays(days: number, now = new Date()): ReportRange {
  const to = localMidnight(now);
  to.setDate(to.getDate() + 1);
  const from = new Date(to);
  from.setDate(from.getDate() - days);
  return { from: from.toISOString(), to: to.toISOString() };
}

/** From the start of `first` to the end of `last` (YYYY-MM-DD, local); null when incomplete or reversed. */
export function dayRange(first: string, last: string): ReportRange | null {
  const parse = (s: string) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
  };
  const from = parse(first);
  const end = parse(last);
  if (!from || !end || end < from) return null;
  end.setDate(end.getDate() + 1);
  return { from: from.toISOString(), to: end.toISOString() };
}

/** YYYY-MM-DD of a local date. */
export const isoDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
