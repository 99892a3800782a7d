import type { ReactNode } from 'react';
import { Table, Text } from '@mantine/core';

/** A settings list as a table of one row per item, or a dimmed note when there is none. */
export function SettingsTable<T>({ items, empty, head, children }: { items: T[]; empty: string; head?: ReactNode; children: (item: T) => ReactNode }) {
  if (items.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  }
  return (
    <Table>
      {head && (
        <Table.Thead>
          <Table.Tr>{head}</Table.Tr>
        </Table.Thead>
      )}
      <Table.Tbody>{items.map(children)}</Table.Tbody>
    </Table>
  );
}
