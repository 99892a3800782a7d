import { Anchor, Badge, Stack, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useCampaigns } from '../../api/campaigns.ts';
import { ListPage } from '../../components/ListPage.tsx';
import { DeliverySettingsCard } from './DeliverySettingsCard.tsx';

export default function CampaignsList() {
  const { t } = useTranslation();
  const list = useCampaigns();
  return (
    <Stack>
      <ListPage title={t('campaigns.title')} intro={t('campaigns.intro')} newLabel={t('campaigns.new')} newPath="/campaigns/new" empty={t('campaigns.empty')} query={list}>
        {(items) => (
          <Table.ScrollContainer minWidth={640}>
            <Table highlightOnHover data-testid="campaigns-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('campaigns.fields.name')}</Table.Th>
                  <Table.Th>{t('campaigns.fields.type')}</Table.Th>
                  <Table.Th>{t('campaigns.fields.state')}</Table.Th>
                  <Table.Th>{t('campaigns.fields.priority')}</Table.Th>
                  <Table.Th>{t('campaigns.fields.control')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/campaigns/${c.id}`}>
                        {c.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{t(`campaigns.types.${c.type}`)}</Table.Td>
                    <Table.Td>
                      <Badge color={c.state === 'live' ? 'green' : c.state === 'paused' ? 'yellow' : 'gray'} variant="light">
                        {t(`campaigns.states.${c.state}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{c.priority}</Table.Td>
                    <Table.Td>{c.control_pct ? `${c.control_pct}%` : '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </ListPage>
      <DeliverySettingsCard />
    </Stack>
  );
}
