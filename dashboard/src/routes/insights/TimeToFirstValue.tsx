import { useEffect, useMemo, useState } from 'react';
import { Box, Button, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { TTFV_BUCKETS, type TtfvCohortUnit, type TtfvDistribution, type TtfvReport } from '../../../../contracts/ttfv.ts';
import { useCampaigns } from '../../api/campaigns.ts';
import { ttfvCsvUrl, useSetTtfvSettings, useTtfv, useTtfvSettings, type TtfvView } from '../../api/ttfv.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { formatNumber } from '../../components/format.ts';
import { lastDays } from './range.ts';
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
      <TextInput label={t('ttfv.milestone')} description={t('ttfv.milestoneHelp')} value={value} onChange={(e) => setValue(e.currentTarget.value)} w={260} data-testid="ttfv-milestone" />
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
      <Paper withBorder p="md" data-testid="chart-ttfv-histogram">
        <Text fw={600} size="sm" mb="xs">
          {t('ttfv.charts.histogram')}
        </Text>
        <Box h={260}>
          <ResponsiveContainer width="100%" height="100%">
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
          </ResponsiveContainer>
        </Box>
      </Paper>
      <Paper withBorder p="md" data-testid="chart-ttfv-cohorts">
        <Text fw={600} size="sm" mb="xs">
          {t('ttfv.charts.cohorts', { n: data.within_days })}
        </Text>
        <Box h={260}>
          <ResponsiveContainer width="100%" height="100%">
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
          </ResponsiveContainer>
        </Box>
      </Paper>
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
  const columns: [string, (r: Row, d: TtfvReport) => string][] = [
    ['contacts', (r) => formatNumber(r.contacts)],
    ['reached', (r) => formatNumber(r.reached)],
    ['median', (r) => ttfvDuration(r.median_seconds)],
    ['p90', (r) => ttfvDuration(r.p90_seconds)],
    ['within', (r) => `${ttfvPercent(r.share_within)} (${formatNumber(r.reached_within)} / ${formatNumber(r.eligible)})`],
  ];

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t('ttfv.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('ttfv.intro')}
          </Text>
        </div>
        <MilestoneSetting />
      </Group>
      <Group align="flex-end">
        <SegmentedControl
          aria-label={t('reports.period')}
          value={days}
          onChange={(v) => setDays(v as typeof days)}
          data={PERIODS.map((p) => ({ value: p, label: t('reports.lastDays', { n: p }) }))}
        />
        <SegmentedControl aria-label={t('ttfv.cohort')} value={cohort} onChange={(v) => setCohort(v as TtfvCohortUnit)} data={[{ value: 'week', label: t('ttfv.week') }, { value: 'month', label: t('ttfv.month') }]} />
        <Select label={t('ttfv.within')} w={140} allowDeselect={false} value={within} onChange={(v) => setWithin((v ?? '7') as typeof within)} data={WITHIN.map((n) => ({ value: n, label: t('ttfv.days', { n }) }))} />
        <TextInput label={t('ttfv.eventOverride')} placeholder={settings.data?.milestone_event ?? ''} value={event} onChange={(e) => setEvent(e.currentTarget.value)} w={200} data-testid="ttfv-event" />
        <Select label={t('ttfv.campaign')} w={220} clearable value={campaignId} onChange={setCampaignId} data={(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))} data-testid="ttfv-campaign" />
        <Button component="a" href={ttfvCsvUrl(view)} variant="default" leftSection={<IconDownload size={16} />} disabled={!hasMilestone}>
          {t('reports.exportCsv')}
        </Button>
      </Group>
      {!hasMilestone ? (
        <Text c="dimmed" ta="center" py="xl" data-testid="ttfv-no-milestone">
          {t('ttfv.noMilestone')}
        </Text>
      ) : (
        <QueryState query={report}>
          {(data) => {
            const rows = rowsOf(data);
            return data.overall.contacts === 0 ? (
              <Text c="dimmed" ta="center" py="xl">
                {t('ttfv.empty')}
              </Text>
            ) : (
              <Stack>
                <Charts data={data} rows={rows} />
                <Table.ScrollContainer minWidth={800}>
                  <Table data-testid="ttfv-table">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('ttfv.group')}</Table.Th>
                        {columns.map(([k]) => (
                          <Table.Th key={k}>{t(`ttfv.columns.${k}`, { n: data.within_days })}</Table.Th>
                        ))}
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {rows.map((r) => (
                        <Table.Tr key={r.key} data-row={r.key}>
                          <Table.Td>{r.label}</Table.Td>
                          {columns.map(([k, show]) => (
                            <Table.Td key={k} data-metric={k}>
                              {show(r, data)}
                            </Table.Td>
                          ))}
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
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
