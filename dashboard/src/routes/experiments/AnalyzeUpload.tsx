import { useState, type FormEvent } from 'react';
import { Alert, Badge, Button, Card, FileInput, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useAnalyzeUpload } from '../../api/experiments.ts';
import { describeError } from '../../api/errors.ts';
import type { AnalysisResult, Comparison } from '../../api/types.ts';
import { i18n } from '../../i18n/index.ts';
import { CiBar } from './CiBar.tsx';
import { evidenceOf, type Evidence } from './format.ts';
import { SampleSizeCard } from './SampleSizeCard.tsx';

/** Below this the sample split is so unlikely that every result is marked untrustworthy. */
const SRM_THRESHOLD = 0.001;
const ALPHA = 0.05;
const VERDICT_OF: Record<Evidence, string> = { veryStrong: 'veryUnlikelyChance', strong: 'unlikelyChance', moderate: 'moderateEvidence', none: 'couldBeChance' };

type Metric = keyof Comparison;
const METRICS: { key: Metric; percent: boolean }[] = [
  { key: 'conversion', percent: true },
  { key: 'revenue', percent: false },
  { key: 'revenue_cuped', percent: false },
  { key: 'conversations', percent: false },
  { key: 'searches', percent: false },
];

const number = (v: number | null | undefined, digits = 3) =>
  v === null || v === undefined ? '—' : new Intl.NumberFormat(i18n.language, { maximumFractionDigits: digits }).format(v);
const percent = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined ? '—' : new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: digits }).format(v);
const pValue = (p: number | null | undefined) => (p === null || p === undefined ? '—' : p < 1e-4 ? p.toExponential(1) : number(p, 4));

/** "Analyse an uploaded CSV": the same analysis as `baton experiments analyze`, for experiments run elsewhere. */
export default function AnalyzeUpload() {
  const { t } = useTranslation();
  const analyze = useAnalyzeUpload();
  const [designFile, setDesignFile] = useState<File | null>(null);
  const [unitsFile, setUnitsFile] = useState<File | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!designFile || !unitsFile) return;
    setLocalError(null);
    let design: unknown;
    try {
      design = JSON.parse(await designFile.text());
    } catch {
      setLocalError(t('experiments.analyze.designNotJson'));
      return;
    }
    analyze.mutate({ design, unitsCsv: await unitsFile.text() });
  };

  return (
    <Stack>
      <Title order={2}>{t('experiments.analyze.title')}</Title>
      <Text c="dimmed" size="sm">
        {t('experiments.analyze.help')}
      </Text>
      <Card withBorder>
        <form onSubmit={submit}>
          <Group align="flex-end">
            <FileInput label={t('experiments.analyze.design')} accept="application/json,.json" value={designFile} onChange={setDesignFile} required w={260} />
            <FileInput label={t('experiments.analyze.units')} accept="text/csv,.csv" value={unitsFile} onChange={setUnitsFile} required w={260} />
            <Button type="submit" loading={analyze.isPending} disabled={!designFile || !unitsFile}>
              {t('experiments.analyze.run')}
            </Button>
          </Group>
        </form>
        {(localError || analyze.isError) && (
          <Alert color="red" mt="md" title={t('experiments.analyze.refused')} data-testid="analyze-error">
            {localError ?? describeError(analyze.error, t).message}
          </Alert>
        )}
      </Card>
      {analyze.data && !localError && <Report result={analyze.data} />}
      <SampleSizeCard />
    </Stack>
  );
}

function Report({ result }: { result: AnalysisResult }) {
  const { t } = useTranslation();
  const { variants, srm, comparisons } = result.results;
  const names = Object.keys(variants);
  const mismatch = srm.p_value !== null && srm.p_value < SRM_THRESHOLD;
  const download = () => {
    const url = URL.createObjectURL(new Blob([JSON.stringify(result, null, 2)], { type: 'application/json' }));
    const a = Object.assign(document.createElement('a'), { href: url, download: 'result.json' });
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <Stack>
      {mismatch ? (
        <Alert color="red" icon={<IconAlertTriangle />} title={t('experiments.srm.mismatchTitle')} data-testid="srm-status" data-status="mismatch">
          {t('experiments.srm.mismatch', { p: pValue(srm.p_value) })}
        </Alert>
      ) : (
        <Alert color="teal" title={t('experiments.srm.okTitle')} data-testid="srm-status" data-status="ok">
          {t('experiments.srm.ok', { p: pValue(srm.p_value) })}
        </Alert>
      )}
      <Card withBorder>
        <Group justify="space-between" mb="sm">
          <Title order={3} size="h4">
            {t('experiments.variants.title')}
          </Title>
          <Button variant="default" size="xs" leftSection={<IconDownload size={14} />} onClick={download}>
            {t('experiments.analyze.download')}
          </Button>
        </Group>
        <Table data-testid="variant-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('experiments.variants.variant')}</Table.Th>
              <Table.Th>{t('experiments.variants.units')}</Table.Th>
              <Table.Th>{t('experiments.variants.conversionRate')}</Table.Th>
              <Table.Th>{t('experiments.variants.revenue')}</Table.Th>
              <Table.Th>{t('experiments.variants.conversations')}</Table.Th>
              <Table.Th>{t('experiments.variants.searches')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {names.map((v) => (
              <Table.Tr key={v}>
                <Table.Td ff="monospace">{v}</Table.Td>
                <Table.Td>{number(variants[v]!.n, 0)}</Table.Td>
                <Table.Td>{percent(variants[v]!.conversion_rate, 2)}</Table.Td>
                <Table.Td>{number(variants[v]!.revenue_mean, 2)}</Table.Td>
                <Table.Td>{number(variants[v]!.conversations_mean, 2)}</Table.Td>
                <Table.Td>{number(variants[v]!.searches_mean, 2)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      {Object.entries(comparisons).map(([variant, c]) => (
        <ComparisonCard key={variant} variant={variant} comparison={c} untrustworthy={mismatch} severalArms={Object.keys(comparisons).length > 1} />
      ))}
    </Stack>
  );
}

function ComparisonCard({ variant, comparison, untrustworthy, severalArms }: { variant: string; comparison: Comparison; untrustworthy: boolean; severalArms: boolean }) {
  const { t } = useTranslation();
  const rows = METRICS.map(({ key, percent: isPercent }) => {
    const m = comparison[key];
    const estimate = 'abs_diff' in m ? m.abs_diff : m.mean_diff;
    return { key, isPercent, m, estimate, rel: 'rel_diff' in m ? m.rel_diff : null };
  });
  // Each row on its own scale (metrics have different units): where zero sits is what matters.
  const scale = (low: number, high: number) => Math.max(1e-12, Math.abs(low), Math.abs(high)) * 1.1;
  const fmt = (v: number | null, isPercent: boolean) => (isPercent ? t('experiments.points', { value: number(v === null ? null : v * 100, 2) }) : number(v, 3));

  return (
    <Card withBorder data-testid={`comparison-${variant}`}>
      <Title order={3} size="h4" mb="sm">
        {t('experiments.comparison.title', { variant })}
      </Title>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('experiments.comparison.metric')}</Table.Th>
            <Table.Th>{t('experiments.comparison.difference')}</Table.Th>
            <Table.Th>{t('experiments.comparison.interval')}</Table.Th>
            <Table.Th />
            <Table.Th>{t('experiments.comparison.relative')}</Table.Th>
            <Table.Th>{t('experiments.comparison.p')}</Table.Th>
            {severalArms && <Table.Th>{t('experiments.comparison.pHolm')}</Table.Th>}
            <Table.Th>{t('experiments.comparison.verdict')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(({ key, isPercent, m, estimate, rel }) => {
            const p = severalArms ? (m.p_value_holm ?? null) : m.p_value;
            const verdict = untrustworthy ? 'untrustworthy' : p === null ? 'undefined' : VERDICT_OF[evidenceOf(p, ALPHA)];
            return (
              <Table.Tr key={key} data-testid={`metric-${key}`}>
                <Table.Td>{t(`experiments.metrics.${key}`)}</Table.Td>
                <Table.Td>{fmt(estimate, isPercent)}</Table.Td>
                <Table.Td>
                  {m.ci_low === null || m.ci_high === null ? '—' : t('experiments.comparison.range', { low: fmt(m.ci_low, isPercent), high: fmt(m.ci_high, isPercent) })}
                </Table.Td>
                <Table.Td>
                  {m.ci_low !== null && m.ci_high !== null && estimate !== null && <CiBar low={m.ci_low} high={m.ci_high} estimate={estimate} scale={scale(m.ci_low, m.ci_high)} />}
                </Table.Td>
                <Table.Td>{percent(rel)}</Table.Td>
                <Table.Td>{pValue(m.p_value)}</Table.Td>
                {severalArms && <Table.Td>{pValue(m.p_value_holm)}</Table.Td>}
                <Table.Td>
                  <Badge variant="light" color={verdict === 'veryUnlikelyChance' || verdict === 'unlikelyChance' ? 'teal' : verdict === 'moderateEvidence' ? 'yellow' : verdict === 'untrustworthy' ? 'red' : 'gray'} data-testid="verdict" data-verdict={verdict}>
                    {t(`experiments.verdict.${verdict}`)}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
