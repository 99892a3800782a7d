import { useEffect, useRef, useState } from 'react';
import { ActionIcon, Group, Select, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconSortAscending, IconSortDescending } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { Filter } from '../api/types.ts';
import { FilterBuilder } from './FilterBuilder.tsx';
import { parseFilters, type FieldOption } from '../routes/contacts/fields.ts';

/** List state lives in the URL, so a filtered view can be shared and survives "back". */
export function useListParams() {
  const [params, setParams] = useSearchParams();
  const set = (patch: Record<string, string | null>) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        for (const [k, v] of Object.entries(patch)) {
          if (v === null || v === '') next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace: true },
    );
  return {
    q: params.get('q') ?? '',
    filter: parseFilters(params.get('filter')),
    sort: params.get('sort') ?? 'created_at',
    order: (params.get('order') === 'asc' ? 'asc' : 'desc') as 'asc' | 'desc',
    get: (key: string) => params.get(key),
    set,
  };
}

interface Props {
  fields: FieldOption[];
  sorts: FieldOption[];
  searchPlaceholder: string;
  children?: React.ReactNode;
}

export function ListToolbar({ fields, sorts, searchPlaceholder, children }: Props) {
  const { t } = useTranslation();
  const list = useListParams();
  const [search, setSearch] = useState(list.q);
  const [debounced] = useDebouncedValue(search, 250);
  const inputRef = useRef<HTMLInputElement>(null);
  const focus = list.get('focus');

  useEffect(() => {
    if (debounced !== list.q) list.set({ q: debounced });
    // Only the debounced text drives the URL; list.set is a fresh function every render.
  }, [debounced]);

  useEffect(() => {
    if (focus === 'search') {
      inputRef.current?.focus();
      list.set({ focus: null });
    }
  }, [focus]);

  const label = (f: FieldOption) => (f.custom ? f.label : t(f.label));
  return (
    <Group gap="xs" wrap="wrap">
      <TextInput
        ref={inputRef}
        data-search-input
        leftSection={<IconSearch size={14} />}
        placeholder={searchPlaceholder}
        aria-label={searchPlaceholder}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        w={260}
      />
      {children}
      <FilterBuilder fields={fields} value={list.filter} onChange={(f: Filter[]) => list.set({ filter: f.length ? JSON.stringify(f) : null })} />
      <Group gap={4} ml="auto" wrap="nowrap">
        <Select
          aria-label={t('list.sortBy')}
          w={190}
          allowDeselect={false}
          data={sorts.map((s) => ({ value: s.value, label: `${t('list.sortBy')}: ${label(s)}` }))}
          value={list.sort}
          onChange={(v) => list.set({ sort: v })}
        />
        <Tooltip label={list.order === 'asc' ? t('list.ascending') : t('list.descending')}>
          <ActionIcon
            variant="default"
            size="lg"
            aria-label={list.order === 'asc' ? t('list.ascending') : t('list.descending')}
            onClick={() => list.set({ order: list.order === 'asc' ? 'desc' : 'asc' })}
          >
            {list.order === 'asc' ? <IconSortAscending size={16} /> : <IconSortDescending size={16} />}
          </ActionIcon>
        </Tooltip>
      </Group>
    </Group>
  );
}
