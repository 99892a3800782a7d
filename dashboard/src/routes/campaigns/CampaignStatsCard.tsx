import { Anchor, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMemo } from 'react';
import type { CampaignStats } from '../../../../contracts/campaigns.ts';
import { useCampaignStats } from '../../api/campaigns.ts';
import { useTtfv, useTtfvSettings } from '../../api/ttfv.ts';
import { formatNumber } from '../../components/format.ts';
import { lastDays } from '../insights/range.ts';
import { ttfvDuration, ttfvPercent } from '../insights/ttfv-format.ts';

const pct = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${(n * 100).toFixed(1)}%`);

function StepsTable({ steps }: { steps: CampaignStats['steps'] }) {
  const { t } = useTranslation();
  const stages = ['sent', 'seen', 'clicked', 'completed', 'goal'] as const;
  return (
    <Table data-testid="campaign-steps">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('campaigns.stats.step')}</Table.Th>
          {stages.map((k) => (
            <Table.Th key={k}>{t(`campaigns.stats.${k}`)}</Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {steps.map((s) => (
          <Table.Tr key={s.step}>
            <Table.Td>{s.item_id ?? s.step + 1}</Table.Td>
            {stages.map((k) => (
              <Table.Td key={k}>{formatNumber(s[k])}</Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Time to first value of this campaign's receivers vs. its control group vs. everyone else, over the last year's sign-ups. */
function CampaignTtfv({ id, withinDays }: { id: string; withinDays: number }) {
  const { t } = useTranslation();
  const settings = useTtfvSettings();
  const range = useMemo(() => lastDays(365), []);
  const milestone = settings.data?.milestone_event;
  const ttfv = useTtfv({ ...range, cohort: 'month', within_days: withinDays, campaign_id: id }, Boolean(milestone));
  if (!settings.data) return null;
  if (!milestone)
    return (
      <Anchor component={Link} to="/reports/ttfv" size="sm">
        {t('campaigns.stats.ttfvNoMilestone')}
      </Anchor>
    );
  const groups = ttfv.data?.exposure?.groups ?? [];
  return (
    <Stack gap={4} data-testid="campaign-ttfv">
      <Text fw={600} size="sm">
        {t('campaigns.stats.ttfvTitle', { event: milestone })}
      </Text>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th />
            <Table.Th>{t('ttfv.columns.contacts')}</Table.Th>
            <Table.Th>{t('ttfv.columns.median')}</Table.Th>
            <Table.Th>{t('ttfv.columns.within', { n: withinDays })}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {groups.map((g) => (
            <Table.Tr key={g.group} data-group={g.group}>
              <Table.Td>{t(`ttfv.exposure.${g.group}`)}</Table.Td>
              <Table.Td>{formatNumber(g.contacts)}</Table.Td>
              <Table.Td>{ttfvDuration(g.median_seconds)}</Table.Td>
              <Table.Td>{ttfvPercent(g.share_within)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Anchor component={Link} to="/reports/ttfv" size="sm">
        {t('campaigns.stats.ttfvOpen')}
      </Anchor>
    </Stack>
  );
}

/** Funnel sent → seen → clicked/completed → goal (also per step), receivers vs. control from the lab, and time to first value. */
export function CampaignStatsCard({ id, goalDays }: { id: string; goalDays?: number }) {
  const { t } = useTranslation();
  const stats = useCampaignStats(id);
  if (!stats.data) return null;
  const s = stats.data;
  const stages = ['sent', 'seen', 'clicked', 'completed', 'dismissed', 'goal'] as const;
  return (
    <Card withBorder data-testid="campaign-stats">
      <Stack gap="sm">
        <Title order={3}>{t('campaigns.stats.title')}</Title>
        <Group gap="xl">
          {stages.map((k) => (
            <Stack key={k} gap={0}>
              <Text size="xs" c="dimmed">
                {t(`campaigns.stats.${k}`)}
              </Text>
              <Text fw={700} size="lg">
                {formatNumber(s.funnel[k])}
              </Text>
            </Stack>
          ))}
        </Group>
        {s.steps.length > 0 && <StepsTable steps={s.steps} />}
        {s.anchor_missing > 0 && <Text c="orange">{t('campaigns.stats.anchorMissing', { count: s.anchor_missing })}</Text>}
        {s.control && (
          <>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th />
                  <Table.Th>{t('campaigns.stats.contacts')}</Table.Th>
                  <Table.Th>{t('campaigns.stats.converted')}</Table.Th>
                  <Table.Th>{t('campaigns.stats.rate')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(['receivers', 'control'] as const).map((arm) => (
                  <Table.Tr key={arm}>
                    <Table.Td>{t(`campaigns.stats.${arm}`)}</Table.Td>
                    <Table.Td>{formatNumber(s.control![arm].contacts)}</Table.Td>
                    <Table.Td>{formatNumber(s.control![arm].converted)}</Table.Td>
                    <Table.Td>{pct(s.control![arm].rate)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Text size="sm">
              {t('campaigns.stats.difference', { diff: pct(s.control.difference), low: pct(s.control.ci_low), high: pct(s.control.ci_high), p: s.control.p_value === null ? '—' : s.control.p_value.toFixed(3) })}
            </Text>
            <Anchor component={Link} to={s.control.report_path.replace(/^\/app/, '')} data-testid="open-lab-report">
              {t('campaigns.stats.openReport')}
            </Anchor>
          </>
        )}
        <CampaignTtfv id={id} withinDays={goalDays ?? 7} />
      </Stack>
    </Card>
  );
}
