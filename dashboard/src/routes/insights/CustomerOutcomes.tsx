import { useMemo, useState } from 'react';
import { Alert, Box, Button, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconFlask, IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useOutcomes } from '../../api/insights.ts';
import { useSegments } from '../../api/segments.ts';
import type { OutcomeGroup, Outcomes } from '../../api/types.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { formatNumber } from '../../components/format.ts';
import { lastDays } from './range.ts';

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
      <Paper withBorder p="md" data-testid="chart-outcomes">
        <Text fw={600} size="sm" mb="xs">
          {t('outcomes.charts.byGroup')}
        </Text>
        <Box h={260}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={bars} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="name" tick={{ fontSize: 11 }} interval={0} />
              <YAxis tick={{ fontSize: 11 }} width={44} tickFormatter={pct} />
              <Tooltip formatter={(v) => pct(v)} />
              <Legend />
              <Bar dataKey="churn" name={t('outcomes.metrics.churnRate')} fill={COLORS[4]} isAnimationActive={false} />
              <Bar dataKey="nrr" name={t('outcomes.metrics.nrr')} fill={COLORS[0]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </Box>
      </Paper>
      <Paper withBorder p="md" data-testid="chart-cohorts">
        <Text fw={600} size="sm" mb="xs">
          {t('outcomes.charts.cohorts')}
        </Text>
        <Box h={260}>
          <ResponsiveContainer width="100%" height="100%">
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
          </ResponsiveContainer>
        </Box>
      </Paper>
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
  const columns: [string, (r: Row) => string][] = [
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
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t('outcomes.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('outcomes.intro')}
          </Text>
        </div>
        <Group align="flex-end">
          <Button component={Link} to="/reports" variant="subtle">
            {t('outcomes.toSupport')}
          </Button>
          <SegmentedControl
            aria-label={t('reports.period')}
            value={days}
            onChange={(v) => setDays(v as typeof days)}
            data={PERIODS.map((p) => ({ value: p, label: t('reports.lastDays', { n: p }) }))}
          />
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
      </Group>
      {groupBy === 'segment' && !segmentId ? (
        <Text c="dimmed" ta="center" py="xl">
          {t('outcomes.chooseSegment')}
        </Text>
      ) : (
        <QueryState query={outcomes}>
          {(data) => {
            const candidates = data.rows.filter((r) => r.churn_difference_points !== null && r.outcome.customers > 0 && r.rest.customers > 0);
            const best = candidates.sort((a, b) => a.churn_difference_points! - b.churn_difference_points!)[0];
            return data.rows.length === 0 ? (
              <Text c="dimmed" ta="center" py="xl">
                {t('outcomes.empty')}
              </Text>
            ) : (
              <Stack>
                {best && <Finding row={best} groupLabel={label(best)} groupBy={groupBy} />}
                <Charts data={data} label={label} />
                <Table.ScrollContainer minWidth={1000}>
                  <Table data-testid="outcomes-table">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t(`outcomes.groups.${groupBy}`)}</Table.Th>
                        {columns.map(([k]) => (
                          <Table.Th key={k}>{t(`outcomes.metrics.${k}`)}</Table.Th>
                        ))}
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.rows.map((r) => (
                        <Table.Tr key={r.key ?? 'none'}>
                          <Table.Td>{label(r)}</Table.Td>
                          {columns.map(([k, show]) => (
                            <Table.Td key={k} data-metric={k}>
                              {show(r)}
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
        {t('outcomes.definitions')}
      </Text>
    </Stack>
  );
}
