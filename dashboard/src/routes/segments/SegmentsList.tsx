import { Anchor, Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useSegments } from '../../api/segments.ts';
import type { Segment } from '../../api/types.ts';
import { ListPage } from '../../components/ListPage.tsx';
import { formatNumber, formatRelative } from '../../components/format.ts';

/** Where a segment's members are listed: the contacts or companies list, filtered by it. */
export const membersPath = (s: Pick<Segment, 'id' | 'target'>) =>
  `/${s.target === 'company' ? 'companies' : 'contacts'}?segment=${s.id}`;

export default function SegmentsList() {
  const { t } = useTranslation();
  const segments = useSegments();
  return (
    <ListPage
      title={t('segments.title')}
      intro={t('segments.intro')}
      newLabel={t('segments.new')}
      newPath="/segments/new"
      empty={t('segments.empty')}
      query={segments}
    >
      {(list) => (
        <Table.ScrollContainer minWidth={640}>
          <Table highlightOnHover data-testid="segments-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('segments.fields.name')}</Table.Th>
                <Table.Th>{t('segments.fields.target')}</Table.Th>
                <Table.Th>{t('segments.fields.members')}</Table.Th>
                <Table.Th>{t('segments.fields.refreshed')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/segments/${s.id}`}>
                      {s.name}
                    </Anchor>
                    {s.description && (
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {s.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" tt="none">
                      {t(`segments.targets.${s.target}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{formatNumber(s.member_count)}</Table.Td>
                  <Table.Td>{formatRelative(s.refreshed_at)}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={membersPath(s)} size="sm">
                      {t('segments.viewMembers')}
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </ListPage>
  );
}
