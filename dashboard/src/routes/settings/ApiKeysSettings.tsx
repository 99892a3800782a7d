import { useState } from 'react';
import { Alert, Badge, Stack, Table, Text } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from '../../api/settings.ts';
import type { CreatedApiKey } from '../../api/types.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { CopyField } from '../../components/CopyField.tsx';
import { CreateByNameForm } from '../../components/CreateByNameForm.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { SettingsTable } from '../../components/SettingsTable.tsx';
import { formatDate, formatRelative } from '../../components/format.ts';
import { Section } from './Section.tsx';

export default function ApiKeysSettings() {
  const { t } = useTranslation();
  const keys = useApiKeys();
  const create = useCreateApiKey();
  const revoke = useRevokeApiKey();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);

  return (
    <Section title={t('apiKeys.title')} description={t('apiKeys.help')}>
      <CreateByNameForm
        label={t('apiKeys.name')}
        placeholder={t('apiKeys.namePlaceholder')}
        submitLabel={t('apiKeys.create')}
        mutation={create}
        onCreate={(name, clear) =>
          create.mutate(name, {
            onSuccess: (key) => {
              setCreated(key);
              clear();
            },
          })
        }
      />
      {created && (
        <Alert color="green" title={t('apiKeys.createdTitle', { name: created.name })} withCloseButton onClose={() => setCreated(null)}>
          <Stack gap="xs">
            <Text size="sm">{t('apiKeys.shownOnce')}</Text>
            <CopyField value={created.key} testId="new-api-key" />
          </Stack>
        </Alert>
      )}
      <QueryState query={keys}>
        {(list) => (
          <SettingsTable
            items={list}
            empty={t('apiKeys.empty')}
            head={
              <>
                <Table.Th>{t('apiKeys.name')}</Table.Th>
                <Table.Th>{t('apiKeys.prefix')}</Table.Th>
                <Table.Th>{t('apiKeys.created')}</Table.Th>
                <Table.Th>{t('apiKeys.lastUsed')}</Table.Th>
                <Table.Th w={60} />
              </>
            }
          >
            {(k) => (
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
            )}
          </SettingsTable>
        )}
      </QueryState>
    </Section>
  );
}
