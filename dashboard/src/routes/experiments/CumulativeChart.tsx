import { useTranslation } from 'react-i18next';
import type { ExperimentReport } from '../../api/types.ts';
import { number } from './format.ts';

const W = 640;
const H = 200;
const PAD = 36;

/**
 * The primary metric's estimate (line) and interval (band) over units exposed up to each day, so
 * early swings and the settling of the estimate are visible. Plain SVG, no chart library.
 */
export function CumulativeChart({ series, binary }: { series: ExperimentReport['cumulative'][number]; binary: boolean }) {
  const { t } = useTranslation();
  const pts = series.points.filter((p) => p.estimate !== null && p.ci_low !== null && p.ci_high !== null);
  if (pts.length < 2) return null;
  const lo = Math.min(0, ...pts.map((p) => p.ci_low!));
  const hi = Math.max(0, ...pts.map((p) => p.ci_high!));
  const x = (i: number) => PAD + (i / (pts.length - 1)) * (W - 2 * PAD);
  const y = (v: number) => H - PAD / 2 - ((v - lo) / (hi - lo || 1)) * (H - PAD);
  const band = [...pts.map((p, i) => `${x(i)},${y(p.ci_high!)}`), ...pts.map((p, i) => `${x(i)},${y(p.ci_low!)}`).reverse()].join(' ');
  const line = pts.map((p, i) => `${x(i)},${y(p.estimate!)}`).join(' ');
  const scale = (v: number) => (binary ? number(v * 100, 1) : number(v, 2));
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={t('experiments.report.cumulativeLabel', { variant: series.variant })} data-testid="cumulative-chart">
      <polygon points={band} fill="var(--mantine-color-blue-2)" opacity={0.6} />
      <line x1={PAD} x2={W - PAD} y1={y(0)} y2={y(0)} stroke="var(--mantine-color-gray-6)" strokeDasharray="4 3" />
      <polyline points={line} fill="none" stroke="var(--mantine-color-blue-7)" strokeWidth={2} />
      <text x={2} y={y(hi) + 4} fontSize={10}>{scale(hi)}</text>
      <text x={2} y={y(lo)} fontSize={10}>{scale(lo)}</text>
      <text x={PAD} y={H - 2} fontSize={10}>{pts[0]!.day}</text>
      <text x={W - PAD} y={H - 2} fontSize={10} textAnchor="end">{pts[pts.length - 1]!.day}</text>
    </svg>
  );
}
