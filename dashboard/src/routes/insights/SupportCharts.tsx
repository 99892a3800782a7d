import { Box, Paper, Text, Tooltip as MantineTooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { SupportReport, SupportVolume } from '../../api/types.ts';
import { formatDuration, formatNumber } from '../../components/format.ts';
import { ChartCard } from './ReportParts.tsx';

const CURRENT = 'var(--mantine-color-blue-6)';
const PREVIOUS = 'var(--mantine-color-gray-5)';

/** Conversations per day, beside the same day of the period before. */
export function VolumeChart({ volume }: { volume: SupportVolume }) {
  const { t } = useTranslation();
  return (
    <ChartCard title={t('reports.charts.volume')} testId="chart-volume">
      <LineChart data={volume.days} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="day" tick={{ fontSize: 11 }} minTickGap={24} />
        <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={36} />
        <Tooltip formatter={(v) => formatNumber(Number(v))} />
        <Legend />
        <Line type="linear" dataKey="current" name={t('reports.thisPeriod')} stroke={CURRENT} strokeWidth={2} dot={false} isAnimationActive={false} />
        <Line type="linear" dataKey="previous" name={t('reports.previousPeriod')} stroke={PREVIOUS} strokeDasharray="4 4" dot={false} isAnimationActive={false} />
      </LineChart>
    </ChartCard>
  );
}

/** Volume and median first response per group, this period against the one before. */
export function GroupCharts({ report, label }: { report: SupportReport; label: (key: string | null, l: string | null) => string }) {
  const { t } = useTranslation();
  const data = report.rows.map((r) => ({
    name: label(r.key, r.label),
    current: r.current.conversations,
    previous: r.previous.conversations,
    frtCurrent: r.current.median_first_response_seconds === null ? null : r.current.median_first_response_seconds / 60,
    frtPrevious: r.previous.median_first_response_seconds === null ? null : r.previous.median_first_response_seconds / 60,
  }));
  const minutes = (v: unknown) => formatDuration(Number(v) * 60);
  return (
    <>
      <ChartCard title={t('reports.charts.byGroup')} testId="chart-groups">
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" tick={{ fontSize: 11 }} interval={0} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={36} />
          <Tooltip formatter={(v) => formatNumber(Number(v))} />
          <Legend />
          <Bar dataKey="current" name={t('reports.thisPeriod')} fill={CURRENT} isAnimationActive={false} />
          <Bar dataKey="previous" name={t('reports.previousPeriod')} fill={PREVIOUS} isAnimationActive={false} />
        </BarChart>
      </ChartCard>
      <ChartCard title={t('reports.charts.frtByGroup')} testId="chart-frt">
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" tick={{ fontSize: 11 }} interval={0} />
          <YAxis tick={{ fontSize: 11 }} width={48} tickFormatter={minutes} />
          <Tooltip formatter={minutes} />
          <Legend />
          <Bar dataKey="frtCurrent" name={t('reports.thisPeriod')} fill={CURRENT} isAnimationActive={false} />
          <Bar dataKey="frtPrevious" name={t('reports.previousPeriod')} fill={PREVIOUS} isAnimationActive={false} />
        </BarChart>
      </ChartCard>
    </>
  );
}

/** Conversations per hour of the week: a 7 × 24 grid whose shade is the count. */
export function HourOfWeek({ volume }: { volume: SupportVolume }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...volume.hour_of_week.flat());
  const days = t('reports.weekdays').split(',');
  return (
    <Paper withBorder p="md" data-testid="chart-hours">
      <Text fw={600} size="sm" mb="xs">
        {t('reports.charts.hourOfWeek', { tz: volume.tz })}
      </Text>
      <Box style={{ display: 'grid', gridTemplateColumns: 'auto repeat(24, 1fr)', gap: 2, fontSize: 11 }}>
        <span />
        {Array.from({ length: 24 }, (_, h) => (
          <Text key={h} size="xs" c="dimmed" ta="center">
            {h % 3 === 0 ? h : ''}
          </Text>
        ))}
        {volume.hour_of_week.map((hours, d) => [
          <Text key={`d${d}`} size="xs" c="dimmed" pr={4}>
            {days[d]}
          </Text>,
          ...hours.map((n, h) => (
            <MantineTooltip key={`${d}-${h}`} label={t('reports.hourCell', { day: days[d], hour: h, n: formatNumber(n) })}>
              <Box
                data-count={n}
                h={18}
                style={{ borderRadius: 2, background: n === 0 ? 'var(--mantine-color-gray-1)' : `color-mix(in srgb, ${CURRENT} ${Math.round(15 + (85 * n) / max)}%, transparent)` }}
              />
            </MantineTooltip>
          )),
        ])}
      </Box>
    </Paper>
  );
}
