import { Anchor, Badge, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useSeriesList } from '../../api/engagement.ts';
import { ListPage } from '../../components/ListPage.tsx';
import { formatNumber } from '../../components/format.ts';
import { StateBadge, totals, rate } from './present.tsx';

export default function SeriesList() {
  const { t } = useTranslation();
  const list = useSeriesList();
  return (
    <ListPage
      title={t('series.title')}
      intro={t('series.intro')}
      newLabel={t('series.new')}
      newPath="/email-series/new"
      empty={t('series.empty')}
      query={list}
    >
      {(items) => (
        <Table.ScrollContainer minWidth={720}>
          <Table highlightOnHover data-testid="series-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('series.fields.name')}</Table.Th>
                <Table.Th>{t('series.fields.state')}</Table.Th>
                <Table.Th>{t('series.stats.enrolled')}</Table.Th>
                <Table.Th>{t('series.stats.goalReached')}</Table.Th>
                <Table.Th>{t('series.stats.sent')}</Table.Th>
                <Table.Th>{t('series.stats.openRate')}</Table.Th>
                <Table.Th>{t('series.stats.clickRate')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((s) => {
                const sum = totals(s);
                return (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/email-series/${s.id}`}>
                        {s.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <StateBadge state={s.state} />
                    </Table.Td>
                    <Table.Td>{formatNumber(s.stats.enrolled)}</Table.Td>
                    <Table.Td>{formatNumber(s.stats.goal_reached)}</Table.Td>
                    <Table.Td>{formatNumber(sum.sent)}</Table.Td>
                    <Table.Td>{s.track ? rate(sum.opened, sum.sent) : <Badge variant="outline">{t('series.untracked')}</Badge>}</Table.Td>
                    <Table.Td>{s.track ? rate(sum.clicked, sum.sent) : '—'}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </ListPage>
  );
}
