import { useMemo, useState } from 'react';
import { Badge, Button, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { supportCsvUrl, useSupportReport, useSupportVolume, type ReportRange } from '../../api/insights.ts';
import type { ReportGroup, ReportTime, SupportMetrics, SupportReport as Report } from '../../api/types.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDateTime, formatDuration, formatNumber } from '../../components/format.ts';
import { GroupCharts, HourOfWeek, VolumeChart } from './SupportCharts.tsx';
import { browserTimeZone, dayRange, isoDay, lastDays } from './range.ts';
import { CsvButton, EmptyNote, MetricTable, PeriodControl, ReportHeader, type MetricColumn } from './ReportParts.tsx';

const PERIODS = ['7', '30', '90', 'custom'] as const;
const GROUPS: ReportGroup[] = ['none', 'team', 'sla_policy', 'channel', 'assignee', 'tier', 'tag'];
const TIMES: ReportTime[] = ['calendar', 'office'];

const percent = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);
const decimal = (v: number | null) => (v === null ? '—' : v.toFixed(1));

/** The change against the previous period, green when it is the better direction. */
function Change({ now, before, lowerIsBetter = false }: { now: number | null; before: number | null; lowerIsBetter?: boolean }) {
  // A relative change of a score that can be negative (NPS) would point the wrong way.
  if (now === null || before === null || before <= 0) return null;
  const change = now / before - 1;
  if (Math.abs(change) < 0.005) return null;
  const better = lowerIsBetter ? change < 0 : change > 0;
  return (
    <Badge size="xs" variant="light" color={better ? 'green' : 'red'} ml={4}>
      {change > 0 ? '+' : '−'}
      {Math.round(Math.abs(change) * 100)}%
    </Badge>
  );
}

interface Column {
  key: string;
  value: (m: SupportMetrics) => number | null;
  show: (v: number | null) => string;
  lowerIsBetter?: boolean;
}
type SupportReportRow = Report['rows'][number];

const COLUMNS: Column[] = [
  { key: 'conversations', value: (m) => m.conversations, show: (v) => formatNumber(v) },
  { key: 'medianFrt', value: (m) => m.median_first_response_seconds, show: formatDuration, lowerIsBetter: true },
  { key: 'p90Frt', value: (m) => m.p90_first_response_seconds, show: formatDuration, lowerIsBetter: true },
  { key: 'medianNrt', value: (m) => m.median_next_response_seconds, show: formatDuration, lowerIsBetter: true },
  { key: 'p90Nrt', value: (m) => m.p90_next_response_seconds, show: formatDuration, lowerIsBetter: true },
  { key: 'medianResolution', value: (m) => m.median_resolution_seconds, show: formatDuration, lowerIsBetter: true },
  { key: 'p90Resolution', value: (m) => m.p90_resolution_seconds, show: formatDuration, lowerIsBetter: true },
  { key: 'replies', value: (m) => m.replies_to_resolution, show: decimal, lowerIsBetter: true },
  { key: 'oneTouch', value: (m) => m.one_touch_rate, show: percent },
  { key: 'reopen', value: (m) => m.reopen_rate, show: percent, lowerIsBetter: true },
  { key: 'sla', value: (m) => m.sla_attainment, show: percent },
  { key: 'csat', value: (m) => m.csat_score, show: percent },
  { key: 'csatRate', value: (m) => m.csat_response_rate, show: percent },
  { key: 'nps', value: (m) => m.nps_score, show: (v) => (v === null ? '—' : v.toFixed(0)) },
  { key: 'npsResponses', value: (m) => m.nps_responses, show: (v) => formatNumber(v) },
];
const HEADLINES = ['conversations', 'medianFrt', 'medianResolution', 'sla', 'oneTouch', 'csat'];

function Headlines({ metrics, previous }: { metrics: SupportMetrics; previous: SupportMetrics }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 2, md: 6 }} data-testid="report-headlines">
      {COLUMNS.filter((c) => HEADLINES.includes(c.key)).map((c) => (
        <Paper key={c.key} withBorder p="sm">
          <Text size="xs" c="dimmed">
            {t(`reports.metrics.${c.key}`)}
          </Text>
          <Text fw={700} size="lg">
            {c.show(c.value(metrics))}
            <Change now={c.value(metrics)} before={c.value(previous)} lowerIsBetter={c.lowerIsBetter} />
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

export default function SupportReport() {
  const { t } = useTranslation();
  const [preset, setPreset] = useState<(typeof PERIODS)[number]>('30');
  const [custom, setCustom] = useState(() => ({ first: isoDay(new Date(Date.now() - 13 * 86_400_000)), last: isoDay(new Date()) }));
  const [groupBy, setGroupBy] = useState<ReportGroup>('none');
  const [time, setTime] = useState<ReportTime>('calendar');
  const customRange = useMemo(() => dayRange(custom.first, custom.last), [custom.first, custom.last]);
  const range: ReportRange = useMemo(
    () => (preset === 'custom' ? (customRange ?? lastDays(30)) : lastDays(Number(preset))),
    [preset, customRange],
  );
  const tz = browserTimeZone();
  const report = useSupportReport(range, groupBy, time);
  const volume = useSupportVolume(range, tz);
  const columns: MetricColumn<SupportReportRow>[] = COLUMNS.map((c) => [
    c.key,
    (row) => (
      <>
        {c.show(c.value(row.current))}
        <Change now={c.value(row.current)} before={c.value(row.previous)} lowerIsBetter={c.lowerIsBetter} />
      </>
    ),
  ]);
  const rowLabel = (key: string | null, label: string | null) =>
    groupBy === 'none' ? t('reports.all') : groupBy === 'channel' && key ? t(`reports.channels.${key}`, { defaultValue: key }) : (label ?? t('reports.unset'));

  return (
    <Stack gap="md">
      <ReportHeader title={t('reports.title')} intro={t('reports.intro')}>
        <Group align="flex-end">
          <Button component={Link} to="/reports/outcomes" variant="subtle">
            {t('reports.toOutcomes')}
          </Button>
          <Button component={Link} to="/reports/ttfv" variant="subtle">
            {t('reports.toTtfv')}
          </Button>
          <Button component={Link} to="/reports/ticket-volume" variant="subtle">
            {t('reports.toTicketVolume')}
          </Button>
          <PeriodControl periods={PERIODS} value={preset} onChange={setPreset} label={(n) => (n === 'custom' ? t('reports.custom') : t('reports.lastDays', { n }))} />
          {preset === 'custom' && (
            <>
              <TextInput type="date" label={t('reports.firstDay')} value={custom.first} onChange={(e) => setCustom({ ...custom, first: e.currentTarget.value })} />
              <TextInput
                type="date"
                label={t('reports.lastDay')}
                value={custom.last}
                error={customRange ? undefined : t('reports.badRange')}
                onChange={(e) => setCustom({ ...custom, last: e.currentTarget.value })}
              />
            </>
          )}
          <Select
            label={t('reports.groupBy')}
            w={180}
            allowDeselect={false}
            data={GROUPS.map((g) => ({ value: g, label: t(`reports.groups.${g}`) }))}
            value={groupBy}
            onChange={(v) => setGroupBy((v ?? 'none') as ReportGroup)}
          />
          <SegmentedControl
            aria-label={t('reports.time.label')}
            data-testid="report-time"
            value={time}
            onChange={(v) => setTime(v as ReportTime)}
            data={TIMES.map((v) => ({ value: v, label: t(`reports.time.${v}`) }))}
          />
          <CsvButton href={supportCsvUrl(range, groupBy, time)} />
        </Group>
      </ReportHeader>
      <QueryState query={volume}>
        {(v) => (
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <VolumeChart volume={v} />
            <HourOfWeek volume={v} />
          </SimpleGrid>
        )}
      </QueryState>
      <QueryState query={report}>
        {(r) =>
          r.rows.length === 0 ? (
            <EmptyNote>{t('reports.empty')}</EmptyNote>
          ) : (
            <Stack>
              {groupBy === 'none' ? (
                <Headlines metrics={r.rows[0]!.current} previous={r.rows[0]!.previous} />
              ) : (
                <SimpleGrid cols={{ base: 1, lg: 2 }}>
                  <GroupCharts report={r} label={rowLabel} />
                </SimpleGrid>
              )}
              <MetricTable
                testId="support-report"
                minWidth={1450}
                groupHeader={groupBy === 'none' ? '' : t(`reports.groups.${groupBy}`)}
                columns={columns}
                header={(k) => t(`reports.metrics.${k}`)}
                rows={r.rows}
                rowKey={(row) => row.key ?? 'none'}
                rowLabel={(row) => rowLabel(row.key, row.label)}
              />
            </Stack>
          )
        }
      </QueryState>
      {report.data && (
        <Text size="xs" c="dimmed" data-testid="report-as-of">
          {report.data.as_of ? t('reports.asOf', { time: formatDateTime(report.data.as_of) }) : t('reports.notSwept')}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {t('reports.definitions')}
      </Text>
    </Stack>
  );
}
