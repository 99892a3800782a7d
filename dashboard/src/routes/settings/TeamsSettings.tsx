import { useState, type FormEvent } from 'react';
import { Button, Group, MultiSelect, Table, Text, TextInput } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { describeError, fieldErrors } from '../../api/errors.ts';
import { useCreateTeam, useDeleteTeam, useTeam, useTeams, useUpdateTeam } from '../../api/settings.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { useSignedInMe } from '../../api/auth.ts';
import { isManager } from '../../commands/registry.ts';
import { QueryState } from '../../components/QueryState.tsx';
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
  const [name, setName] = useState('');
  const manager = isManager(useSignedInMe().role);
  const agentData = (members.data?.members ?? []).map((m) => ({ value: m.agentId, label: m.name || m.email }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name, agentIds: [] }, { onSuccess: () => setName('') });
  };

  return (
    <Section title={t('teams.title')} description={t('teams.help')}>
      {manager && (
        <form onSubmit={submit}>
          <Group align="flex-end">
            <TextInput
              label={t('teams.name')}
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={fieldErrors(create.error).name ?? (create.isError ? describeError(create.error, t).message : undefined)}
              style={{ flex: 1 }}
            />
            <Button type="submit" loading={create.isPending}>
              {t('teams.create')}
            </Button>
          </Group>
        </form>
      )}
      <QueryState query={teams}>
        {(list) =>
          list.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('teams.empty')}
            </Text>
          ) : (
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w="30%">{t('teams.name')}</Table.Th>
                  <Table.Th>{t('teams.members')}</Table.Th>
                  <Table.Th w={140}>{t('teams.capacity')}</Table.Th>
                  <Table.Th w={60} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((team) => (
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
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
    </Section>
  );
}
