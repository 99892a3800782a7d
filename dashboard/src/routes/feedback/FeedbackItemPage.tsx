import { Anchor, Badge, Box, Group, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useFeedbackItem, useLinkedConversations, useUpdateFeedbackItem } from '../../api/feedback.ts';
import type { FeedbackItemDetail, FeedbackStatus } from '../../api/types.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDate, formatDateTime, formatNumber } from '../../components/format.ts';
import { formatArr, KIND_COLOR, STATUSES } from './labels.ts';
import { NotifyPanel } from './NotifyPanel.tsx';

function Numbers({ item }: { item: FeedbackItemDetail }) {
  const { t } = useTranslation();
  const cells: [string, string][] = [
    ['contacts', formatNumber(item.contacts)],
    ['companies', formatNumber(item.companies)],
    ['arr', formatArr(item.arr)],
    ['conversations', formatNumber(item.conversations)],
  ];
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} data-testid="feedback-numbers">
      {cells.map(([key, value]) => (
        <Paper key={key} withBorder p="sm" data-metric={key}>
          <Text size="xs" c="dimmed">
            {t(`feedback.numbers.${key}`)}
          </Text>
          <Text fw={700} size="xl">
            {value}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

function Trend({ item }: { item: FeedbackItemDetail }) {
  const { t } = useTranslation();
  const data = item.trend.map((w) => ({ week: formatDate(`${w.week}T00:00:00Z`), conversations: w.conversations }));
  return (
    <Paper withBorder p="md" data-testid="chart-feedback-trend">
      <Text fw={600} size="sm" mb="xs">
        {t('feedback.trend')}
      </Text>
      <Box h={220}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="week" tick={{ fontSize: 11 }} />
            <YAxis tick={{ fontSize: 11 }} width={36} allowDecimals={false} />
            <Tooltip />
            <Bar dataKey="conversations" name={t('feedback.numbers.conversations')} fill="var(--mantine-color-indigo-6)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </Box>
    </Paper>
  );
}

function PlanMix({ item }: { item: FeedbackItemDetail }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md">
      <Text fw={600} size="sm" mb="xs">
        {t('feedback.planMix')}
      </Text>
      <Table data-testid="feedback-plan-mix">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('feedback.plan')}</Table.Th>
            <Table.Th ta="right">{t('feedback.numbers.companies')}</Table.Th>
            <Table.Th ta="right">{t('feedback.numbers.arr')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {item.plan_mix.map((p) => (
            <Table.Tr key={p.plan ?? ''}>
              <Table.Td>{p.plan ?? t('feedback.noPlan')}</Table.Td>
              <Table.Td ta="right">{formatNumber(p.companies)}</Table.Td>
              <Table.Td ta="right">{formatArr(p.arr)}</Table.Td>
            </Table.Tr>
          ))}
          {item.contacts_without_company > 0 && (
            <Table.Tr>
              <Table.Td c="dimmed">{t('feedback.withoutCompany', { n: item.contacts_without_company })}</Table.Td>
              <Table.Td />
              <Table.Td />
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function Conversations({ id }: { id: string }) {
  const { t } = useTranslation();
  const linked = useLinkedConversations(id);
  return (
    <Paper withBorder p="md">
      <Text fw={600} size="sm" mb="xs">
        {t('feedback.linkedConversations')}
      </Text>
      <QueryState query={linked}>
        {(rows) => (
          <Table data-testid="feedback-conversations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('feedback.customer')}</Table.Th>
                <Table.Th>{t('feedback.channel')}</Table.Th>
                <Table.Th>{t('feedback.started')}</Table.Th>
                <Table.Th>{t('feedback.linkedBy')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.conversation_id} data-testid="feedback-conversation">
                  <Table.Td>
                    <Anchor component={Link} to={`/inbox/${r.conversation_id}`}>
                      {r.contact_name ?? r.contact_email ?? t('feedback.anonymous')}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{r.channel}</Table.Td>
                  <Table.Td>{formatDateTime(r.created_at)}</Table.Td>
                  <Table.Td>{t(`feedback.sources.${r.source}`)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
    </Paper>
  );
}

/** One feedback item: who it affects and what they are worth, how it trends, and closing the loop when it ships. */
export default function FeedbackItemPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const item = useFeedbackItem(id);
  const update = useUpdateFeedbackItem(id);
  return (
    <QueryState query={item}>
      {(it) => (
        <Stack>
          <Anchor component={Link} to="/feedback" size="sm">
            {t('feedback.back')}
          </Anchor>
          <Group justify="space-between" align="flex-start">
            <Stack gap={4}>
              <Title order={2}>{it.title}</Title>
              <Group gap="xs">
                <Badge color={KIND_COLOR[it.kind]} variant="light">
                  {t(`feedback.kinds.${it.kind}`)}
                </Badge>
                {it.shipped_at && <Text size="sm" c="dimmed">{t('feedback.shippedOn', { date: formatDate(it.shipped_at) })}</Text>}
              </Group>
              {it.description && <Text size="sm">{it.description}</Text>}
            </Stack>
            <Select
              label={t('feedback.status')}
              data={STATUSES.map((s) => ({ value: s, label: t(`feedback.statuses.${s}`) }))}
              value={it.status}
              onChange={(v) => v && update.mutate({ status: v as FeedbackStatus })}
              allowDeselect={false}
              disabled={update.isPending}
              w={200}
            />
          </Group>
          <Numbers item={it} />
          {it.status === 'shipped' && <NotifyPanel item={it} />}
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <Trend item={it} />
            <PlanMix item={it} />
          </SimpleGrid>
          <Conversations id={it.id} />
        </Stack>
      )}
    </QueryState>
  );
}
