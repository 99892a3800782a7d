import { Anchor, Badge, Button, Card, Grid, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useAttributeDefinitions, useCompany, useCompanyContacts } from '../../api/contacts.ts';
import type { Company } from '../../api/types.ts';
import { ErrorAlert, QueryState } from '../../components/QueryState.tsx';
import { Field } from '../../components/Field.tsx';
import { formatDate, formatDateTime, formatNumber, formatRelative, formatValue } from '../../components/format.ts';
import { contactTitle } from '../contacts/ContactAvatar.tsx';
import { MemberOf } from '../segments/MemberOf.tsx';

export default function CompanyProfile() {
  const { id = '' } = useParams();
  const query = useCompany(id);
  return (
    <QueryState query={query}>
      {(company) => (
        <Stack>
          <Group gap="xs">
            <Title order={2}>{company.name ?? '—'}</Title>
            {company.plan && <Badge variant="outline">{company.plan}</Badge>}
          </Group>
          <Grid>
            <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
              <Stack>
                <Details company={company} />
                <MemberOf kind="companies" id={company.id} />
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
              <Members companyId={company.id} />
            </Grid.Col>
          </Grid>
        </Stack>
      )}
    </QueryState>
  );
}

function Details({ company }: { company: Company }) {
  const { t } = useTranslation();
  const defs = useAttributeDefinitions();
  const labels = new Map((defs.data ?? []).filter((d) => d.target === 'company').map((d) => [d.key, d.label]));
  return (
    <Card withBorder padding="lg">
      <Title order={3} size="h5" mb="sm">
        {t('contacts.details')}
      </Title>
      <SimpleGrid cols={2} spacing="sm">
        <Field label={t('companies.fields.external_id')} value={formatValue(company.external_id)} />
        <Field label={t('companies.fields.plan')} value={formatValue(company.plan)} />
        <Field label={t('companies.fields.mrr')} value={formatNumber(company.mrr)} />
        <Field label={t('companies.fields.arr')} value={formatNumber(company.arr)} />
        <Field label={t('companies.fields.trial_ends_at')} value={formatDate(company.trial_ends_at)} />
        <Field label={t('companies.fields.website')} value={formatValue(company.website)} />
        <Field label={t('companies.fields.industry')} value={formatValue(company.industry)} />
        <Field label={t('companies.fields.size')} value={formatNumber(company.size)} />
        <Field label={t('companies.fields.contact_count')} value={formatNumber(company.contact_count)} />
        <Field label={t('companies.fields.created_at')} value={formatDateTime(company.created_at)} />
        {Object.entries(company.attributes ?? {}).map(([key, value]) => (
          <Field key={key} label={labels.get(key) ?? key} value={formatValue(value)} />
        ))}
      </SimpleGrid>
    </Card>
  );
}

function Members({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const query = useCompanyContacts(companyId);
  const rows = query.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Card withBorder padding="lg">
      <Title order={3} size="h5" mb="sm">
        {t('companies.contacts')}
      </Title>
      {query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      {query.isSuccess && rows.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('contacts.empty')}
        </Text>
      )}
      {rows.length > 0 && (
        <Table highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('contacts.fields.name')}</Table.Th>
              <Table.Th>{t('contacts.fields.email')}</Table.Th>
              <Table.Th>{t('contacts.fields.last_seen_at')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/contacts/${c.id}`} size="sm">
                    {contactTitle(c, t)}
                  </Anchor>
                </Table.Td>
                <Table.Td>{c.email ?? '—'}</Table.Td>
                <Table.Td>{formatRelative(c.last_seen_at)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {(query.hasNextPage || query.isPending) && (
        <Button
          variant="subtle"
          fullWidth
          mt="sm"
          loading={query.isPending || query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          {t('common.loadMore')}
        </Button>
      )}
    </Card>
  );
}
