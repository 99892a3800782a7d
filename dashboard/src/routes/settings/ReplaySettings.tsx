import { useEffect, useState } from 'react';
import { Alert, Button, Group, List, NumberInput, Switch } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useReplaySettings, useUpdateReplaySettings } from '../../api/replay.ts';
import { QueryState } from '../../components/QueryState.tsx';
import type { ReplaySettings as Settings } from '../../api/types.ts';
import { Section } from './Section.tsx';

/** The workspace's opt-in to session replay and how long recordings are kept. */
export default function ReplaySettings() {
  const { t } = useTranslation();
  const settings = useReplaySettings();
  return (
    <Section title={t('replay.settings.title')} description={t('replay.settings.help')}>
      <QueryState query={settings}>{(s) => <ReplayForm settings={s} />}</QueryState>
      <Alert color="gray" icon={<IconLock size={16} />} title={t('replay.settings.privacyTitle')}>
        <List size="sm" spacing={2}>
          <List.Item>{t('replay.settings.privacyConsent')}</List.Item>
          <List.Item>{t('replay.settings.privacyInputs')}</List.Item>
          <List.Item>{t('replay.settings.privacyBlock')}</List.Item>
        </List>
      </Alert>
    </Section>
  );
}

function ReplayForm({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const update = useUpdateReplaySettings();
  const [days, setDays] = useState<number | string>(settings.retention_days);
  useEffect(() => setDays(settings.retention_days), [settings.retention_days]);
  const valid = typeof days === 'number' && Number.isInteger(days) && days >= 1 && days <= 90;
  return (
    <>
      <Switch
        label={t('replay.settings.enabled')}
        description={t('replay.settings.enabledHelp')}
        checked={settings.enabled}
        disabled={update.isPending}
        onChange={(e) => update.mutate({ enabled: e.currentTarget.checked })}
        data-testid="replay-enabled"
      />
      <Group align="flex-end">
        <NumberInput
          label={t('replay.settings.retention')}
          description={t('replay.settings.retentionHelp')}
          min={1}
          max={90}
          value={days}
          onChange={setDays}
          error={valid ? undefined : t('replay.settings.retentionInvalid')}
          w={260}
          data-testid="replay-retention"
        />
        <Button variant="light" disabled={!valid || days === settings.retention_days} loading={update.isPending} onClick={() => valid && update.mutate({ retention_days: days })}>
          {t('common.save')}
        </Button>
      </Group>
    </>
  );
}
