import { useMemo, useState } from 'react';
import { Alert, Button, Group, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconFlask, IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { useOutcomes } from '../../api/insights.ts';
import { useSegments } from '../../api/segments.ts';
import type { OutcomeGroup, Outcomes } from '../../api/types.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDateTime, formatNumber } from '../../components/format.ts';
import { lastDays } from './range.ts';
import { ChartCard, EmptyNote, MetricTable, PeriodControl, ReportHeader, type MetricColumn } from './ReportParts.tsx';

const PERIODS = ['90', '180', '365'] as const;
const GROUPS: OutcomeGroup[] = ['tier', 'sla_policy', 'segment'];
const COLORS = ['blue', 'teal', 'grape', 'orange', 'red', 'indigo', 'lime', 'pink', 'cyan', 'yellow'].map((c) => `var(--mantine-color-${c}-6)`);
const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const slug = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);

type Row = Outcomes['rows'][number];

/** The largest churn gap between a group and everyone else, as a plain sentence and an experiment to test it. */
function Finding({ row, groupLabel, groupBy }: { row: Row; groupLabel: string; groupBy: OutcomeGroup }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const points = row.churn_difference_points!;
  const name = t('outcomes.experimentName', { group: groupLabel });
  const design = {
    name,
    key: `support-${slug(groupLabel) || 'group'}`,
    flag: `support.${groupBy}.${slug(groupLabel) || 'group'}`,
    unit: 'company',
    metric: { key: 'retained', label: t('outcomes.retainedMetric'), kind: 'retention', window_days: 35 },
    hypothesis: { text: t('outcomes.hypothesis', { group: groupLabel }), direction: 'increase' },
  };
  return (
    <Alert color={points < 0 ? 'teal' : 'orange'} icon={<IconInfoCircle size={18} />} data-testid="outcome-finding">
      <Text fw={600}>
        {t(points < 0 ? 'outcomes.findingLess' : 'outcomes.findingMore', {
          group: groupLabel,
          points: Math.abs(points).toFixed(1),
          mine: percent(row.outcome.churn_rate),
          rest: percent(row.rest.churn_rate),
        })}
      </Text>
      <Text size="sm" mt={4}>
        {t('outcomes.correlation')}
      </Text>
      <Button mt="sm" size="xs" leftSection={<IconFlask size={14} />} onClick={() => navigate(`/experiments/new?design=${encodeURIComponent(JSON.stringify(design))}`)}>
        {t('outcomes.testThis')}
      </Button>
    </Alert>
  );
}

function Charts({ data, label }: { data: Outcomes; label: (r: Row) => string }) {
  const { t } = useTranslation();
  const bars = data.rows.map((r) => ({ name: label(r), churn: (r.outcome.churn_rate ?? 0) * 100, nrr: (r.outcome.net_revenue_retention ?? 0) * 100 }));
  const longest = Math.max(0, ...data.cohorts.map((c) => c.retained.length));
  const cohortPoints = Array.from({ length: longest }, (_, k) =>
    Object.fromEntries([['month', k], ...data.cohorts.map((c) => [c.month, c.retained[k] === undefined ? null : c.retained[k]! * 100])]),
  );
  const pct = (v: unknown) => `${Number(v).toFixed(0)}%`;
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      <ChartCard title={t('outcomes.charts.byGroup')} testId="chart-outcomes" height={260}>
        <BarChart data={bars} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" tick={{ fontSize: 11 }} interval={0} />
          <YAxis tick={{ fontSize: 11 }} width={44} tickFormatter={pct} />
          <Tooltip formatter={(v) => pct(v)} />
          <Legend />
          <Bar dataKey="churn" name={t('outcomes.metrics.churnRate')} fill={COLORS[4]} isAnimationActive={false} />
          <Bar dataKey="nrr" name={t('outcomes.metrics.nrr')} fill={COLORS[0]} isAnimationActive={false} />
        </BarChart>
      </ChartCard>
      <ChartCard title={t('outcomes.charts.cohorts')} testId="chart-cohorts" height={260}>
        <LineChart data={cohortPoints} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="month" tick={{ fontSize: 11 }} label={{ value: t('outcomes.monthsSinceSignup'), position: 'insideBottom', offset: -2, fontSize: 11 }} />
          <YAxis tick={{ fontSize: 11 }} width={44} domain={[0, 100]} tickFormatter={pct} />
          <Tooltip formatter={(v) => pct(v)} labelFormatter={(k) => t('outcomes.monthN', { n: k })} />
          <Legend />
          {data.cohorts.map((c, i) => (
            <Line key={c.month} type="linear" dataKey={c.month} name={`${c.month} (${formatNumber(c.companies)})`} stroke={COLORS[i % COLORS.length]} dot={false} isAnimationActive={false} connectNulls={false} />
          ))}
        </LineChart>
      </ChartCard>
    </SimpleGrid>
  );
}

export default function CustomerOutcomes() {
  const { t } = useTranslation();
  const [days, setDays] = useState<(typeof PERIODS)[number]>('90');
  const [groupBy, setGroupBy] = useState<OutcomeGroup>('tier');
  const [segmentId, setSegmentId] = useState<string | null>(null);
  const segments = useSegments();
  const range = useMemo(() => lastDays(Number(days)), [days]);
  const outcomes = useOutcomes(range, groupBy, segmentId);
  const segmentName = segments.data?.find((s) => s.id === segmentId)?.name ?? '';
  const label = (r: Row) =>
    groupBy === 'segment' ? (r.key === 'member' ? segmentName : t('outcomes.everyoneElse')) : (r.label ?? t('reports.unset'));
  const columns: MetricColumn<Row>[] = [
    ['customers', (r) => formatNumber(r.outcome.customers)],
    ['churned', (r) => formatNumber(r.outcome.churned)],
    ['churnRate', (r) => percent(r.outcome.churn_rate)],
    ['retention', (r) => percent(r.outcome.retention_rate)],
    ['expanded', (r) => formatNumber(r.outcome.expanded)],
    ['contracted', (r) => formatNumber(r.outcome.contracted)],
    ['nrr', (r) => percent(r.outcome.net_revenue_retention)],
    ['grr', (r) => percent(r.outcome.gross_revenue_retention)],
    ['startMrr', (r) => formatNumber(r.outcome.start_mrr)],
    ['endMrr', (r) => formatNumber(r.outcome.end_mrr)],
  ];

  return (
    <Stack gap="md">
      <ReportHeader title={t('outcomes.title')} intro={t('outcomes.intro')}>
        <Group align="flex-end">
          <Button component={Link} to="/reports" variant="subtle">
            {t('outcomes.toSupport')}
          </Button>
          <PeriodControl periods={PERIODS} value={days} onChange={setDays} label={(n) => t('reports.lastDays', { n })} />
          <Select
            label={t('reports.groupBy')}
            w={180}
            allowDeselect={false}
            data={GROUPS.map((g) => ({ value: g, label: t(`outcomes.groups.${g}`) }))}
            value={groupBy}
            onChange={(v) => setGroupBy((v ?? 'tier') as OutcomeGroup)}
          />
          {groupBy === 'segment' && (
            <Select
              label={t('outcomes.segment')}
              w={200}
              data={(segments.data ?? []).filter((s) => s.target === 'company').map((s) => ({ value: s.id, label: s.name }))}
              value={segmentId}
              onChange={setSegmentId}
            />
          )}
        </Group>
      </ReportHeader>
      {groupBy === 'segment' && !segmentId ? (
        <EmptyNote>{t('outcomes.chooseSegment')}</EmptyNote>
      ) : (
        <QueryState query={outcomes}>
          {(data) => {
            const candidates = data.rows.filter((r) => r.churn_difference_points !== null && r.outcome.customers > 0 && r.rest.customers > 0);
            const best = candidates.sort((a, b) => a.churn_difference_points! - b.churn_difference_points!)[0];
            return data.rows.length === 0 ? (
              <EmptyNote>{t('outcomes.empty')}</EmptyNote>
            ) : (
              <Stack>
                {best && <Finding row={best} groupLabel={label(best)} groupBy={groupBy} />}
                <Charts data={data} label={label} />
                <MetricTable
                  testId="outcomes-table"
                  minWidth={1000}
                  groupHeader={t(`outcomes.groups.${groupBy}`)}
                  columns={columns}
                  header={(k) => t(`outcomes.metrics.${k}`)}
                  rows={data.rows}
                  rowKey={(r) => r.key ?? 'none'}
                  rowLabel={label}
                />
              </Stack>
            );
          }}
        </QueryState>
      )}
      {/* Only the SLA-policy grouping reads the swept conversation facts; MRR history is read live. */}
      {groupBy === 'sla_policy' && outcomes.data && (
        <Text size="xs" c="dimmed" data-testid="outcomes-as-of">
          {outcomes.data.as_of ? t('reports.asOf', { time: formatDateTime(outcomes.data.as_of) }) : t('reports.notSwept')}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {t('outcomes.definitions')}
      </Text>
    </Stack>
  );
}
