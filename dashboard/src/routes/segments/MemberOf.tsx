import { Anchor, Card, Group, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMemberSegments } from '../../api/segments.ts';

/** A profile card: the segments this contact or company is in. */
export function MemberOf({ kind, id }: { kind: 'contacts' | 'companies'; id: string }) {
  const { t } = useTranslation();
  const segments = useMemberSegments(kind, id);
  return (
    <Card withBorder padding="lg">
      <Title order={3} size="h5" mb="sm">
        {t('segments.title')}
      </Title>
      {segments.data?.length ? (
        <Group gap="xs" data-testid="member-of">
          {segments.data.map((s) => (
            <Anchor key={s.id} component={Link} to={`/segments/${s.id}`} size="sm">
              {s.name}
            </Anchor>
          ))}
        </Group>
      ) : (
        <Text size="sm" c="dimmed">
          {segments.isPending ? t('common.loading') : t('segments.inNone')}
        </Text>
      )}
    </Card>
  );
}
