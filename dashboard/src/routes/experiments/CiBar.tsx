/**
 * A confidence interval drawn against zero: the bar spans [low, high] on a scale symmetric
 * around 0 (the dashed line), so "does it cross zero" reads at a glance.
 */
export function CiBar({ low, high, estimate, scale }: { low: number; high: number; estimate: number; scale: number }) {
  const width = 160;
  const x = (v: number) => width / 2 + (Math.max(-scale, Math.min(scale, v)) / scale) * (width / 2 - 4);
  const crossesZero = low <= 0 && high >= 0;
  const color = crossesZero ? 'var(--mantine-color-gray-6)' : estimate > 0 ? 'var(--mantine-color-teal-6)' : 'var(--mantine-color-red-6)';
  return (
    <svg width={width} height={18} role="img" aria-hidden="true">
      <line x1={width / 2} x2={width / 2} y1={0} y2={18} stroke="var(--mantine-color-gray-5)" strokeDasharray="2 2" />
      <rect x={x(low)} y={6} width={Math.max(1, x(high) - x(low))} height={6} rx={3} fill={color} opacity={0.5} />
      <circle cx={x(estimate)} cy={9} r={3.5} fill={color} />
    </svg>
  );
}
