import { lazy, Suspense, useState } from 'react';
import { Button, Card, Modal, Text } from '@mantine/core';
import { IconPlayerPlay } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useConversationReplay } from '../../api/replay.ts';
import { PageLoader } from '../../components/PageLoader.tsx';
import { formatDateTime } from '../../components/format.ts';

// rrweb's player is large: loaded only when an agent opens a replay.
const ReplayPlayer = lazy(() => import('./ReplayPlayer.tsx'));

/** The link to what the contact did on the page in the minutes before writing, when it was recorded. */
export function ReplayCard({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const replay = useConversationReplay(conversationId);
  const [open, setOpen] = useState(false);
  const r = replay.data;
  if (!r?.available) return null;
  return (
    <Card withBorder padding="sm" data-testid="thread-replay">
      <Button
        variant="light"
        fullWidth
        h="auto"
        py={6}
        styles={{ label: { whiteSpace: 'normal', textAlign: 'start' } }}
        leftSection={<IconPlayerPlay size={16} />}
        onClick={() => setOpen(true)}
        data-testid="replay-open"
      >
        {t('replay.inbox.open', { minutes: r.minutes })}
      </Button>
      {r.started_at && (
        <Text size="xs" c="dimmed" mt={4}>
          {t('replay.inbox.recorded', { at: formatDateTime(r.started_at) })}
        </Text>
      )}
      <Modal opened={open} onClose={() => setOpen(false)} size="xl" title={t('replay.player.title')}>
        <Suspense fallback={<PageLoader />}>{open && <ReplayPlayer conversationId={conversationId} />}</Suspense>
      </Modal>
    </Card>
  );
}
