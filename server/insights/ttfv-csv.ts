import { TTFV_BUCKETS, type TtfvDistribution, type TtfvReport } from '../../contracts/ttfv.ts';
import { csvField } from './csv.ts';

/** The report as CSV (RFC 4180): one line for everyone, each cohort and each exposure group. */

const bucketColumns = [...TTFV_BUCKETS.map((upper) => `under_${upper}s`), `over_${TTFV_BUCKETS[TTFV_BUCKETS.length - 1]}s`];

export function ttfvCsv(r: TtfvReport): string {
  const header = ['group_by', 'key', 'event', 'contacts', 'reached', 'median_seconds', 'p90_seconds', 'eligible', `reached_within_${r.within_days}d`, 'share_within', ...bucketColumns];
  const line = (groupBy: string, key: string, d: TtfvDistribution) =>
    [groupBy, key, r.event, d.contacts, d.reached, d.median_seconds, d.p90_seconds, d.eligible, d.reached_within, d.share_within, ...d.histogram].map(csvField).join(',');
  const lines = [header.join(','), line('all', '', r.overall)];
  for (const c of r.cohorts) lines.push(line(r.cohort_unit, c.cohort, c));
  for (const g of r.exposure?.groups ?? []) lines.push(line('exposure', g.group, g));
  return `${lines.join('\r\n')}\r\n`;
}
