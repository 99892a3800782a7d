import { MultiSelect, Table } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useCreateTeam, useDeleteTeam, useTeam, useTeams, useUpdateTeam } from '../../api/settings.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { CreateByNameForm } from '../../components/CreateByNameForm.tsx';
import { useSignedInMe } from '../../api/auth.ts';
import { isManager } from '../../commands/registry.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { SettingsTable } from '../../components/SettingsTable.tsx';
import { DEFAULT_AGENT_CAPACITY } from '../../../../contracts/workspaces.ts';
import { CapacityInput } from './CapacityInput.tsx';
import { Section } from './Section.tsx';

export default function TeamsSettings() {
  const { t } = useTranslation();
  const teams = useTeams();
  const members = useTeam();
  const create = useCreateTeam();
  const update = useUpdateTeam();
  const remove = useDeleteTeam();
  const manager = isManager(useSignedInMe().role);
  const agentData = (members.data?.members ?? []).map((m) => ({ value: m.agentId, label: m.name || m.email }));

  return (
    <Section title={t('teams.title')} description={t('teams.help')}>
      {manager && (
        <CreateByNameForm label={t('teams.name')} submitLabel={t('teams.create')} mutation={create} onCreate={(name, clear) => create.mutate({ name, agentIds: [] }, { onSuccess: clear })} />
      )}
      <QueryState query={teams}>
        {(list) => (
          <SettingsTable
            items={list}
            empty={t('teams.empty')}
            head={
              <>
                <Table.Th w="30%">{t('teams.name')}</Table.Th>
                <Table.Th>{t('teams.members')}</Table.Th>
                <Table.Th w={140}>{t('teams.capacity')}</Table.Th>
                <Table.Th w={60} />
              </>
            }
          >
            {(team) => (
              <Table.Tr key={team.id}>
                <Table.Td>{team.name}</Table.Td>
                <Table.Td>
                  <MultiSelect
                    size="xs"
                    aria-label={t('teams.members')}
                    data={agentData}
                    value={team.agentIds}
                    onChange={(agentIds) => update.mutate({ id: team.id, agentIds })}
                    readOnly={!manager}
                    searchable
                  />
                </Table.Td>
                <Table.Td>
                  <CapacityInput
                    label={t('teams.capacity')}
                    testId={`team-capacity-${team.name}`}
                    value={team.agentCapacity}
                    placeholder={t('teams.capacityDefault', { n: DEFAULT_AGENT_CAPACITY })}
                    readOnly={!manager}
                    onSave={(agentCapacity) => update.mutate({ id: team.id, agentCapacity })}
                  />
                </Table.Td>
                <Table.Td>
                  {manager && (
                    <ConfirmButton
                      icon={<IconTrash size={16} />}
                      label={t('common.delete')}
                      question={t('teams.deleteConfirm', { name: team.name })}
                      onConfirm={() => remove.mutate(team.id)}
                    />
                  )}
                </Table.Td>
              </Table.Tr>
            )}
          </SettingsTable>
        )}
      </QueryState>
    </Section>
  );
}
