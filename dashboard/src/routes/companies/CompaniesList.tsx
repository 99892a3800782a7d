import { Anchor, Badge, Group, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useAttributeDefinitions, useCompanyCount, useCompanyList } from '../../api/contacts.ts';
import type { Company } from '../../api/types.ts';
import { ListToolbar, useListParams } from '../../components/ListToolbar.tsx';
import { VirtualTable, type Column } from '../../components/VirtualTable.tsx';
import { ErrorAlert } from '../../components/QueryState.tsx';
import { ListCount } from '../../components/ListCount.tsx';
import { SegmentFilter } from '../../components/SegmentFilter.tsx';
import { formatDate, formatNumber, formatRelative } from '../../components/format.ts';
import { attributeFields, COMPANY_SORTS } from '../contacts/fields.ts';
import { COMPANY_FIELDS } from './fields.ts';

export default function CompaniesList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useListParams();
  const defs = useAttributeDefinitions();
  const custom = attributeFields(defs.data ?? [], 'company');
  const fields = [...COMPANY_FIELDS, ...custom];
  const sorts = COMPANY_FIELDS.filter((f) => COMPANY_SORTS.includes(f.value));

  const params = {
    q: list.q || undefined,
    filter: list.filter,
    sort: list.sort,
    order: list.order,
    segment_id: list.get('segment') ?? undefined,
  };
  const query = useCompanyList(params);
  const total = useCompanyCount(params);
  const rows = query.data?.pages.flatMap((p) => p.data) ?? [];

  const columns: Column<Company>[] = [
    {
      key: 'name',
      header: t('companies.fields.name'),
      width: '28%',
      render: (c) => (
        <Anchor component={Link} to={`/companies/${c.id}`} onClick={(e) => e.stopPropagation()}>
          {c.name ?? t('companies.unnamed')}
        </Anchor>
      ),
    },
    { key: 'plan', header: t('companies.fields.plan'), render: (c) => (c.plan ? <Badge variant="outline">{c.plan}</Badge> : '—') },
    { key: 'mrr', header: t('companies.fields.mrr'), render: (c) => formatNumber(c.mrr) },
    { key: 'contacts', header: t('companies.fields.contact_count'), render: (c) => formatNumber(c.contact_count) },
    { key: 'trial', header: t('companies.fields.trial_ends_at'), render: (c) => formatDate(c.trial_ends_at) },
    { key: 'created', header: t('companies.fields.created_at'), render: (c) => formatRelative(c.created_at) },
  ];

  return (
    <Stack h="calc(100dvh - var(--app-shell-header-height) - 2 * var(--mantine-spacing-md))" gap="sm">
      <Group justify="space-between">
        <Title order={2}>{t('companies.title')}</Title>
        {query.isSuccess && <ListCount shown={rows.length} total={total.data} hasMore={query.hasNextPage} testId="companies-count" />}
      </Group>
      <ListToolbar fields={fields} sorts={sorts} searchPlaceholder={t('companies.search')}>
        <SegmentFilter target="company" />
      </ListToolbar>
      {query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      <VirtualTable
        rows={rows}
        columns={columns}
        rowKey={(c) => c.id}
        onRowClick={(c) => navigate(`/companies/${c.id}`)}
        hasMore={query.hasNextPage}
        loadingMore={query.isPending || query.isFetchingNextPage}
        loadMore={() => void query.fetchNextPage()}
        empty={t('companies.empty')}
      />
    </Stack>
  );
}
