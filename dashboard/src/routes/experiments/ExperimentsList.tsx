import { Anchor, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconFlask, IconUpload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useExperiments } from '../../api/experiments.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { number } from './format.ts';

const STATUS_COLOR = { draft: 'gray', running: 'teal', stopped: 'blue' } as const;

export default function ExperimentsList() {
  const { t } = useTranslation();
  const experiments = useExperiments();
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('experiments.list.title')}</Title>
        <Group>
          <Button component={Link} to="/experiments/analyze" variant="default" leftSection={<IconUpload size={16} />}>
            {t('experiments.list.analyzeCsv')}
          </Button>
          <Button component={Link} to="/experiments/new" leftSection={<IconFlask size={16} />} data-testid="new-experiment">
            {t('experiments.list.new')}
          </Button>
        </Group>
      </Group>
      <QueryState query={experiments}>
        {(list) =>
          list.length === 0 ? (
            <Text c="dimmed">{t('experiments.list.empty')}</Text>
          ) : (
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('experiments.list.name')}</Table.Th>
                  <Table.Th>{t('experiments.list.status')}</Table.Th>
                  <Table.Th>{t('experiments.list.unit')}</Table.Th>
                  <Table.Th>{t('experiments.list.exposures')}</Table.Th>
                  <Table.Th>{t('experiments.list.started')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/experiments/${e.id}`} data-testid={`experiment-${e.key}`}>
                        {e.name}
                      </Anchor>
                      <Text size="xs" c="dimmed">{e.flag_key}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_COLOR[e.status]} variant="light">{t(`experiments.status.${e.status}`)}</Badge>
                    </Table.Td>
                    <Table.Td>{t(`experiments.unit.${e.unit}`)}</Table.Td>
                    <Table.Td>{e.variants.map((v) => `${v.key}: ${number(v.exposures, 0)}`).join(' · ')}</Table.Td>
                    <Table.Td>{e.started_at ? new Date(e.started_at).toLocaleDateString() : '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
    </Stack>
  );
}
