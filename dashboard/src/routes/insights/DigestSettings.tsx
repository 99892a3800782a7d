import { Switch } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useDigestSettings, useSetDigest } from '../../api/insights.ts';
import { Section } from '../settings/Section.tsx';

/** A lead's own choice of the weekly support digest by e-mail. */
export default function DigestSettings() {
  const { t } = useTranslation();
  const settings = useDigestSettings();
  const set = useSetDigest();
  return (
    <Section title={t('reports.digest.title')} description={t('reports.digest.help')}>
      <Switch
        label={t('reports.digest.toggle')}
        checked={settings.data?.weekly_digest ?? false}
        disabled={!settings.data || set.isPending}
        onChange={(e) => set.mutate({ weekly_digest: e.currentTarget.checked })}
      />
    </Section>
  );
}
