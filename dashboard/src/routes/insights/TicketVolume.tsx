import { useMemo, useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, Paper, Select, Stack, Table, Text } from '@mantine/core';
import { IconFlask, IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { ticketVolumeCsvUrl, useTicketVolume } from '../../api/insights.ts';
import type { ActiveUnit, TicketVolume as Volume } from '../../api/types.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDate, formatNumber } from '../../components/format.ts';
import { lastDays } from './range.ts';
import { ChartCard, CsvButton, PeriodControl, ReportHeader } from './ReportParts.tsx';

const PERIODS = ['12', '26', '52'] as const;
const UNITS: ActiveUnit[] = ['contact', 'company'];
const LINE = 'var(--mantine-color-blue-6)';
const BARS = 'var(--mantine-color-teal-2)';
const STARTED = 'var(--mantine-color-green-7)';
const STOPPED = 'var(--mantine-color-gray-6)';
const WEEK = 7 * 86_400_000;

const ratio = (v: number | null) => (v === null ? '—' : v.toFixed(2));

interface Marker {
  week: string;
  kind: 'started' | 'stopped';
  /** Every campaign started (or stopped) that week: one line, one label, however many there are. */
  names: string[];
}

/** The week (its Monday, as on the axis) holding each run's start and stop inside the timeline. */
function markers(v: Volume): Marker[] {
  const weekOf = (at: string | null) => {
    if (at === null) return null;
    const t = Date.parse(at);
    return v.weeks.find((w) => t >= Date.parse(`${w.week}T00:00:00Z`) && t < Date.parse(`${w.week}T00:00:00Z`) + WEEK)?.week ?? null;
  };
  const byWeek = new Map<string, Marker>();
  for (const c of v.campaigns) {
    for (const r of c.runs) {
      for (const kind of ['started', 'stopped'] as const) {
        const week = weekOf(kind === 'started' ? r.started_at : r.stopped_at);
        if (!week) continue;
        const marker = byWeek.get(`${week} ${kind}`) ?? { week, kind, names: [] };
        if (!marker.names.includes(c.name)) marker.names.push(c.name);
        byWeek.set(`${week} ${kind}`, marker);
      }
    }
  }
  return [...byWeek.values()].sort((a, b) => a.week.localeCompare(b.week));
}

function Timeline({ volume, marks }: { volume: Volume; marks: Marker[] }) {
  const { t } = useTranslation();
  return (
    <ChartCard title={t('ticketVolume.chart', { unit: t(`ticketVolume.units.${volume.unit}`) })} testId="chart-ticket-volume" height={320}>
      <ComposedChart data={volume.weeks} margin={{ top: 24, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="week" tick={{ fontSize: 11 }} minTickGap={24} />
        <YAxis yAxisId="ratio" tick={{ fontSize: 11 }} width={40} />
        <YAxis yAxisId="deflections" orientation="right" allowDecimals={false} tick={{ fontSize: 11 }} width={36} />
        <Tooltip formatter={(v, name) => (name === t('ticketVolume.perActive') ? ratio(Number(v)) : formatNumber(Number(v)))} />
        <Legend />
        <Bar yAxisId="deflections" dataKey="deflections" name={t('ticketVolume.deflections')} fill={BARS} isAnimationActive={false} />
        <Line yAxisId="ratio" type="linear" dataKey="per_active" name={t('ticketVolume.perActive')} stroke={LINE} strokeWidth={2} dot isAnimationActive={false} connectNulls={false} />
        {marks.map((m, i) => (
          <ReferenceLine
            key={`${m.kind}-${m.week}`}
            yAxisId="ratio"
            x={m.week}
            className={`campaign-marker campaign-${m.kind}`}
            stroke={m.kind === 'started' ? STARTED : STOPPED}
            strokeDasharray={m.kind === 'started' ? undefined : '4 4'}
            // Neighbouring markers' labels alternate between two lines so they never overlap.
            label={{ value: t(`ticketVolume.${m.kind}`, { name: m.names.length > 1 ? `${m.names[0]} +${m.names.length - 1}` : m.names[0] }), position: 'insideTopLeft', dy: (i % 2) * 14, fontSize: 11, fill: m.kind === 'started' ? STARTED : STOPPED }}
          />
        ))}
      </ComposedChart>
    </ChartCard>
  );
}

/** The campaigns marked on the timeline, each with its runs and, with a control group, the lab result. */
function Campaigns({ volume }: { volume: Volume }) {
  const { t } = useTranslation();
  if (volume.campaigns.length === 0) return null;
  return (
    <Paper withBorder p="md" data-testid="timeline-campaigns">
      <Text fw={600} size="sm" mb="xs">
        {t('ticketVolume.markers')}
      </Text>
      <Stack gap={6}>
        {volume.campaigns.map((c) => (
          <Group key={c.id} gap="sm" data-campaign={c.id}>
            <Anchor component={Link} to={`/campaigns/${c.id}`} fw={500}>
              {c.name}
            </Anchor>
            <Badge size="xs" variant="light">
              {t(`campaigns.types.${c.type}`, { defaultValue: c.type })}
            </Badge>
            <Text size="sm" c="dimmed">
              {c.runs.map((r) => `${formatDate(r.started_at)} – ${r.stopped_at ? formatDate(r.stopped_at) : t('ticketVolume.running')}`).join(', ')}
            </Text>
            {c.experiment_id ? (
              <Button component={Link} to={`/experiments/${c.experiment_id}`} size="compact-xs" variant="light" leftSection={<IconFlask size={14} />}>
                {t('ticketVolume.proveIt')}
              </Button>
            ) : (
              <Text size="xs" c="dimmed">
                {t('ticketVolume.noControl')}
              </Text>
            )}
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

export default function TicketVolume() {
  const { t } = useTranslation();
  const [weeks, setWeeks] = useState<(typeof PERIODS)[number]>('12');
  const [unit, setUnit] = useState<ActiveUnit>('contact');
  const range = useMemo(() => lastDays(Number(weeks) * 7), [weeks]);
  const volume = useTicketVolume(range, unit);

  return (
    <Stack gap="md">
      <ReportHeader title={t('ticketVolume.title')} intro={t('ticketVolume.intro')}>
        <Group align="flex-end">
          <Button component={Link} to="/reports" variant="subtle">
            {t('outcomes.toSupport')}
          </Button>
          <PeriodControl periods={PERIODS} value={weeks} onChange={setWeeks} label={(n) => t('ticketVolume.lastWeeks', { n })} />
          <Select
            label={t('ticketVolume.unit')}
            w={180}
            allowDeselect={false}
            data={UNITS.map((u) => ({ value: u, label: t(`ticketVolume.units.${u}`) }))}
            value={unit}
            onChange={(v) => setUnit((v ?? 'contact') as ActiveUnit)}
          />
          <CsvButton href={ticketVolumeCsvUrl(range, unit)} />
        </Group>
      </ReportHeader>
      <QueryState query={volume}>
        {(v) => {
          const marks = markers(v);
          const marksIn = (week: string) => marks.filter((m) => m.week === week);
          return (
            <Stack>
              <Timeline volume={v} marks={marks} />
              <Campaigns volume={v} />
              {v.campaigns.length > 0 && (
                <Alert color="blue" icon={<IconInfoCircle size={18} />}>
                  {t('ticketVolume.correlation')}
                </Alert>
              )}
              <Table data-testid="ticket-volume-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('ticketVolume.week')}</Table.Th>
                    <Table.Th>{t('ticketVolume.conversations')}</Table.Th>
                    <Table.Th>{t(`ticketVolume.activeUnits.${v.unit}`)}</Table.Th>
                    <Table.Th>{t('ticketVolume.perActive')}</Table.Th>
                    <Table.Th>{t('ticketVolume.deflections')}</Table.Th>
                    <Table.Th>{t('ticketVolume.campaignsCol')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {v.weeks.map((w) => (
                    <Table.Tr key={w.week} data-week={w.week}>
                      <Table.Td>{w.week}</Table.Td>
                      <Table.Td data-metric="conversations">{formatNumber(w.conversations)}</Table.Td>
                      <Table.Td data-metric="active">{formatNumber(w.active)}</Table.Td>
                      <Table.Td data-metric="per_active">{ratio(w.per_active)}</Table.Td>
                      <Table.Td data-metric="deflections">{formatNumber(w.deflections)}</Table.Td>
                      <Table.Td>{marksIn(w.week).flatMap((m) => m.names.map((name) => t(`ticketVolume.${m.kind}`, { name }))).join(', ')}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Stack>
          );
        }}
      </QueryState>
      <Text size="xs" c="dimmed">
        {t('ticketVolume.definitions')}
      </Text>
    </Stack>
  );
}
