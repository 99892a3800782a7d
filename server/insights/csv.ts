import type { SupportMetrics, SupportReport } from '../../contracts/insights.ts';

/** The support report as CSV: one line per group and period, every metric a column (RFC 4180). */

const METRIC_COLUMNS = Object.keys({
  conversations: 0,
  responded: 0,
  median_first_response_seconds: 0,
  p90_first_response_seconds: 0,
  next_responses: 0,
  median_next_response_seconds: 0,
  p90_next_response_seconds: 0,
  closed: 0,
  median_resolution_seconds: 0,
  p90_resolution_seconds: 0,
  replies_to_resolution: 0,
  one_touch_rate: 0,
  reopen_rate: 0,
  sla_met: 0,
  sla_breached: 0,
  sla_attainment: 0,
  csat_responses: 0,
  csat_score: 0,
  csat_response_rate: 0,
} satisfies Record<keyof SupportMetrics, 0>) as (keyof SupportMetrics)[];

/** Quotes a field when needed; a leading =, +, - or @ is defused so spreadsheets never run it as a formula. */
export function csvField(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function supportReportCsv(report: SupportReport): string {
  const header = ['group_by', 'key', 'label', 'period', 'period_from', 'period_to', ...METRIC_COLUMNS];
  const lines = [header.join(',')];
  for (const row of report.rows) {
    for (const [name, m, start, end] of [
      ['current', row.current, report.from, report.to],
      ['previous', row.previous, report.previous_from, report.from],
    ] as const) {
      lines.push([report.group_by, row.key, row.label, name, start, end, ...METRIC_COLUMNS.map((c) => m[c])].map(csvField).join(','));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
