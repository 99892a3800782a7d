import { useState } from 'react';
import { Kbd, Modal, NavLink, ScrollArea, Text, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatShortcut, type Command, type CommandContext } from './registry.ts';

/** A keyboard-first list of every command; arrows move, Enter runs. */
export function CommandPalette({
  opened,
  onClose,
  context,
  commands,
}: {
  opened: boolean;
  onClose: () => void;
  context: CommandContext;
  commands: Command[];
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const q = query.trim().toLowerCase();
  const matches = commands.filter((c) => !q || t(c.label).toLowerCase().includes(q));

  const close = () => {
    setQuery('');
    setActive(0);
    onClose();
  };
  const runAt = (i: number) => {
    const command = matches[i];
    if (!command) return;
    close();
    command.run(context);
  };

  return (
    <Modal opened={opened} onClose={close} withCloseButton={false} padding="xs" size="lg" yOffset="12vh">
      <TextInput
        data-autofocus
        leftSection={<IconSearch size={16} />}
        placeholder={t('commands.placeholder')}
        aria-label={t('commands.placeholder')}
        value={query}
        onChange={(e) => {
          setQuery(e.currentTarget.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, matches.length - 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          else if (e.key === 'Enter') runAt(active);
          else return;
          e.preventDefault();
        }}
        mb="xs"
      />
      <ScrollArea.Autosize mah="50vh">
        {matches.length === 0 && (
          <Text c="dimmed" size="sm" p="sm">
            {t('commands.nothing')}
          </Text>
        )}
        {matches.map((c, i) => (
          <NavLink
            key={c.id}
            active={i === active}
            label={t(c.label)}
            leftSection={<c.icon size={16} />}
            rightSection={c.shortcut ? <Kbd size="xs">{formatShortcut(c.shortcut)}</Kbd> : null}
            onMouseEnter={() => setActive(i)}
            onClick={() => runAt(i)}
          />
        ))}
      </ScrollArea.Autosize>
    </Modal>
  );
}
