import type { ReactElement, ReactNode } from 'react';
import { Box, Button, Group, Paper, SegmentedControl, Table, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ResponsiveContainer } from 'recharts';

/** The building blocks every insights report shares, so the pages look and behave alike. */

export function ReportHeader({ title, intro, children }: { title: string; intro: string; children: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-end">
      <div>
        <Title order={2}>{title}</Title>
        <Text size="sm" c="dimmed">
          {intro}
        </Text>
      </div>
      {children}
    </Group>
  );
}

export function PeriodControl<P extends string>({ periods, value, onChange, label }: { periods: readonly P[]; value: P; onChange: (p: P) => void; label: (p: P) => string }) {
  const { t } = useTranslation();
  return <SegmentedControl aria-label={t('reports.period')} value={value} onChange={(v) => onChange(v as P)} data={periods.map((p) => ({ value: p, label: label(p) }))} />;
}

export function CsvButton({ href, disabled }: { href: string; disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <Button component="a" href={href} variant="default" leftSection={<IconDownload size={16} />} disabled={disabled}>
      {t('reports.exportCsv')}
    </Button>
  );
}

export function EmptyNote({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <Text c="dimmed" ta="center" py="xl" data-testid={testId}>
      {children}
    </Text>
  );
}

export function ChartCard({ title, testId, height = 240, children }: { title: string; testId: string; height?: number; children: ReactElement }) {
  return (
    <Paper withBorder p="md" data-testid={testId}>
      <Text fw={600} size="sm" mb="xs">
        {title}
      </Text>
      <Box h={height}>
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </Box>
    </Paper>
  );
}

/** A metric's key (its header's and `data-metric`'s) and how a row shows it. */
export type MetricColumn<R> = readonly [key: string, cell: (row: R) => ReactNode];

/** A row per group: its label, then one cell per metric, each marked with `data-metric` for tests and tools. */
export function MetricTable<R>(props: {
  testId: string;
  minWidth: number;
  groupHeader: string;
  columns: readonly MetricColumn<R>[];
  header: (key: string) => string;
  rows: R[];
  rowKey: (row: R) => string;
  rowLabel: (row: R) => ReactNode;
  dataRow?: (row: R) => string;
}) {
  const { testId, minWidth, groupHeader, columns, header, rows, rowKey, rowLabel, dataRow } = props;
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{groupHeader}</Table.Th>
            {columns.map(([key]) => (
              <Table.Th key={key}>{header(key)}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={rowKey(r)} data-row={dataRow?.(r)}>
              <Table.Td>{rowLabel(r)}</Table.Td>
              {columns.map(([key, cell]) => (
                <Table.Td key={key} data-metric={key}>
                  {cell(r)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
