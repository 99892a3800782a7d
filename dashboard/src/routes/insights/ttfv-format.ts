/** Times to first value run from seconds to weeks: shown in the largest unit that keeps them short. */
export function ttfvDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const short = (n: number) => String(Math.round(n * 10) / 10);
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${short(seconds / 3600)} h`;
  return `${short(seconds / 86_400)} d`;
}

export const ttfvPercent = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);
