import { useState, type FormEvent } from 'react';
import { Alert, Badge, Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { describeError, fieldErrors } from '../../api/errors.ts';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from '../../api/settings.ts';
import type { CreatedApiKey } from '../../api/types.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { CopyField } from '../../components/CopyField.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDate, formatRelative } from '../../components/format.ts';
import { Section } from './Section.tsx';

export default function ApiKeysSettings() {
  const { t } = useTranslation();
  const keys = useApiKeys();
  const create = useCreateApiKey();
  const revoke = useRevokeApiKey();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedApiKey | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(name, {
      onSuccess: (key) => {
        setCreated(key);
        setName('');
      },
    });
  };

  return (
    <Section title={t('apiKeys.title')} description={t('apiKeys.help')}>
      <form onSubmit={submit}>
        <Group align="flex-end">
          <TextInput
            label={t('apiKeys.name')}
            placeholder={t('apiKeys.namePlaceholder')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldErrors(create.error).name ?? (create.isError ? describeError(create.error, t).message : undefined)}
            style={{ flex: 1 }}
          />
          <Button type="submit" loading={create.isPending}>
            {t('apiKeys.create')}
          </Button>
        </Group>
      </form>
      {created && (
        <Alert color="green" title={t('apiKeys.createdTitle', { name: created.name })} withCloseButton onClose={() => setCreated(null)}>
          <Stack gap="xs">
            <Text size="sm">{t('apiKeys.shownOnce')}</Text>
            <CopyField value={created.key} testId="new-api-key" />
          </Stack>
        </Alert>
      )}
      <QueryState query={keys}>
        {(list) =>
          list.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('apiKeys.empty')}
            </Text>
          ) : (
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('apiKeys.name')}</Table.Th>
                  <Table.Th>{t('apiKeys.prefix')}</Table.Th>
                  <Table.Th>{t('apiKeys.created')}</Table.Th>
                  <Table.Th>{t('apiKeys.lastUsed')}</Table.Th>
                  <Table.Th w={60} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((k) => (
                  <Table.Tr key={k.id} c={k.revokedAt ? 'dimmed' : undefined}>
                    <Table.Td>{k.name}</Table.Td>
                    <Table.Td>
                      <Text ff="monospace" size="sm">
                        {k.prefix}…
                      </Text>
                    </Table.Td>
                    <Table.Td>{formatDate(k.createdAt)}</Table.Td>
                    <Table.Td>{k.lastUsedAt ? formatRelative(k.lastUsedAt) : t('apiKeys.never')}</Table.Td>
                    <Table.Td>
                      {k.revokedAt ? (
                        <Badge color="gray" variant="light">
                          {t('apiKeys.revoked')}
                        </Badge>
                      ) : (
                        <ConfirmButton
                          icon={<IconTrash size={16} />}
                          label={t('apiKeys.revoke')}
                          question={t('apiKeys.revokeConfirm', { name: k.name })}
                          onConfirm={() => revoke.mutate(k.id)}
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
