import { useState, type FormEvent } from 'react';
import { Anchor, Badge, Button, Checkbox, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { describeError, fieldErrors } from '../../api/errors.ts';
import { useCreateWebhook, useWebhookEventTypes, useWebhooks } from '../../api/settings.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDate } from '../../components/format.ts';
import { Section } from './Section.tsx';

export default function WebhooksSettings() {
  const { t } = useTranslation();
  const webhooks = useWebhooks();
  return (
    <Stack>
      <CreateWebhook />
      <Section title={t('webhooks.title')}>
        <QueryState query={webhooks}>
          {(list) =>
            list.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('webhooks.empty')}
              </Text>
            ) : (
              <Table highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('webhooks.url')}</Table.Th>
                    <Table.Th>{t('webhooks.events')}</Table.Th>
                    <Table.Th>{t('webhooks.status')}</Table.Th>
                    <Table.Th>{t('apiKeys.created')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((w) => (
                    <Table.Tr key={w.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/settings/webhooks/${w.id}`} size="sm">
                          {w.url}
                        </Anchor>
                        {w.description && (
                          <Text size="xs" c="dimmed">
                            {w.description}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {w.event_types.map((e) => (
                            <Badge key={e} size="xs" variant="light" tt="none">
                              {e}
                            </Badge>
                          ))}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Badge color={w.active ? 'green' : 'gray'} variant="dot">
                          {w.active ? t('webhooks.active') : t('webhooks.paused')}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{formatDate(w.created_at)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )
          }
        </QueryState>
      </Section>
    </Stack>
  );
}

export function EventTypePicker({ value, onChange, error }: { value: string[]; onChange: (v: string[]) => void; error?: string }) {
  const { t } = useTranslation();
  const types = useWebhookEventTypes();
  return (
    <QueryState query={types}>
      {(list) => (
        <Checkbox.Group label={t('webhooks.events')} value={value} onChange={onChange} error={error}>
          <Stack gap={6} mt={6}>
            {list.map((e) => (
              <Checkbox
                key={e.type}
                value={e.type}
                label={
                  <span>
                    <Text span ff="monospace" size="sm">
                      {e.type}
                    </Text>{' '}
                    <Text span size="xs" c="dimmed">
                      — {t(`webhooks.types.${e.type}`, { defaultValue: e.description })}
                    </Text>
                  </span>
                }
              />
            ))}
          </Stack>
        </Checkbox.Group>
      )}
    </QueryState>
  );
}

function CreateWebhook() {
  const { t } = useTranslation();
  const create = useCreateWebhook();
  const navigate = useNavigate();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [types, setTypes] = useState<string[]>([]);
  const errors = fieldErrors(create.error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { url, description: description || null, event_types: types },
      { onSuccess: (hook) => navigate(`/settings/webhooks/${hook.id}`) },
    );
  };

  return (
    <Section title={t('webhooks.createTitle')} description={t('webhooks.help')}>
      <form onSubmit={submit}>
        <Stack>
          <TextInput
            label={t('webhooks.url')}
            placeholder="https://example.com/baton/webhooks"
            required
            type="url"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            error={errors.url}
          />
          <TextInput
            label={t('webhooks.description')}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={errors.description}
          />
          <EventTypePicker value={types} onChange={setTypes} error={errors.event_types} />
          {create.isError && Object.keys(errors).length === 0 && (
            <Text c="red" size="sm">
              {describeError(create.error, t).message}
            </Text>
          )}
          <Group>
            <Button type="submit" loading={create.isPending} disabled={types.length === 0}>
              {t('webhooks.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}
