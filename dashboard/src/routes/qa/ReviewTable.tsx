import { Anchor, Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Review } from '../../api/types.ts';
import { formatDateTime } from '../../components/format.ts';

export const formatScore = (score: number | null) => (score === null ? '—' : score.toFixed(1));

/** Reviews in a table, each opening its review screen. */
export function ReviewTable({ reviews, testId }: { reviews: Review[]; testId: string }) {
  const { t } = useTranslation();
  if (reviews.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid={testId}>
        {t('qa.reviews.empty')}
      </Text>
    );
  }
  return (
    <Table data-testid={testId}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('qa.reviews.agent')}</Table.Th>
          <Table.Th>{t('qa.reviews.reviewer')}</Table.Th>
          <Table.Th>{t('qa.reviews.scorecard')}</Table.Th>
          <Table.Th>{t('qa.reviews.source')}</Table.Th>
          <Table.Th>{t('qa.reviews.score')}</Table.Th>
          <Table.Th>{t('qa.reviews.when')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {reviews.map((r) => (
          <Table.Tr key={r.id} data-review-id={r.id}>
            <Table.Td>
              <Anchor component={Link} to={`/qa/reviews/${r.id}`}>
                {r.agent_name}
              </Anchor>
            </Table.Td>
            <Table.Td>{r.reviewer_name}</Table.Td>
            <Table.Td>{r.scorecard_name}</Table.Td>
            <Table.Td>
              <Badge variant="light" color={r.source === 'sample' ? 'blue' : 'gray'}>
                {t(`qa.sources.${r.source}`)}
              </Badge>
            </Table.Td>
            <Table.Td data-metric="score">{r.status === 'done' ? formatScore(r.score) : t('qa.reviews.pending')}</Table.Td>
            <Table.Td>{formatDateTime(r.completed_at ?? r.created_at)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
