import { Group, Kbd, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { SHORTCUTS } from './keys.ts';

/** The help overlay (`?`): every Inbox shortcut. */
export function ShortcutsHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('inbox.keys.title')} data-testid="shortcuts-help">
      <Stack gap={6}>
        {SHORTCUTS.map((s) => (
          <Group key={s.keys} justify="space-between">
            <Text size="sm">{t(s.label)}</Text>
            <Kbd>{s.keys}</Kbd>
          </Group>
        ))}
      </Stack>
    </Modal>
  );
}
