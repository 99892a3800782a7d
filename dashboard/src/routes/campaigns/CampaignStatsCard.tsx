import { Anchor, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useCampaignStats } from '../../api/campaigns.ts';
import { formatNumber } from '../../components/format.ts';

const pct = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${(n * 100).toFixed(1)}%`);

/** Funnel sent → seen → clicked/completed → goal, and receivers vs. control from the lab. */
export function CampaignStatsCard({ id }: { id: string }) {
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
      </Stack>
    </Card>
  );
}
