import { useState } from 'react';
import { Anchor, Badge, Button, Code, Group, Modal, Stack, Switch, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconSend } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  useDeleteWebhook,
  useDeliveries,
  useRotateWebhookSecret,
  useTestWebhook,
  useUpdateWebhook,
  useWebhook,
} from '../../api/settings.ts';
import type { Webhook, WebhookDelivery } from '../../api/types.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { CopyField } from '../../components/CopyField.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDateTime } from '../../components/format.ts';
import { Section } from './Section.tsx';
import { EventTypePicker } from './WebhooksSettings.tsx';

export default function WebhookDetail() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const webhook = useWebhook(id);
  return (
    <Stack>
      <Anchor component={Link} to="/settings/webhooks" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('webhooks.back')}
        </Group>
      </Anchor>
      <QueryState query={webhook}>{(w) => <Detail webhook={w} />}</QueryState>
    </Stack>
  );
}

function Detail({ webhook }: { webhook: Webhook }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const update = useUpdateWebhook();
  const remove = useDeleteWebhook();
  const test = useTestWebhook();
  const rotate = useRotateWebhookSecret();
  const [types, setTypes] = useState(webhook.event_types);
  const changed = types.slice().sort().join() !== webhook.event_types.slice().sort().join();

  return (
    <>
      <Section
        title={webhook.url}
        description={webhook.description ?? undefined}
        actions={
          <Group gap="xs">
            <Button
              leftSection={<IconSend size={14} />}
              variant="light"
              loading={test.isPending}
              onClick={() =>
                test.mutate(webhook.id, { onSuccess: () => notifications.show({ color: 'green', message: t('webhooks.testSent') }) })
              }
            >
              {t('webhooks.sendTest')}
            </Button>
            <ConfirmButton
              label={t('common.delete')}
              question={t('webhooks.deleteConfirm')}
              loading={remove.isPending}
              onConfirm={() => remove.mutate(webhook.id, { onSuccess: () => navigate('/settings/webhooks') })}
            />
          </Group>
        }
      >
        <Switch
          label={t('webhooks.active')}
          checked={webhook.active}
          disabled={update.isPending}
          onChange={(e) => update.mutate({ id: webhook.id, active: e.currentTarget.checked })}
        />
        {webhook.secret && (
          <Group align="flex-end" wrap="nowrap">
            <div style={{ flex: 1 }}>
              <CopyField label={t('webhooks.secret')} value={webhook.secret} />
            </div>
            <ConfirmButton
              label={t('webhooks.rotate')}
              question={t('webhooks.rotateConfirm')}
              loading={rotate.isPending}
              onConfirm={() => rotate.mutate(webhook.id)}
            />
          </Group>
        )}
        <EventTypePicker value={types} onChange={setTypes} />
        <Group>
          <Button
            disabled={!changed || types.length === 0}
            loading={update.isPending}
            onClick={() => update.mutate({ id: webhook.id, event_types: types })}
          >
            {t('common.save')}
          </Button>
        </Group>
      </Section>
      <Deliveries webhookId={webhook.id} />
    </>
  );
}

const STATUS_COLOR = { succeeded: 'green', failed: 'red', pending: 'yellow' } as const;

function Deliveries({ webhookId }: { webhookId: string }) {
  const { t } = useTranslation();
  const deliveries = useDeliveries(webhookId);
  const [open, setOpen] = useState<WebhookDelivery | null>(null);
  return (
    <Section title={t('webhooks.deliveries')} description={t('webhooks.deliveriesHelp')}>
      <QueryState query={deliveries}>
        {(page) =>
          page.data.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('webhooks.noDeliveries')}
            </Text>
          ) : (
            <Table highlightOnHover data-testid="deliveries">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('webhooks.event')}</Table.Th>
                  <Table.Th>{t('webhooks.status')}</Table.Th>
                  <Table.Th>{t('webhooks.statusCode')}</Table.Th>
                  <Table.Th>{t('webhooks.attempts')}</Table.Th>
                  <Table.Th>{t('webhooks.time')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.data.map((d) => (
                  <Table.Tr key={d.id} style={{ cursor: 'pointer' }} onClick={() => setOpen(d)}>
                    <Table.Td ff="monospace">{d.event_type}</Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_COLOR[d.status]} variant="light">
                        {t(`webhooks.deliveryStatus.${d.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Tooltip label={d.last_error ?? ''} disabled={!d.last_error}>
                        <Text size="sm" ff="monospace">
                          {d.last_status_code ?? '—'}
                        </Text>
                      </Tooltip>
                    </Table.Td>
                    <Table.Td>{d.attempts}</Table.Td>
                    <Table.Td>{formatDateTime(d.created_at)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
      <Modal opened={open !== null} onClose={() => setOpen(null)} title={open?.event_type} size="lg">
        {open && (
          <Stack gap="xs">
            <Text size="sm">
              {t('webhooks.statusCode')}: {open.last_status_code ?? '—'} · {t('webhooks.attempts')}: {open.attempts}
              {open.last_duration_ms !== null ? ` · ${open.last_duration_ms} ms` : ''}
            </Text>
            {open.last_error && (
              <Text size="sm" c="red">
                {open.last_error}
              </Text>
            )}
            <Code block fz="xs">
              {JSON.stringify(open.payload, null, 2)}
            </Code>
          </Stack>
        )}
      </Modal>
    </Section>
  );
}
