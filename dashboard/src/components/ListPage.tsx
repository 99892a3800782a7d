import type { ReactNode } from 'react';
import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { QueryState } from './QueryState.tsx';

/** A page of saved things: title, what they are for, a "new" button, and the list or a first-use hint. */
export function ListPage<T>({
  title,
  intro,
  newLabel,
  newPath,
  empty,
  query,
  children,
}: {
  title: string;
  intro: string;
  newLabel: string;
  newPath: string;
  empty: string;
  query: UseQueryResult<T[]>;
  children: (items: T[]) => ReactNode;
}) {
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <div>
          <Title order={2}>{title}</Title>
          <Text size="sm" c="dimmed">
            {intro}
          </Text>
        </div>
        <Button component={Link} to={newPath} leftSection={<IconPlus size={16} />}>
          {newLabel}
        </Button>
      </Group>
      <QueryState query={query}>
        {(items) =>
          items.length === 0 ? (
            <Text c="dimmed" ta="center" py="xl">
              {empty}
            </Text>
          ) : (
            children(items)
          )
        }
      </QueryState>
    </Stack>
  );
}
