import { useState } from 'react';
import { ActionIcon, Anchor, Badge, Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useConversationFeedback, useFeedbackItems, useLinkConversation, useUnlinkConversation } from '../../api/feedback.ts';
import { KIND_COLOR } from '../feedback/labels.ts';

/** The conversation's feedback items, the ones it resembles (one click to link), and a picker for any other. */
export function FeedbackCard({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const feedback = useConversationFeedback(conversationId);
  const items = useFeedbackItems('recent');
  const link = useLinkConversation(conversationId);
  const unlink = useUnlinkConversation(conversationId);
  const [picked, setPicked] = useState<string | null>(null);
  const f = feedback.data;
  if (!f) return null;
  const linkedIds = new Set(f.linked.map((i) => i.id));
  const choices = (items.data ?? []).filter((i) => !linkedIds.has(i.id)).map((i) => ({ value: i.id, label: i.title }));
  return (
    <Card withBorder padding="sm" data-testid="thread-feedback">
      <Title order={4} size="h6" mb={6}>
        {t('feedback.inbox.title')}
      </Title>
      <Stack gap={6}>
        {f.linked.map((i) => (
          <Group key={i.id} gap={4} wrap="nowrap" justify="space-between" data-testid="thread-feedback-linked">
            <Group gap={4} wrap="nowrap">
              <Badge size="xs" color={KIND_COLOR[i.kind]} variant="light">
                {t(`feedback.kinds.${i.kind}`)}
              </Badge>
              <Anchor component={Link} to={`/feedback/${i.id}`} size="sm">
                {i.title}
              </Anchor>
            </Group>
            <ActionIcon size="sm" variant="subtle" aria-label={t('feedback.inbox.unlink')} onClick={() => unlink.mutate(i.id)}>
              <IconX size={14} />
            </ActionIcon>
          </Group>
        ))}
        {f.suggested.map((i) => (
          <Group key={i.id} gap={4} wrap="nowrap" justify="space-between" data-testid="thread-feedback-suggested">
            <Text size="sm" c="dimmed" truncate>
              {t('feedback.inbox.suggested')}: {i.title}
            </Text>
            <Button size="compact-xs" variant="light" onClick={() => link.mutate({ itemId: i.id, source: 'suggestion' })}>
              {t('feedback.inbox.link')}
            </Button>
          </Group>
        ))}
        <Group gap={4} wrap="nowrap">
          <Select
            size="xs"
            placeholder={t('feedback.inbox.pick')}
            aria-label={t('feedback.inbox.pick')}
            data={choices}
            value={picked}
            onChange={setPicked}
            searchable
            style={{ flex: 1 }}
          />
          <Button
            size="xs"
            disabled={!picked}
            loading={link.isPending}
            onClick={() => picked && link.mutate({ itemId: picked, source: 'agent' }, { onSuccess: () => setPicked(null) })}
          >
            {t('feedback.inbox.link')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
