import { Badge, Card, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { SIGNAL_KINDS } from '../../../../contracts/signal-events.ts';
import { useContactSignals } from '../../api/signals.ts';
import { formatDateTime, formatRelative } from '../../components/format.ts';

/** The contact's frustration signals of the last days: what may have made them write. */
export function SignalsCard({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const signals = useContactSignals(contactId);
  const s = signals.data;
  if (!s || s.recent.length === 0) return null;
  return (
    <Card withBorder padding="sm" data-testid="thread-signals">
      <Title order={4} size="h6" mb={6}>
        {t('signals.inbox.title', { days: s.days })}
      </Title>
      <Group gap={4} mb={6}>
        {SIGNAL_KINDS.filter((k) => s.counts[k] > 0).map((k) => (
          <Badge key={k} color="red" variant="light" data-testid={`thread-signal-count-${k}`}>
            {t(`signals.kinds.${k}`)} · {s.counts[k]}
          </Badge>
        ))}
      </Group>
      <Stack gap={4}>
        {s.recent.map((r, i) => (
          <div key={i} data-testid="thread-signal">
            <Group gap={4} justify="space-between" wrap="nowrap">
              <Text size="xs" fw={600}>
                {t(`signals.kinds.${r.kind}`)}
              </Text>
              <Tooltip label={formatDateTime(r.occurred_at)}>
                <Text size="xs" c="dimmed">
                  {formatRelative(r.occurred_at)}
                </Text>
              </Tooltip>
            </Group>
            <Text size="xs" c="dimmed" truncate>
              {[r.path, r.detail].filter(Boolean).join(' · ')}
            </Text>
          </div>
        ))}
      </Stack>
    </Card>
  );
}
