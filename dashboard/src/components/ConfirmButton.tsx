import { useState, type ReactNode } from 'react';
import { ActionIcon, Button, Group, Popover, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A destructive action that asks once more, in place, before it runs. */
export function ConfirmButton({
  label,
  question,
  onConfirm,
  loading,
  icon,
}: {
  label: string;
  question: string;
  onConfirm: () => void;
  loading?: boolean;
  icon?: ReactNode;
}) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  return (
    <Popover opened={opened} onChange={setOpened} width={260} position="bottom-end" withArrow shadow="md">
      <Popover.Target>
        {icon ? (
          <Tooltip label={label}>
            <ActionIcon variant="subtle" color="red" aria-label={label} loading={loading} onClick={() => setOpened((o) => !o)}>
              {icon}
            </ActionIcon>
          </Tooltip>
        ) : (
          <Button variant="light" color="red" size="xs" loading={loading} onClick={() => setOpened((o) => !o)}>
            {label}
          </Button>
        )}
      </Popover.Target>
      <Popover.Dropdown>
        <Text size="sm" mb="sm">
          {question}
        </Text>
        <Group justify="flex-end" gap="xs">
          <Button size="xs" variant="default" onClick={() => setOpened(false)}>
            {t('common.cancel')}
          </Button>
          <Button
            size="xs"
            color="red"
            onClick={() => {
              setOpened(false);
              onConfirm();
            }}
          >
            {label}
          </Button>
        </Group>
      </Popover.Dropdown>
    </Popover>
  );
}
