import { ActionIcon, Group } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** Move up, move down and remove for one entry of an edited list (steps, items, questions). */
export function ListControls({ index, count, what, onMove, onRemove, min = 1 }: { index: number; count: number; what: string; onMove: (by: number) => void; onRemove: () => void; min?: number }) {
  const { t } = useTranslation();
  const n = String(index + 1);
  return (
    <Group gap={4}>
      <ActionIcon variant="subtle" aria-label={t('builder.moveUp', { what, n })} disabled={index === 0} onClick={() => onMove(-1)}>
        <IconArrowUp size={16} />
      </ActionIcon>
      <ActionIcon variant="subtle" aria-label={t('builder.moveDown', { what, n })} disabled={index === count - 1} onClick={() => onMove(1)}>
        <IconArrowDown size={16} />
      </ActionIcon>
      <ActionIcon variant="subtle" color="red" aria-label={t('builder.remove', { what, n })} disabled={count <= min} onClick={onRemove}>
        <IconTrash size={16} />
      </ActionIcon>
    </Group>
  );
}
