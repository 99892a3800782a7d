import { useEffect, useMemo, useState } from 'react';
import { Button, Group, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { TTFV_BUCKETS, type TtfvCohortUnit, type TtfvDistribution, type TtfvReport } from '../../../../contracts/ttfv.ts';
import { useCampaigns } from '../../api/campaigns.ts';
import { ttfvCsvUrl, useSetTtfvSettings, useTtfv, useTtfvSettings, type TtfvView } from '../../api/ttfv.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { formatNumber } from '../../components/format.ts';
import { lastDays } from './range.ts';
import { ChartCard, CsvButton, EmptyNote, MetricTable, PeriodControl, ReportHeader, type MetricColumn } from './ReportParts.tsx';
import { ttfvDuration, ttfvPercent } from './ttfv-format.ts';

const PERIODS = ['90', '180', '365'] as const;
const WITHIN = ['1', '3', '7', '14', '30'] as const;
const COLORS = ['blue', 'teal', 'gray'].map((c) => `var(--mantine-color-${c}-6)`);

interface Row extends TtfvDistribution {
  key: string;
  label: string;
}

/** The workspace's milestone: what every TTFV view starts from. */
function MilestoneSetting() {
  const { t } = useTranslation();
  const settings = useTtfvSettings();
  const save = useSetTtfvSettings();
  const [value, setValue] = useState('');
  useEffect(() => setValue(settings.data?.milestone_event ?? ''), [settings.data]);
  return (
    <Group align="flex-end" gap="xs">
      <TextInput label={t('ttfv.milestone')} description={t('ttfv.milestoneHelp')} value={value} onChange={(e) => setValue(e.currentTarget.value)} disabled={!settings.data} w={260} data-testid="ttfv-milestone" />
      <Button variant="default" loading={save.isPending} disabled={!settings.data} onClick={() => save.mutate({ milestone_event: value.trim() || null })}>
        {t('ttfv.saveMilestone')}
      </Button>
    </Group>
  );
}

function bucketLabels(t: (k: string, o?: Record<string, unknown>) => string) {
  return [
    ...TTFV_BUCKETS.map((upper, i) => (i === 0 ? t('ttfv.under', { d: ttfvDuration(upper) }) : t('ttfv.between', { from: ttfvDuration(TTFV_BUCKETS[i - 1]), to: ttfvDuration(upper) }))),
    t('ttfv.over', { d: ttfvDuration(TTFV_BUCKETS[TTFV_BUCKETS.length - 1]) }),
  ];
}

function Charts({ data, rows }: { data: TtfvReport; rows: Row[] }) {
  const { t } = useTranslation();
  const labels = bucketLabels(t);
  const series = data.exposure ? rows.filter((r) => r.key.startsWith('exposure:')) : rows.filter((r) => r.key === 'all');
  const histogram = labels.map((name, i) => Object.fromEntries([['name', name], ...series.map((s) => [s.key, s.reached === 0 ? 0 : ((s.histogram[i] ?? 0) / s.reached) * 100])]));
  const cohorts = data.cohorts.map((c) => ({ cohort: c.cohort, median: c.median_seconds === null ? null : c.median_seconds / 86_400, share: c.share_within === null ? null : c.share_within * 100 }));
  const pct = (v: unknown) => `${Number(v).toFixed(0)}%`;
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      <ChartCard title={t('ttfv.charts.histogram')} testId="chart-ttfv-histogram" height={260}>
        <BarChart data={histogram} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" tick={{ fontSize: 11 }} interval={0} />
          <YAxis tick={{ fontSize: 11 }} width={44} tickFormatter={pct} />
          <Tooltip formatter={(v) => pct(v)} />
          <Legend />
          {series.map((s, i) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} fill={COLORS[i % COLORS.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ChartCard>
      <ChartCard title={t('ttfv.charts.cohorts', { n: data.within_days })} testId="chart-ttfv-cohorts" height={260}>
        <LineChart data={cohorts} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="cohort" tick={{ fontSize: 11 }} />
          <YAxis yAxisId="days" tick={{ fontSize: 11 }} width={44} />
          <YAxis yAxisId="share" orientation="right" tick={{ fontSize: 11 }} width={44} domain={[0, 100]} tickFormatter={pct} />
          <Tooltip />
          <Legend />
          <Line yAxisId="days" dataKey="median" name={t('ttfv.medianDays')} stroke={COLORS[0]} isAnimationActive={false} connectNulls={false} />
          <Line yAxisId="share" dataKey="share" name={t('ttfv.shareWithin', { n: data.within_days })} stroke={COLORS[1]} isAnimationActive={false} connectNulls={false} />
        </LineChart>
      </ChartCard>
    </SimpleGrid>
  );
}

export default function TimeToFirstValue() {
  const { t } = useTranslation();
  const [days, setDays] = useState<(typeof PERIODS)[number]>('90');
  const [cohort, setCohort] = useState<TtfvCohortUnit>('week');
  const [within, setWithin] = useState<(typeof WITHIN)[number]>('7');
  const [event, setEvent] = useState('');
  const [campaignId, setCampaignId] = useState<string | null>(null);
  const settings = useTtfvSettings();
  const campaigns = useCampaigns();
  const range = useMemo(() => lastDays(Number(days)), [days]);
  const view: TtfvView = { ...range, cohort, within_days: Number(within), event: event.trim() || undefined, campaign_id: campaignId ?? undefined };
  const hasMilestone = Boolean(view.event || settings.data?.milestone_event);
  const report = useTtfv(view, hasMilestone);

  const rowsOf = (data: TtfvReport): Row[] => [
    { key: 'all', label: t('ttfv.everyone'), ...data.overall },
    ...(data.exposure?.groups ?? []).map((g) => ({ key: `exposure:${g.group}`, label: t(`ttfv.exposure.${g.group}`), ...g })),
    ...data.cohorts.map((c) => ({ key: `cohort:${c.cohort}`, label: c.cohort, ...c })),
  ];
  const columns: MetricColumn<Row>[] = [
    ['contacts', (r) => formatNumber(r.contacts)],
    ['reached', (r) => formatNumber(r.reached)],
    ['median', (r) => ttfvDuration(r.median_seconds)],
    ['p90', (r) => ttfvDuration(r.p90_seconds)],
    ['within', (r) => `${ttfvPercent(r.share_within)} (${formatNumber(r.reached_within)} / ${formatNumber(r.eligible)})`],
  ];

  return (
    <Stack gap="md">
      <ReportHeader title={t('ttfv.title')} intro={t('ttfv.intro')}>
        <MilestoneSetting />
      </ReportHeader>
      <Group align="flex-end">
        <PeriodControl periods={PERIODS} value={days} onChange={setDays} label={(n) => t('reports.lastDays', { n })} />
        <SegmentedControl aria-label={t('ttfv.cohort')} value={cohort} onChange={(v) => setCohort(v as TtfvCohortUnit)} data={[{ value: 'week', label: t('ttfv.week') }, { value: 'month', label: t('ttfv.month') }]} />
        <Select label={t('ttfv.within')} w={140} allowDeselect={false} value={within} onChange={(v) => setWithin((v ?? '7') as typeof within)} data={WITHIN.map((n) => ({ value: n, label: t('ttfv.days', { n }) }))} />
        <TextInput label={t('ttfv.eventOverride')} placeholder={settings.data?.milestone_event ?? ''} value={event} onChange={(e) => setEvent(e.currentTarget.value)} w={200} data-testid="ttfv-event" />
        <Select label={t('ttfv.campaign')} w={220} clearable value={campaignId} onChange={setCampaignId} data={(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))} data-testid="ttfv-campaign" />
        <CsvButton href={ttfvCsvUrl(view)} disabled={!hasMilestone} />
      </Group>
      {!hasMilestone ? (
        <EmptyNote testId="ttfv-no-milestone">{t('ttfv.noMilestone')}</EmptyNote>
      ) : (
        <QueryState query={report}>
          {(data) => {
            const rows = rowsOf(data);
            return data.overall.contacts === 0 ? (
              <EmptyNote>{t('ttfv.empty')}</EmptyNote>
            ) : (
              <Stack>
                <Charts data={data} rows={rows} />
                <MetricTable
                  testId="ttfv-table"
                  minWidth={800}
                  groupHeader={t('ttfv.group')}
                  columns={columns}
                  header={(k) => t(`ttfv.columns.${k}`, { n: data.within_days })}
                  rows={rows}
                  rowKey={(r) => r.key}
                  rowLabel={(r) => r.label}
                  dataRow={(r) => r.key}
                />
              </Stack>
            );
          }}
        </QueryState>
      )}
      <Text size="xs" c="dimmed">
        {t('ttfv.definitions')}
      </Text>
    </Stack>
  );
}
