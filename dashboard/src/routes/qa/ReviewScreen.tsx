import { useState } from 'react';
import { Alert, Badge, Button, Grid, Group, Paper, Radio, Stack, Text, Textarea, Title, Typography } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useSignedInMe } from '../../api/auth.ts';
import { describeError, fieldErrors } from '../../api/errors.ts';
import { useReview, useSubmitReview } from '../../api/qa.ts';
import type { ReviewDetail } from '../../api/types.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDateTime } from '../../components/format.ts';
import { formatScore } from './ReviewTable.tsx';

/** One review: the thread with comments on its messages beside the scorecard's criteria. */
export default function ReviewScreen() {
  const { id } = useParams<{ id: string }>();
  const review = useReview(id!);
  return <QueryState query={review}>{(r) => <ReviewForm key={`${r.id}:${r.completed_at ?? ''}`} review={r} />}</QueryState>;
}

function ReviewForm({ review }: { review: ReviewDetail }) {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const submit = useSubmitReview();
  const editable = review.reviewer_id === me.agent.id;
  const [scores, setScores] = useState<Record<string, number>>(review.scores);
  const [comment, setComment] = useState(review.comment);
  const [notes, setNotes] = useState<Record<string, string>>(Object.fromEntries(review.message_comments.map((c) => [c.message_id, c.body])));
  const [open, setOpen] = useState<Set<string>>(new Set());
  const errors = fieldErrors(submit.error);
  const complete = review.scorecard.criteria.every((c) => scores[c.id] !== undefined);
  const save = () =>
    submit.mutate({
      id: review.id,
      body: {
        scores,
        comment,
        message_comments: Object.entries(notes)
          .filter(([, body]) => body.trim() !== '')
          .map(([message_id, body]) => ({ message_id, body })),
      },
    });
  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack gap="sm" data-testid="qa-thread">
          <Group justify="space-between">
            <Title order={4}>{t('qa.review.thread', { name: review.agent_name })}</Title>
            <Badge variant="light">{t(`qa.sources.${review.source}`)}</Badge>
          </Group>
          {review.messages.map((m) => (
            <Paper key={m.id} withBorder p="sm" bg={m.author_type === 'contact' ? undefined : 'var(--mantine-color-blue-light)'} data-message-id={m.id}>
              <Group justify="space-between" mb={4}>
                <Text size="xs" fw={600}>
                  {m.author_type === 'contact' ? t('inbox.customer') : (m.author_name ?? t('inbox.bot'))}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatDateTime(m.created_at)}
                </Text>
              </Group>
              <Typography fz="sm">
                {/* body_html is rendered and sanitized by the server (markdown-it + sanitize-html). */}
                <div dangerouslySetInnerHTML={{ __html: m.body_html }} />
              </Typography>
              {editable && (open.has(m.id) || notes[m.id]) ? (
                <Textarea
                  mt="xs"
                  label={t('qa.review.messageComment')}
                  autosize
                  minRows={2}
                  value={notes[m.id] ?? ''}
                  onChange={(e) => setNotes({ ...notes, [m.id]: e.currentTarget.value })}
                />
              ) : editable ? (
                <Button variant="subtle" size="compact-xs" mt={4} onClick={() => setOpen(new Set([...open, m.id]))}>
                  {t('qa.review.addComment')}
                </Button>
              ) : (
                notes[m.id] && (
                  <Alert mt="xs" color="yellow" p="xs" title={t('qa.review.reviewerSays', { name: review.reviewer_name })} data-testid="qa-message-comment">
                    {notes[m.id]}
                  </Alert>
                )
              )}
            </Paper>
          ))}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Title order={4}>{review.scorecard.name}</Title>
            <Text size="sm" c="dimmed">
              {t('qa.review.by', { name: review.reviewer_name })}
            </Text>
            {review.scorecard.criteria.map((c) => (
              <Radio.Group
                key={c.id}
                label={c.label}
                description={t('qa.review.weight', { weight: c.weight, scale: c.scale })}
                value={scores[c.id] === undefined ? null : String(scores[c.id])}
                onChange={(v) => setScores({ ...scores, [c.id]: Number(v) })}
                error={errors[`scores.${c.id}`]}
                readOnly={!editable}
              >
                <Group gap="sm" mt={4}>
                  {Array.from({ length: c.scale }, (_, i) => String(i + 1)).map((p) => (
                    <Radio key={p} value={p} label={p} disabled={!editable && String(scores[c.id]) !== p} />
                  ))}
                </Group>
              </Radio.Group>
            ))}
            <Textarea label={t('qa.review.comment')} autosize minRows={3} value={comment} onChange={(e) => setComment(e.currentTarget.value)} readOnly={!editable} />
            {review.status === 'done' && (
              <Text fw={700} data-testid="qa-review-score">
                {t('qa.review.score', { score: formatScore(review.score) })}
              </Text>
            )}
            {submit.isError && <Alert color="red">{describeError(submit.error, t).message}</Alert>}
            {editable && (
              <Button onClick={save} disabled={!complete} loading={submit.isPending}>
                {review.status === 'done' ? t('qa.review.update') : t('qa.review.submit')}
              </Button>
            )}
          </Stack>
        </Paper>
      </Grid.Col>
    </Grid>
  );
}
