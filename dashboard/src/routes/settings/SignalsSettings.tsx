import { useEffect, useState } from 'react';
import { Alert, Button, Group, List, NumberInput, Switch, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSignalSettings, useUpdateSignalSettings } from '../../api/signals.ts';
import { QueryState } from '../../components/QueryState.tsx';
import type { SignalSettings } from '../../api/types.ts';
import { Section } from './Section.tsx';

/** The workspace's opt-in to frustration signals and the share of visitors whose browsers look for them. */
export default function SignalsSettings() {
  const { t } = useTranslation();
  const settings = useSignalSettings();
  return (
    <Section title={t('signals.settings.title')} description={t('signals.settings.help')}>
      <QueryState query={settings}>{(s) => <SignalsForm settings={s} />}</QueryState>
      <Alert color="gray" icon={<IconLock size={16} />} title={t('signals.settings.privacyTitle')}>
        <List size="sm" spacing={2}>
          <List.Item>{t('signals.settings.privacyKeys')}</List.Item>
          <List.Item>{t('signals.settings.privacyValues')}</List.Item>
          <List.Item>{t('signals.settings.privacyMask')}</List.Item>
          <List.Item>{t('signals.settings.privacyRepeat')}</List.Item>
        </List>
      </Alert>
    </Section>
  );
}

function SignalsForm({ settings }: { settings: SignalSettings }) {
  const { t } = useTranslation();
  const update = useUpdateSignalSettings();
  const [percent, setPercent] = useState<number | string>(Math.round(settings.sample_rate * 100));
  useEffect(() => setPercent(Math.round(settings.sample_rate * 100)), [settings.sample_rate]);
  const valid = typeof percent === 'number' && percent >= 0 && percent <= 100;
  return (
    <>
      <Switch
        label={t('signals.settings.enabled')}
        description={t('signals.settings.enabledHelp')}
        checked={settings.enabled}
        disabled={update.isPending}
        onChange={(e) => update.mutate({ enabled: e.currentTarget.checked })}
        data-testid="signals-enabled"
      />
      <Group align="flex-end">
        <NumberInput
          label={t('signals.settings.sample')}
          description={t('signals.settings.sampleHelp')}
          min={0}
          max={100}
          suffix=" %"
          value={percent}
          onChange={setPercent}
          error={valid ? undefined : t('signals.settings.sampleInvalid')}
          w={260}
          data-testid="signals-sample"
        />
        <Button
          variant="light"
          disabled={!valid || percent === Math.round(settings.sample_rate * 100)}
          loading={update.isPending}
          onClick={() => valid && update.mutate({ sample_rate: percent / 100 })}
        >
          {t('common.save')}
        </Button>
      </Group>
      {settings.enabled && (
        <Text size="sm" c="dimmed" data-testid="signals-state">
          {t('signals.settings.on', { percent: Math.round(settings.sample_rate * 100) })}
        </Text>
      )}
    </>
  );
}
