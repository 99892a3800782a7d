import type { ExperimentReport } from '../../../contracts/experiment-report.ts';

const HEADER = ['metric', 'role', 'kind', 'variant', 'n', 'mean', 'estimate', 'ci_low', 'ci_high', 'rel_diff', 'p_value', 'p_value_holm', 'method', 'srm_p_value', 'stage', 'median_days', 'cap_percentile'];

/** RFC 4180 field: quoted when it holds a comma, quote or line break; formula-leading cells neutralised. */
function cell(v: string | number | null): string {
  if (v === null) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s) && typeof v === 'string') s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per metric and arm (the control's row has no comparison figures). */
export function reportCsv(r: ExperimentReport): string {
  const lines = [HEADER.join(',')];
  for (const m of r.metrics) {
    for (const arm of m.arms) {
      const c = m.comparisons.find((x) => x.variant === arm.variant)?.headline;
      lines.push(
        [m.definition.key, m.role, m.definition.kind, arm.variant, arm.n, arm.mean, c?.estimate ?? null, c?.ci_low ?? null, c?.ci_high ?? null, c?.rel_diff ?? null,
          c?.p_value ?? null, c?.p_value_holm ?? null, c?.method ?? null, r.srm.p_value, r.stage,
          arm.median_days ?? null, m.definition.cap_percentile ?? null]
          .map(cell)
          .join(','),
      );
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
