import type { TFunction } from 'i18next';
import type { ExperimentReport, Headline } from '../../api/types.ts';
import { i18n } from '../../i18n/index.ts';

export const number = (v: number | null | undefined, digits = 3) =>
  v === null || v === undefined ? '—' : new Intl.NumberFormat(i18n.language, { maximumFractionDigits: digits }).format(v);
export const percent = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined ? '—' : new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: digits }).format(v);
export const pValue = (p: number | null | undefined) => (p === null || p === undefined ? '—' : p < 1e-4 ? p.toExponential(1) : number(p, 4));

const fixed1 = (v: number) => new Intl.NumberFormat(i18n.language, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);

type Metric = ExperimentReport['metrics'][number];

/** A difference in the metric's own unit: points of rate for binary metrics. */
export function amount(t: TFunction, metric: Metric, v: number | null, signed = true): string {
  if (v === null) return '—';
  const shown = signed ? v : Math.abs(v);
  return metric.binary ? t('experiments.points', { value: number(shown * 100, 1) }) : number(shown, 2);
}

/**
 * How strongly a p-value speaks against chance, in the bands the verdicts use (documented in
 * docs/architecture.md, Experiments): below 0.001 "very unlikely to be chance", below 0.01 "unlikely", below
 * alpha "probably not chance, but moderate evidence", otherwise "could well be chance". The bands
 * are cut at min(band, alpha), so a stricter alpha never makes weak evidence sound strong.
 */
export type Evidence = 'veryStrong' | 'strong' | 'moderate' | 'none';

export function evidenceOf(p: number, alpha: number): Evidence {
  if (!(p < alpha)) return 'none';
  if (p < 0.001) return 'veryStrong';
  if (p < 0.01) return 'strong';
  return 'moderate';
}

/**
 * The plain-language verdict of one comparison, e.g. "no_help lowered Converted to paid by 8.7
 * points (95% CI 6.2 to 11.2); this is very unlikely to be chance (p < 0.001)." The p-value is
 * the one that decides: Holm-adjusted with several treatment arms, always-valid in sequential mode.
 */
export function verdictSentence(t: TFunction, report: ExperimentReport, metric: Metric, variant: string, h: Headline): string {
  const p = h.p_value_holm ?? h.p_value;
  if (h.estimate === null || h.ci_low === null || h.ci_high === null || p === null) return t('experiments.report.verdict.noData', { variant, metric: metric.definition.label });
  const down = h.estimate < 0;
  const evidence = h.significant ? evidenceOf(p, report.alpha) : 'none';
  const key = evidence !== 'none' ? (down ? 'lowered' : 'raised') : 'unclear';
  // "Lowered" states a decrease as positive magnitudes, smallest first; "changed" keeps the
  // signs, or a fall and a rise would read alike.
  const magnitudes = key === 'lowered';
  const [low, high] = magnitudes ? [-h.ci_high, -h.ci_low] : [h.ci_low, h.ci_high];
  const estimate = key === 'unclear' ? h.estimate : Math.abs(h.estimate);
  // The amount carries the unit ("8.7 points"); the interval's bounds are bare numbers of it.
  const bare = (v: number) => (metric.binary ? fixed1(v * 100) : number(v, 2));
  const params = {
    variant,
    metric: metric.definition.label,
    amount: metric.binary ? t('experiments.report.pointsAmount', { value: bare(estimate) }) : bare(estimate),
    low: bare(low),
    high: bare(high),
    confidence: percent(1 - report.alpha, 0),
    evidence: t(`experiments.report.evidence.${evidence}`, { p: pValue(p) }),
  };
  const parts = [t(`experiments.report.verdict.${key}`, params)];
  if (!report.trustworthy) parts.unshift(t('experiments.report.verdict.untrustworthy'));
  if (report.stage === 'interim') parts.push(t('experiments.report.verdict.interim'));
  return parts.join(' ');
}
