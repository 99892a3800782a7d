import { Select } from '@mantine/core';
import { IconChartPie } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSegments } from '../api/segments.ts';
import type { SegmentTarget } from '../api/types.ts';
import { useListParams } from './ListToolbar.tsx';

/** Narrows a list to one saved segment; the choice lives in the URL (`?segment=`) like the other list state. */
export function SegmentFilter({ target }: { target: SegmentTarget }) {
  const { t } = useTranslation();
  const list = useListParams();
  const segments = useSegments();
  const options = (segments.data ?? []).filter((s) => s.target === target).map((s) => ({ value: s.id, label: s.name }));
  const value = list.get('segment');
  if (options.length === 0 && !value) return null;
  return (
    <Select
      aria-label={t('segments.filterLabel')}
      placeholder={t('segments.filterAll')}
      leftSection={<IconChartPie size={14} />}
      w={200}
      clearable
      searchable
      data={options}
      value={value}
      onChange={(v) => list.set({ segment: v })}
    />
  );
}
