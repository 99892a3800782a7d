import { Badge, Button, Card, Center, Code, Group, Loader, Stack, Text, ThemeIcon, Timeline as MTimeline, Title, Tooltip } from '@mantine/core';
import { IconBolt, IconDeviceMobile, IconFileText, IconMoodAngry } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { signalKindOfEvent } from '../../../../contracts/signal-events.ts';
import { useContactEvents } from '../../api/contacts.ts';
import type { StreamStatus } from '../../api/stream.ts';
import type { TimelineEvent } from '../../api/types.ts';
import { ErrorAlert } from '../../components/QueryState.tsx';
import { formatDateTime, formatRelative } from '../../components/format.ts';

const KIND_ICON = { track: IconBolt, page: IconFileText, screen: IconDeviceMobile } as const;

export function Timeline({ contactId, stream }: { contactId: string; stream: StreamStatus }) {
  const { t } = useTranslation();
  const query = useContactEvents(contactId);
  const events = query.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <Card withBorder padding="lg">
      <Group justify="space-between" mb="md">
        <Title order={3} size="h4">
          {t('timeline.title')}
        </Title>
        <Tooltip label={t(`timeline.stream.${stream}Help`)}>
          <Badge
            data-testid="stream-status"
            data-status={stream}
            variant="dot"
            color={stream === 'live' ? 'green' : stream === 'connecting' ? 'yellow' : 'gray'}
          >
            {t(`timeline.stream.${stream}`)}
          </Badge>
        </Tooltip>
      </Group>
      {query.isPending && (
        <Center py="lg">
          <Loader size="sm" aria-label={t('common.loading')} />
        </Center>
      )}
      {query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      {query.isSuccess && events.length === 0 && (
        <Text c="dimmed" size="sm">
          {t('timeline.empty')}
        </Text>
      )}
      <MTimeline bulletSize={28} lineWidth={2} data-testid="timeline">
        {events.map((e) => (
          <MTimeline.Item key={e.id} bullet={<KindIcon kind={e.kind} signal={!!signalKindOfEvent(e.name)} />} data-testid="timeline-event">
            <EventBody event={e} />
          </MTimeline.Item>
        ))}
      </MTimeline>
      {query.hasNextPage && (
        <Button
          variant="subtle"
          mt="md"
          fullWidth
          loading={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          {t('timeline.older')}
        </Button>
      )}
    </Card>
  );
}

function KindIcon({ kind, signal }: { kind: TimelineEvent['kind']; signal: boolean }) {
  const Icon = signal ? IconMoodAngry : KIND_ICON[kind];
  return (
    <ThemeIcon size={28} radius="xl" variant="light" color={signal ? 'red' : kind === 'track' ? 'indigo' : 'teal'}>
      <Icon size={15} />
    </ThemeIcon>
  );
}

function EventBody({ event }: { event: TimelineEvent }) {
  const { t } = useTranslation();
  const title =
    event.kind === 'track'
      ? event.name
      : event.title || event.name || event.url || t(`timeline.kinds.${event.kind}`);
  const props = Object.entries(event.properties ?? {});
  const signal = event.kind === 'track' ? signalKindOfEvent(event.name) : undefined;
  return (
    <Stack gap={4}>
      <Group gap="xs" justify="space-between" wrap="nowrap">
        <Text fw={600} size="sm" data-testid="timeline-event-name" truncate>
          {title}
        </Text>
        <Tooltip label={formatDateTime(event.occurred_at)}>
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {formatRelative(event.occurred_at)}
          </Text>
        </Tooltip>
      </Group>
      <Text size="xs" c="dimmed">
        {signal ? t('signals.timeline', { kind: t(`signals.kinds.${signal}`) }) : t(`timeline.kinds.${event.kind}`)}
        {event.url && event.kind !== 'track' ? ` · ${event.url}` : ''}
      </Text>
      {props.length > 0 && (
        <Code block fz="xs" style={{ maxHeight: 160, overflow: 'auto' }}>
          {props.map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('\n')}
        </Code>
      )}
    </Stack>
  );
}
