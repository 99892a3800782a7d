import { useState, type FormEvent } from 'react';
import { Button, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { describeError, fieldErrors } from '../../api/errors.ts';
import { useCreateReview, useReviews, useScorecards } from '../../api/qa.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { ReviewTable } from './ReviewTable.tsx';

/** A conversation's id, from the id itself or from an Inbox link to it. */
const conversationIdOf = (text: string) => text.trim().match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i)?.[0] ?? text.trim();

/** "My reviews to do", the ones I did, and "review this conversation". */
export default function ReviewQueue() {
  const { t } = useTranslation();
  const pending = useReviews({ reviewer: 'me', status: 'pending' });
  const done = useReviews({ reviewer: 'me', status: 'done' });
  return (
    <Stack>
      <Title order={4}>{t('qa.queue.todo')}</Title>
      <QueryState query={pending}>{(list) => <ReviewTable reviews={list.data} testId="qa-todo" />}</QueryState>
      <ReviewThis />
      <Title order={4}>{t('qa.queue.done')}</Title>
      <QueryState query={done}>{(list) => <ReviewTable reviews={list.data} testId="qa-done" />}</QueryState>
    </Stack>
  );
}

function ReviewThis() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const scorecards = useScorecards();
  const create = useCreateReview();
  const [params] = useSearchParams();
  const [conversation, setConversation] = useState(params.get('conversation') ?? '');
  const [scorecardId, setScorecardId] = useState<string | null>(null);
  const cards = scorecards.data?.data ?? [];
  const chosen = scorecardId ?? cards[0]?.id ?? null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    create.mutate({ conversation_id: conversationIdOf(conversation), scorecard_id: chosen }, { onSuccess: (r) => navigate(`/qa/reviews/${r.data[0]!.id}`) });
  };
  const errors = fieldErrors(create.error);
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit}>
        <Text fw={600} size="sm" mb="xs">
          {t('qa.queue.reviewThis')}
        </Text>
        <Group align="flex-start">
          <TextInput
            label={t('qa.queue.conversation')}
            description={t('qa.queue.conversationHelp')}
            required
            value={conversation}
            onChange={(e) => setConversation(e.currentTarget.value)}
            error={errors.conversation_id ?? errors['reviewer_ids.0'] ?? (create.isError && !Object.keys(errors).length ? describeError(create.error, t).message : undefined)}
            style={{ flex: 1 }}
          />
          <Select label={t('qa.reviews.scorecard')} value={chosen} onChange={setScorecardId} data={cards.map((c) => ({ value: c.id, label: c.name }))} w={220} />
          <Button type="submit" mt={24} loading={create.isPending} disabled={!chosen}>
            {t('qa.queue.start')}
          </Button>
        </Group>
        {cards.length === 0 && scorecards.isSuccess && (
          <Text size="xs" c="dimmed" mt="xs">
            {t('qa.queue.noScorecard')}
          </Text>
        )}
      </form>
    </Paper>
  );
}
