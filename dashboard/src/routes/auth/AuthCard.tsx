import type { ReactNode } from 'react';
import { Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { LanguageSwitcher } from '../../components/LanguageSwitcher.tsx';

/** The frame of every signed-out screen. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-default-hover)">
      <Stack w={400} maw="100%">
        <Group justify="space-between">
          <Text fw={800} size="xl" c="indigo">
            Baton
          </Text>
          <LanguageSwitcher />
        </Group>
        <Paper withBorder shadow="sm" p="xl" radius="md">
          <Title order={2} size="h3" mb="md">
            {title}
          </Title>
          {children}
        </Paper>
      </Stack>
    </Center>
  );
}
