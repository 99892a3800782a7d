import { Anchor, Badge, Button, Group, SegmentedControl, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useAttributeDefinitions, useContactCount, useContactList } from '../../api/contacts.ts';
import type { Contact } from '../../api/types.ts';
import { ListToolbar, useListParams } from '../../components/ListToolbar.tsx';
import { VirtualTable, type Column } from '../../components/VirtualTable.tsx';
import { ErrorAlert } from '../../components/QueryState.tsx';
import { ListCount } from '../../components/ListCount.tsx';
import { SegmentFilter } from '../../components/SegmentFilter.tsx';
import { formatRelative } from '../../components/format.ts';
import { attributeFields, CONTACT_FIELDS, CONTACT_SORTS } from './fields.ts';
import { ContactAvatar, contactTitle } from './ContactAvatar.tsx';
import { useSignedInMe } from '../../api/auth.ts';
import { isManager } from '../../commands/registry.ts';

export default function ContactsList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useListParams();
  const role = list.get('role');
  const defs = useAttributeDefinitions();
  const custom = attributeFields(defs.data ?? [], 'contact');
  const fields = [...CONTACT_FIELDS, ...custom];
  const sorts = [...CONTACT_FIELDS.filter((f) => CONTACT_SORTS.includes(f.value)), ...custom];

  const params = {
    q: list.q || undefined,
    role: role === 'user' || role === 'lead' ? role : undefined,
    filter: list.filter,
    sort: list.sort,
    order: list.order,
    segment_id: list.get('segment') ?? undefined,
  } as const;
  const query = useContactList(params);
  const total = useContactCount(params);
  const rows = query.data?.pages.flatMap((p) => p.data) ?? [];

  const columns: Column<Contact>[] = [
    {
      key: 'name',
      header: t('contacts.fields.name'),
      width: '28%',
      render: (c) => (
        <Group gap="sm" wrap="nowrap">
          <ContactAvatar contact={c} size={26} />
          <Anchor component={Link} to={`/contacts/${c.id}`} onClick={(e) => e.stopPropagation()} truncate>
            {contactTitle(c, t)}
          </Anchor>
        </Group>
      ),
    },
    { key: 'email', header: t('contacts.fields.email'), width: '26%', render: (c) => c.email ?? '—' },
    {
      key: 'role',
      header: t('contacts.fields.role'),
      width: 130,
      render: (c) => (
        <Badge variant="light" tt="none" color={c.role === 'user' ? 'indigo' : 'gray'}>
          {t(`contacts.roles.${c.role}`)}
        </Badge>
      ),
    },
    {
      key: 'company',
      header: t('contacts.fields.company'),
      render: (c) => c.companies.map((co) => co.name).filter(Boolean).join(', ') || '—',
    },
    { key: 'last_seen', header: t('contacts.fields.last_seen_at'), width: 140, render: (c) => formatRelative(c.last_seen_at) },
    { key: 'created', header: t('contacts.fields.created_at'), width: 140, render: (c) => formatRelative(c.created_at) },
  ];

  return (
    <Stack h="calc(100dvh - var(--app-shell-header-height) - 2 * var(--mantine-spacing-md))" gap="sm">
      <Group justify="space-between">
        <Title order={2}>{t('contacts.title')}</Title>
        {query.isSuccess && <ListCount shown={rows.length} total={total.data} hasMore={query.hasNextPage} testId="contacts-count" />}
      </Group>
      <ListToolbar fields={fields} sorts={sorts} searchPlaceholder={t('contacts.search')}>
        <SegmentFilter target="contact" />
        <SegmentedControl
          aria-label={t('contacts.fields.role')}
          value={role ?? 'all'}
          onChange={(v) => list.set({ role: v === 'all' ? null : v })}
          data={[
            { value: 'all', label: t('contacts.roles.all') },
            { value: 'user', label: t('contacts.roles.users') },
            { value: 'lead', label: t('contacts.roles.leads') },
          ]}
        />
      </ListToolbar>
      {query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      <VirtualTable
        testId="contacts-table"
        rows={rows}
        columns={columns}
        rowKey={(c) => c.id}
        onRowClick={(c) => navigate(`/contacts/${c.id}`)}
        hasMore={query.hasNextPage}
        loadingMore={query.isPending || query.isFetchingNextPage}
        loadMore={() => void query.fetchNextPage()}
        empty={list.q || list.filter.length || role || list.get('segment') ? t('contacts.empty') : <NoContactsYet />}
      />
    </Stack>
  );
}

/** A new workspace: point at the install page instead of an empty table. */
function NoContactsYet() {
  const { t } = useTranslation();
  const manager = isManager(useSignedInMe().role);
  return (
    <Stack align="center" gap="sm">
      {t('contacts.noneYet')}
      {manager && (
        <Button component={Link} to="/settings/install" variant="light">
          {t('contacts.install')}
        </Button>
      )}
    </Stack>
  );
}
