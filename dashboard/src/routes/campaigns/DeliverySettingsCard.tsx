import { useEffect, useState } from 'react';
import { Button, Card, ColorInput, Group, NumberInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { DeliverySettings } from '../../../../contracts/campaigns.ts';
import { useDeliverySettings, useSaveDeliverySettings } from '../../api/campaigns.ts';
import { describeError } from '../../api/errors.ts';

/** The workspace's rules across all capped campaigns: caps per session and week, quiet hours, colour. */
export function DeliverySettingsCard() {
  const { t } = useTranslation();
  const current = useDeliverySettings();
  const save = useSaveDeliverySettings();
  const [draft, setDraft] = useState<DeliverySettings | null>(null);
  useEffect(() => {
    if (current.data) setDraft(current.data);
  }, [current.data]);
  if (!draft) return null;
  const quiet = draft.quiet_hours;

  const submit = () =>
    save.mutate(draft, {
      onSuccess: () => notifications.show({ color: 'green', message: t('campaigns.settings.saved') }),
      onError: (err) => notifications.show({ color: 'red', ...describeError(err, t) }),
    });

  return (
    <Card withBorder data-testid="campaign-settings">
      <Stack gap="sm">
        <Title order={4}>{t('campaigns.settings.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('campaigns.settings.help')}
        </Text>
        <Group grow>
          <NumberInput label={t('campaigns.settings.maxPerSession')} min={0} max={100} value={draft.max_per_session} onChange={(v) => setDraft({ ...draft, max_per_session: Number(v) || 0 })} />
          <NumberInput label={t('campaigns.settings.maxPerWeek')} min={0} max={1000} value={draft.max_per_week} onChange={(v) => setDraft({ ...draft, max_per_week: Number(v) || 0 })} />
        </Group>
        <Group grow>
          <TextInput type="time" label={t('campaigns.settings.quietFrom')} value={quiet?.from ?? ''} onChange={(e) => setDraft({ ...draft, quiet_hours: e.currentTarget.value ? { from: e.currentTarget.value, to: quiet?.to ?? '08:00' } : null })} />
          <TextInput type="time" label={t('campaigns.settings.quietTo')} disabled={!quiet} value={quiet?.to ?? ''} onChange={(e) => quiet && setDraft({ ...draft, quiet_hours: { from: quiet.from, to: e.currentTarget.value || '08:00' } })} />
          <ColorInput label={t('campaigns.settings.color')} format="hex" value={draft.color} onChange={(color) => setDraft({ ...draft, color })} />
        </Group>
        <Group justify="flex-end">
          <Button onClick={submit} loading={save.isPending}>
            {t('campaigns.settings.save')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
