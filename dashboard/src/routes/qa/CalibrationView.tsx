import { useState, type FormEvent } from 'react';
import { Anchor, Badge, Button, Group, MultiSelect, Paper, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { describeError, fieldErrors } from '../../api/errors.ts';
import { useCalibration, useCreateReview, useScorecards } from '../../api/qa.ts';
import { useTeam } from '../../api/settings.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { formatScore } from './ReviewTable.tsx';

/** Several reviewers on one conversation: assign them, then see how far apart their scores are. */
export default function CalibrationView() {
  const { t } = useTranslation();
  const calibration = useCalibration();
  return (
    <Stack>
      <AssignReviewers />
      <Text size="sm" c="dimmed">
        {t('qa.calibration.definition')}
      </Text>
      <QueryState query={calibration}>
        {(c) =>
          c.data.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('qa.calibration.empty')}
            </Text>
          ) : (
            <Table data-testid="qa-calibration">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('qa.reviews.agent')}</Table.Th>
                  <Table.Th>{t('qa.reviews.scorecard')}</Table.Th>
                  <Table.Th>{t('qa.calibration.reviews')}</Table.Th>
                  <Table.Th>{t('qa.calibration.difference')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {c.data.map((row) => (
                  <Table.Tr key={`${row.scorecard_id}:${row.conversation_id}`}>
                    <Table.Td>{row.agent_name}</Table.Td>
                    <Table.Td>{row.scorecard_name}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {row.reviews.map((r) => (
                          <Anchor key={r.review_id} component={Link} to={`/qa/reviews/${r.review_id}`} size="sm">
                            {r.reviewer_name}: {formatScore(r.score)}
                          </Anchor>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={row.score_difference <= 10 ? 'green' : row.score_difference <= 25 ? 'yellow' : 'red'} variant="light">
                        {formatScore(row.score_difference)}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
    </Stack>
  );
}

function AssignReviewers() {
  const { t } = useTranslation();
  const team = useTeam();
  const scorecards = useScorecards();
  const create = useCreateReview();
  const [conversation, setConversation] = useState('');
  const [reviewers, setReviewers] = useState<string[]>([]);
  const [scorecardId, setScorecardId] = useState<string | null>(null);
  const cards = scorecards.data?.data ?? [];
  const chosen = scorecardId ?? cards[0]?.id ?? null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    create.mutate({ conversation_id: conversation.trim(), scorecard_id: chosen, reviewer_ids: reviewers }, { onSuccess: () => setReviewers([]) });
  };
  const errors = fieldErrors(create.error);
  const fieldError = Object.entries(errors).find(([k]) => k.startsWith('reviewer_ids'))?.[1];
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit}>
        <Text fw={600} size="sm" mb="xs">
          {t('qa.calibration.assign')}
        </Text>
        <Group align="flex-start">
          <TextInput label={t('qa.queue.conversation')} required value={conversation} onChange={(e) => setConversation(e.currentTarget.value)} error={errors.conversation_id} style={{ flex: 1 }} />
          <Select label={t('qa.reviews.scorecard')} value={chosen} onChange={setScorecardId} data={cards.map((c) => ({ value: c.id, label: c.name }))} w={200} />
          <MultiSelect
            label={t('qa.calibration.reviewers')}
            value={reviewers}
            onChange={setReviewers}
            data={(team.data?.members ?? []).map((m) => ({ value: m.agentId, label: m.name }))}
            error={fieldError}
            w={260}
          />
          <Button type="submit" mt={24} loading={create.isPending} disabled={!chosen || reviewers.length === 0}>
            {t('qa.calibration.assignButton')}
          </Button>
        </Group>
        {create.isError && !Object.keys(errors).length && (
          <Text size="sm" c="red" mt="xs">
            {describeError(create.error, t).message}
          </Text>
        )}
        {create.isSuccess && (
          <Text size="sm" c="green" mt="xs">
            {t('qa.calibration.assigned', { count: create.data.data.length })}
          </Text>
        )}
      </form>
    </Paper>
  );
}
