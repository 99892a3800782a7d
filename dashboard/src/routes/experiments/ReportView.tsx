import type { ReactNode } from 'react';
import { Alert, Badge, Button, Card, Group, List, NativeSelect, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ExperimentReport } from '../../api/types.ts';
import { CiBar } from './CiBar.tsx';
import { CumulativeChart } from './CumulativeChart.tsx';
import { formatDateTime } from '../../components/format.ts';
import { amount, number, percent, pValue, verdictSentence } from './format.ts';

/** The rollup is refreshed every minute; say how old the figures are only when it lags behind that. */
const LAG_MS = 3 * 60_000;

const BREAKDOWNS: Record<'contact' | 'company', string[]> = {
  contact: ['locale', 'attributes.signup_source', 'attributes.plan'],
  company: ['plan', 'industry', 'attributes.signup_source'],
};

function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/** The whole report, for the signed-in page and the shared read-only link alike. */
export function ReportView({
  report,
  breakdown,
  onBreakdown,
  csvUrl,
  actions,
}: {
  report: ExperimentReport;
  breakdown: string | null;
  onBreakdown: (field: string | null) => void;
  csvUrl: string;
  actions?: ReactNode;
}) {
  const { t } = useTranslation();
  const e = report.experiment;
  const reg = e.registration!;
  const primary = report.metrics.find((m) => m.role === 'primary')!;
  const unit = e.unit === 'company' ? 'company' : 'contact';
  const lagging = Date.parse(report.generated_at) - Date.parse(report.freshness.as_of) > LAG_MS;

  return (
    <Stack data-testid="experiment-report">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>{e.name}</Title>
          <Group gap="xs" mt={4}>
            <Badge variant="light">{t(`experiments.status.${e.status}`)}</Badge>
            <Badge variant="light" color={report.stage === 'interim' ? 'orange' : 'blue'} data-testid="report-stage">
              {t(`experiments.report.stage.${report.stage}`)}
            </Badge>
            <Text size="sm" c="dimmed">
              {t(`experiments.unit.${e.unit}`)} · {e.flag_key}
            </Text>
          </Group>
          {lagging && (
            <Text size="sm" c="dimmed" mt={4} data-testid="report-as-of">
              {t('experiments.report.asOf', { time: formatDateTime(report.freshness.as_of) })}
            </Text>
          )}
        </div>
        <Group>
          <Button component="a" href={csvUrl} variant="default" leftSection={<IconDownload size={16} />}>
            {t('experiments.report.exportCsv')}
          </Button>
          <Button variant="default" leftSection={<IconDownload size={16} />} onClick={() => download(`${e.key}-report.json`, JSON.stringify(report, null, 2), 'application/json')}>
            {t('experiments.report.exportJson')}
          </Button>
          {actions}
        </Group>
      </Group>

      {report.srm.mismatch ? (
        <Alert color="red" icon={<IconAlertTriangle />} title={t('experiments.srm.mismatchTitle')} data-testid="srm-banner">
          {t('experiments.srm.mismatch', { p: pValue(report.srm.p_value) })}
        </Alert>
      ) : (
        <Alert color="teal" title={t('experiments.srm.okTitle')} data-testid="srm-ok">
          {report.srm.p_value === null ? t('experiments.report.noExposures') : t('experiments.srm.ok', { p: pValue(report.srm.p_value) })}
        </Alert>
      )}

      <Card withBorder>
        <Group justify="space-between">
          <Text fw={500}>{t('experiments.report.progress')}</Text>
          <Text size="sm">{t('experiments.report.progressValue', { smallest: number(report.progress.smallest_arm, 0), planned: number(report.progress.planned_units_per_arm, 0) })}</Text>
        </Group>
        <Progress value={report.progress.share * 100} mt="xs" color={report.progress.reached ? 'teal' : 'orange'} aria-label={t('experiments.report.progress')} />
        {report.stage === 'interim' && (
          <Text size="sm" c="orange" mt="xs" data-testid="interim-note">
            {t('experiments.report.interim')}
          </Text>
        )}
        {report.stage === 'always_valid' && (
          <Text size="sm" c="dimmed" mt="xs">
            {t('experiments.report.alwaysValid')}
          </Text>
        )}
      </Card>

      <Card withBorder>
        <Title order={3} size="h4">{t('experiments.report.results')}</Title>
        <Table.ScrollContainer minWidth={900}>
          <Table striped mt="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('experiments.comparison.metric')}</Table.Th>
                <Table.Th>{t('experiments.report.arms')}</Table.Th>
                <Table.Th>{t('experiments.comparison.difference')}</Table.Th>
                <Table.Th>{t('experiments.comparison.interval')}</Table.Th>
                <Table.Th>{t('experiments.comparison.relative')}</Table.Th>
                <Table.Th>{t('experiments.comparison.p')}</Table.Th>
                <Table.Th>{t('experiments.comparison.pHolm')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.metrics.flatMap((m) => {
                const scale = Math.max(1e-9, ...m.comparisons.map((c) => Math.max(Math.abs(c.headline.ci_low ?? 0), Math.abs(c.headline.ci_high ?? 0))));
                return m.comparisons.map((c) => (
                  <Table.Tr key={`${m.definition.key}/${c.variant}`} data-testid={`metric-row-${m.definition.key}`}>
                    <Table.Td>
                      <Text size="sm" fw={500}>{m.definition.label}</Text>
                      <Badge size="xs" variant="outline" color={m.role === 'primary' ? 'blue' : m.role === 'guardrail' ? 'grape' : 'gray'}>
                        {t(`experiments.role.${m.role}`)}
                      </Badge>
                      {m.definition.cap_percentile !== undefined && (
                        <Badge size="xs" variant="light" color="orange" ml={4} data-testid="capped">
                          {t('experiments.report.capped', { percentile: number(m.definition.cap_percentile * 100, 1) })}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {m.arms.map((a) => (
                        <Text key={a.variant} size="xs">
                          {a.variant}: {m.binary ? percent(a.mean) : number(a.mean, 2)} (n = {number(a.n, 0)})
                          {a.median_days !== undefined && ` · ${t('experiments.report.medianDays', { days: a.median_days === null ? '—' : number(a.median_days, 1) })}`}
                        </Text>
                      ))}
                    </Table.Td>
                    <Table.Td>{c.variant}: {amount(t, m, c.headline.estimate)}</Table.Td>
                    <Table.Td>
                      {c.headline.ci_low !== null && c.headline.ci_high !== null && c.headline.estimate !== null && (
                        <CiBar low={c.headline.ci_low} high={c.headline.ci_high} estimate={c.headline.estimate} scale={scale} />
                      )}
                      <Text size="xs">{t('experiments.comparison.range', { low: amount(t, m, c.headline.ci_low), high: amount(t, m, c.headline.ci_high) })}</Text>
                    </Table.Td>
                    <Table.Td>{percent(c.headline.rel_diff)}</Table.Td>
                    <Table.Td>{pValue(c.headline.p_value)}</Table.Td>
                    <Table.Td>{pValue(c.headline.p_value_holm)}</Table.Td>
                  </Table.Tr>
                ));
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <List mt="md" spacing="xs">
          {report.metrics.flatMap((m) =>
            m.comparisons.map((c) => (
              <List.Item key={`${m.definition.key}/${c.variant}`} data-testid={`verdict-${m.definition.key}`}>
                {verdictSentence(t, report, m, c.variant, c.headline)}
              </List.Item>
            )),
          )}
        </List>
        <Text size="xs" c="dimmed" mt="sm">{t('experiments.report.methods')}</Text>
      </Card>

      {report.cumulative.map((s) => (
        <Card withBorder key={s.variant}>
          <Title order={3} size="h4">{t('experiments.report.cumulative', { metric: primary.definition.label, variant: s.variant })}</Title>
          <Text size="sm" c="dimmed" mb="xs">{t('experiments.report.cumulativeHelp')}</Text>
          <CumulativeChart series={s} binary={primary.binary} />
        </Card>
      ))}

      <Card withBorder>
        <Group justify="space-between">
          <Group gap="xs">
            <Title order={3} size="h4">{t('experiments.report.breakdown', { metric: primary.definition.label })}</Title>
            <Badge color="yellow" variant="light">{t('experiments.report.exploratory')}</Badge>
          </Group>
          <NativeSelect
            aria-label={t('experiments.report.breakdownBy')}
            data={[{ value: '', label: t('experiments.report.breakdownBy') }, ...BREAKDOWNS[unit].map((f) => ({ value: f, label: f }))]}
            value={breakdown ?? ''}
            onChange={(e) => onBreakdown(e.currentTarget.value || null)}
            w={240}
            data-testid="breakdown-select"
          />
        </Group>
        <Text size="sm" c="dimmed">{t('experiments.report.exploratoryHelp')}</Text>
        {report.breakdown && (
          <Table mt="sm" data-testid="breakdown-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{report.breakdown.field}</Table.Th>
                <Table.Th>{t('experiments.report.arms')}</Table.Th>
                <Table.Th>{t('experiments.comparison.difference')}</Table.Th>
                <Table.Th>{t('experiments.comparison.interval')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.breakdown.rows.slice(0, 12).map((row) => (
                <Table.Tr key={row.value ?? ''}>
                  <Table.Td>{row.value ?? t('experiments.report.none')}</Table.Td>
                  <Table.Td>{row.arms.map((a) => `${a.variant}: ${primary.binary ? percent(a.mean) : number(a.mean, 2)} (n = ${number(a.n, 0)})`).join(' · ')}</Table.Td>
                  <Table.Td>{row.comparisons.map((c) => amount(t, primary, c.headline.estimate)).join(' · ')}</Table.Td>
                  <Table.Td>
                    {row.comparisons.map((c) => t('experiments.comparison.range', { low: amount(t, primary, c.headline.ci_low), high: amount(t, primary, c.headline.ci_high) })).join(' · ')}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>

      {report.observational && (
        <Card withBorder data-testid="observational">
          <Group gap="xs">
            <Title order={3} size="h4">{t('experiments.report.naiveTitle')}</Title>
            <Badge color="gray" variant="light">{t('experiments.report.correlation')}</Badge>
          </Group>
          <Text mt="xs">
            {t('experiments.report.naive', {
              event: report.observational.event,
              metric: primary.definition.label,
              did: primary.binary ? percent(report.observational.did.mean) : number(report.observational.did.mean, 2),
              didNot: primary.binary ? percent(report.observational.did_not.mean) : number(report.observational.did_not.mean, 2),
              ratio: number(report.observational.ratio, 1),
            })}
          </Text>
          <Text size="sm" c="dimmed" mt="xs">{t('experiments.report.naiveWhy')}</Text>
        </Card>
      )}

      <Card withBorder>
        <Title order={3} size="h4">{t('experiments.report.registration')}</Title>
        <Text size="sm" c="dimmed">
          {t('experiments.report.plan', { mode: t(`experiments.mode.${reg.mode}`), alpha: number(reg.alpha), power: number(reg.power), planned: number(reg.planned_units_per_arm, 0) })}
        </Text>
        <List mt="xs" size="sm">
          {reg.hypotheses.map((h, i) => (
            <List.Item key={i}>
              {h.text} — {reg.metrics.find((m) => m.key === h.metric)?.label ?? h.metric}, {t(`experiments.direction.${h.direction}`)}
            </List.Item>
          ))}
        </List>
        {e.changes.length > 0 && (
          <>
            <Text fw={500} mt="sm">{t('experiments.report.changes')}</Text>
            <List size="sm">
              {e.changes.map((c) => (
                <List.Item key={c.at}>{t('experiments.report.change', { at: new Date(c.at).toLocaleString(), reason: c.reason })}</List.Item>
              ))}
            </List>
          </>
        )}
      </Card>
    </Stack>
  );
}
