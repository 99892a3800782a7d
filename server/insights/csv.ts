import type { SupportMetrics, SupportReport, TicketVolume } from '../../contracts/insights.ts';

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
  nps_responses: 0,
  nps_score: 0,
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

/** The ticket-volume timeline as CSV: one line per week, with the campaigns started and stopped in it. */
export function ticketVolumeCsv(v: TicketVolume): string {
  const lines = [['week', 'unit', 'conversations', 'active', 'per_active', 'deflections', 'campaigns_started', 'campaigns_stopped'].join(',')];
  const within = (at: string | null, week: string) => {
    if (at === null) return false;
    const start = Date.parse(`${week}T00:00:00Z`);
    return Date.parse(at) >= start && Date.parse(at) < start + 7 * 86_400_000;
  };
  for (const w of v.weeks) {
    const names = (pick: (r: TicketVolume['campaigns'][number]['runs'][number]) => string | null) =>
      v.campaigns.filter((c) => c.runs.some((r) => within(pick(r), w.week))).map((c) => c.name).join('; ');
    lines.push([w.week, v.unit, w.conversations, w.active, w.per_active, w.deflections, names((r) => r.started_at), names((r) => r.stopped_at)].map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
