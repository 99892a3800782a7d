import { useEffect, useRef, type ReactNode } from 'react';
import { Button, Center, Loader, Table, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';

export interface Column<T> {
  key: string;
  header: ReactNode;
  width?: number | string;
  render: (row: T) => ReactNode;
}

interface Props<T> {
  /** Below this width the table scrolls sideways instead of squeezing its columns to nothing. */
  minWidth?: number;
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  onRowClick?: (row: T) => void;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
  empty: ReactNode;
  testId?: string;
}

const ROW_HEIGHT = 44;

/**
 * Renders only the rows in view, so a list that has paged through thousands of records stays as
 * light as one page; reaching the end asks for the next cursor page.
 */
export function VirtualTable<T>({ rows, columns, rowKey, onRowClick, hasMore, loadingMore, loadMore, empty, testId, minWidth = 860 }: Props<T>) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1]!.index : -1;

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - 10) loadMore();
  }, [lastIndex, rows.length, hasMore, loadingMore, loadMore]);

  const paddingTop = items.length ? items[0]!.start : 0;
  const paddingBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;

  return (
    <div ref={scrollRef} style={{ flex: 1, minHeight: 0, overflow: 'auto' }} data-testid={testId}>
      <Table stickyHeader highlightOnHover layout="fixed" verticalSpacing={0} miw={minWidth}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c.key} w={c.width}>
                {c.header}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {paddingTop > 0 && (
            <tr aria-hidden>
              <td colSpan={columns.length} style={{ height: paddingTop, padding: 0 }} />
            </tr>
          )}
          {items.map((item) => {
            const row = rows[item.index]!;
            return (
              <Table.Tr
                key={rowKey(row)}
                h={ROW_HEIGHT}
                style={{ cursor: onRowClick ? 'pointer' : undefined }}
                onClick={onRowClick ? () => onRowClick(row) : undefined}
              >
                {columns.map((c) => (
                  <Table.Td key={c.key} style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
                    {c.render(row)}
                  </Table.Td>
                ))}
              </Table.Tr>
            );
          })}
          {paddingBottom > 0 && (
            <tr aria-hidden>
              <td colSpan={columns.length} style={{ height: paddingBottom, padding: 0 }} />
            </tr>
          )}
        </Table.Tbody>
      </Table>
      {rows.length === 0 && !loadingMore && (
        <Text c="dimmed" ta="center" py="xl" component="div">
          {empty}
        </Text>
      )}
      {(hasMore || loadingMore) && (
        <Center py="sm">
          {loadingMore ? (
            <Loader size="sm" aria-label={t('common.loading')} />
          ) : (
            <Button variant="subtle" size="xs" onClick={loadMore}>
              {t('common.loadMore')}
            </Button>
          )}
        </Center>
      )}
    </div>
  );
}
