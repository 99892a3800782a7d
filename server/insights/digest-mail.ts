import type { SupportMetrics, SupportReport } from '../../contracts/insights.ts';
import { digestTexts } from './digest-texts.ts';

/** The weekly digest as a plain-text mail, in the reader's locale (pure). */

const DAY = 86_400_000;

/** The Monday 00:00 UTC that starts the last whole week before `now`, and its ISO week name. */
export function lastWeek(now: Date): { from: Date; to: Date; week: string } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const sinceMonday = (new Date(today).getUTCDay() + 6) % 7;
  const to = new Date(today - sinceMonday * DAY);
  const from = new Date(to.getTime() - 7 * DAY);
  // The ISO week belongs to the year of its Thursday.
  const thursday = new Date(from.getTime() + 3 * DAY);
  const jan1 = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const n = Math.floor((thursday.getTime() - jan1) / DAY / 7) + 1;
  return { from, to, week: `${thursday.getUTCFullYear()}-W${String(n).padStart(2, '0')}` };
}

function formatters(locale: string) {
  const dec = (unit: 'minute' | 'hour') => new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: 1 });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const int = new Intl.NumberFormat(locale);
  const score = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  return {
    duration: (s: number | null) => (s === null ? '—' : s < 3600 ? dec('minute').format(s / 60) : dec('hour').format(s / 3600)),
    percent: (v: number | null) => (v === null ? '—' : pct.format(v)),
    count: (v: number | null) => (v === null ? '—' : int.format(v)),
    score: (v: number | null) => (v === null ? '—' : score.format(v)),
    day: (d: Date) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(d),
  };
}

export function digestMail(input: {
  locale: string;
  workspaceName: string;
  week: { from: Date; to: Date; week: string };
  overall: SupportReport;
  byTeam: SupportReport;
  link: string;
}): { subject: string; text: string } {
  const t = digestTexts(input.locale);
  const f = formatters(input.locale);
  const lines: [string, (m: SupportMetrics) => number | null, (v: number | null) => string][] = [
    [t.conversations, (m) => m.conversations, f.count],
    [t.medianFrt, (m) => m.median_first_response_seconds, f.duration],
    [t.p90Frt, (m) => m.p90_first_response_seconds, f.duration],
    [t.medianResolution, (m) => m.median_resolution_seconds, f.duration],
    [t.slaAttainment, (m) => m.sla_attainment, f.percent],
    [t.oneTouch, (m) => m.one_touch_rate, f.percent],
    [t.reopenRate, (m) => m.reopen_rate, f.percent],
    [t.csat, (m) => m.csat_score, f.percent],
    [t.nps, (m) => m.nps_score, f.score],
    [t.npsResponses, (m) => m.nps_responses, f.count],
  ];
  const row = input.overall.rows[0];
  const body = lines.map(([label, value, show]) => {
    const now = row ? show(value(row.current)) : '—';
    const before = row ? show(value(row.previous)) : '—';
    return `${label}: ${now} (${t.before}: ${before})`;
  });
  const teams = input.byTeam.rows.map(
    (r) => `  ${r.label ?? t.noTeam}: ${f.count(r.current.conversations)} · ${t.medianFrt} ${f.duration(r.current.median_first_response_seconds)}`,
  );
  const lastDay = new Date(input.week.to.getTime() - DAY);
  return {
    subject: t.subject(input.workspaceName, input.week.week),
    text: [
      t.intro(f.day(input.week.from), f.day(lastDay)),
      '',
      ...body,
      ...(teams.length ? ['', `${t.byTeam}:`, ...teams] : []),
      '',
      `${t.open}: ${input.link}`,
      '',
      t.why,
    ].join('\n'),
  };
}
