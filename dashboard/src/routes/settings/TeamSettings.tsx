import { useState, type FormEvent } from 'react';
import { Badge, Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSignedInMe } from '../../api/auth.ts';
import { describeError, fieldErrors } from '../../api/errors.ts';
import { useChangeRole, useInvite, useRemoveMember, useRevokeInvite, useSetMemberCapacity, useTeam } from '../../api/settings.ts';
import type { Role } from '../../api/types.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { SettingsTable } from '../../components/SettingsTable.tsx';
import { formatDate } from '../../components/format.ts';
import { CapacityInput } from './CapacityInput.tsx';
import { Section } from './Section.tsx';

const ROLES: Role[] = ['owner', 'admin', 'agent'];

export default function TeamSettings() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const team = useTeam();
  const changeRole = useChangeRole();
  const setCapacity = useSetMemberCapacity();
  const remove = useRemoveMember();
  const revoke = useRevokeInvite();
  const canManage = me.role === 'owner' || me.role === 'admin';
  const roleData = ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }));

  return (
    <Stack>
      {canManage && <InviteForm />}
      <Section title={t('team.members')}>
        <QueryState query={team}>
          {(data) => (
            <Stack>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('auth.name')}</Table.Th>
                    <Table.Th>{t('auth.email')}</Table.Th>
                    <Table.Th w={160}>{t('team.role')}</Table.Th>
                    <Table.Th w={140}>{t('team.capacity')}</Table.Th>
                    <Table.Th w={60} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.members.map((m) => {
                    const self = m.agentId === me.agent.id;
                    return (
                      <Table.Tr key={m.agentId}>
                        <Table.Td>
                          {m.name} {self && <Badge size="xs" variant="light">{t('team.you')}</Badge>}
                        </Table.Td>
                        <Table.Td>{m.email}</Table.Td>
                        <Table.Td>
                          {canManage && !self ? (
                            <Select
                              size="xs"
                              aria-label={t('team.role')}
                              allowDeselect={false}
                              data={roleData}
                              value={m.role}
                              onChange={(role) => role && changeRole.mutate({ agentId: m.agentId, role: role as Role })}
                            />
                          ) : (
                            t(`roles.${m.role}`)
                          )}
                        </Table.Td>
                        <Table.Td>
                          <CapacityInput
                            label={t('team.capacity')}
                            testId={`member-capacity-${m.email}`}
                            value={m.capacity}
                            placeholder={t('team.capacityInherit')}
                            readOnly={!canManage}
                            onSave={(capacity) => setCapacity.mutate({ agentId: m.agentId, capacity })}
                          />
                        </Table.Td>
                        <Table.Td>
                          {canManage && !self && (
                            <ConfirmButton
                              icon={<IconTrash size={16} />}
                              label={t('team.remove')}
                              question={t('team.removeConfirm', { name: m.name || m.email })}
                              onConfirm={() => remove.mutate(m.agentId)}
                            />
                          )}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
              <Text fw={600} mt="md">
                {t('team.pendingInvites')}
              </Text>
              <SettingsTable
                items={data.invites}
                empty={t('team.noInvites')}
                head={
                  <>
                    <Table.Th>{t('auth.email')}</Table.Th>
                    <Table.Th>{t('team.role')}</Table.Th>
                    <Table.Th>{t('team.expires')}</Table.Th>
                    <Table.Th w={60} />
                  </>
                }
              >
                {(i) => (
                  <Table.Tr key={i.id}>
                    <Table.Td>{i.email}</Table.Td>
                    <Table.Td>{t(`roles.${i.role}`)}</Table.Td>
                    <Table.Td>{formatDate(i.expiresAt)}</Table.Td>
                    <Table.Td>
                      {canManage && (
                        <ConfirmButton
                          icon={<IconTrash size={16} />}
                          label={t('team.revoke')}
                          question={t('team.revokeConfirm', { email: i.email })}
                          onConfirm={() => revoke.mutate(i.id)}
                        />
                      )}
                    </Table.Td>
                  </Table.Tr>
                )}
              </SettingsTable>
            </Stack>
          )}
        </QueryState>
      </Section>
    </Stack>
  );
}

function InviteForm() {
  const { t } = useTranslation();
  const invite = useInvite();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const errors = fieldErrors(invite.error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate(
      { email, role },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: t('team.invited', { email }) });
          setEmail('');
        },
      },
    );
  };

  return (
    <Section title={t('team.inviteTitle')} description={t('team.inviteHelp')}>
      <form onSubmit={submit}>
        <Group align="flex-end">
          <TextInput
            label={t('auth.email')}
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={errors.email ?? (invite.isError && !errors.role ? describeError(invite.error, t).message : undefined)}
            style={{ flex: 1 }}
          />
          <Select
            label={t('team.role')}
            allowDeselect={false}
            w={160}
            data={(['admin', 'agent', 'owner'] as Role[]).map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            value={role}
            onChange={(v) => v && setRole(v as Role)}
            error={errors.role}
          />
          <Button type="submit" loading={invite.isPending}>
            {t('team.send')}
          </Button>
        </Group>
      </form>
    </Section>
  );
}
