import { useState } from 'react';
import { Alert, Button, Group, Paper, Progress, SegmentedControl, Select, Stack, Tabs, Text, Textarea, TextInput } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { LOCALES } from '../../../../contracts/messenger-constants.ts';
import { useNotificationRuns, useNotifyCustomers } from '../../api/feedback.ts';
import type { FeedbackItemDetail, NotificationRun, NotifyChannel, StartNotification } from '../../api/types.ts';
import { formatNumber } from '../../components/format.ts';

type Locale = (typeof LOCALES)[number];
type Texts = Partial<Record<Locale, { subject: string; body: string }>>;

function RunProgress({ run }: { run: NotificationRun }) {
  const { t } = useTranslation();
  const done = run.sent + run.skipped;
  const share = run.total ? (done / run.total) * 100 : 100;
  return (
    <Stack gap={4} data-testid="notify-progress" data-status={run.status} data-sent={run.sent} data-skipped={run.skipped}>
      <Progress value={share} animated={run.status === 'running'} color={run.status === 'done' ? 'teal' : 'indigo'} aria-label={t('feedback.notify.progress')} />
      <Text size="sm">
        {t(run.status === 'done' ? 'feedback.notify.done' : 'feedback.notify.running', {
          sent: formatNumber(run.sent),
          skipped: formatNumber(run.skipped),
          total: formatNumber(run.total),
        })}
      </Text>
    </Stack>
  );
}

/** "Notify affected customers" of a shipped item: one message per locale (or the default's), then the job's progress. */
export function NotifyPanel({ item }: { item: FeedbackItemDetail }) {
  const { t } = useTranslation();
  const runs = useNotificationRuns(item.id);
  const notify = useNotifyCustomers(item.id);
  const [channel, setChannel] = useState<NotifyChannel>('messenger');
  const [defaultLocale, setDefaultLocale] = useState<Locale>('en');
  const [texts, setTexts] = useState<Texts>({});
  const latest = runs.data?.[0];
  const running = latest?.status === 'running';
  const edit = (l: Locale, field: 'subject' | 'body', value: string) =>
    setTexts((all) => ({ ...all, [l]: { subject: all[l]?.subject ?? '', body: all[l]?.body ?? '', [field]: value } }));
  const submit = () => {
    const written: StartNotification['texts'] = {};
    for (const l of LOCALES) {
      const text = texts[l];
      if (text?.body.trim()) written[l] = { body: text.body, ...(text.subject.trim() ? { subject: text.subject } : {}) };
    }
    notify.mutate({ channel, default_locale: defaultLocale, texts: written });
  };
  return (
    <Paper withBorder p="md" data-testid="notify-panel">
      <Stack>
        <Text fw={600}>{t('feedback.notify.heading', { n: formatNumber(item.contacts) })}</Text>
        <Text size="sm" c="dimmed">
          {t('feedback.notify.help')}
        </Text>
        <Group>
          <SegmentedControl
            value={channel}
            onChange={(v) => setChannel(v as NotifyChannel)}
            data={[
              { value: 'messenger', label: t('feedback.notify.messenger') },
              { value: 'email', label: t('feedback.notify.email') },
            ]}
          />
          <Select
            label={t('feedback.notify.defaultLocale')}
            data={LOCALES.map((l) => ({ value: l, label: t(`feedback.locales.${l}`) }))}
            value={defaultLocale}
            onChange={(v) => v && setDefaultLocale(v as Locale)}
            allowDeselect={false}
            w={200}
          />
        </Group>
        <Tabs defaultValue="en">
          <Tabs.List>
            {LOCALES.map((l) => (
              <Tabs.Tab key={l} value={l}>
                {t(`feedback.locales.${l}`)}
                {texts[l]?.body.trim() ? ' ✓' : ''}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {LOCALES.map((l) => (
            <Tabs.Panel key={l} value={l} pt="xs">
              <Stack gap="xs">
                {channel === 'email' && (
                  <TextInput label={t('feedback.notify.subject', { locale: t(`feedback.locales.${l}`) })} placeholder={item.title} value={texts[l]?.subject ?? ''} onChange={(e) => edit(l, 'subject', e.currentTarget.value)} />
                )}
                <Textarea
                  label={t('feedback.notify.message', { locale: t(`feedback.locales.${l}`) })}
                  value={texts[l]?.body ?? ''}
                  onChange={(e) => edit(l, 'body', e.currentTarget.value)}
                  autosize
                  minRows={3}
                />
              </Stack>
            </Tabs.Panel>
          ))}
        </Tabs>
        {notify.isError && <Alert color="red">{notify.error.message}</Alert>}
        <Group>
          <Button leftSection={<IconSend size={16} />} onClick={submit} loading={notify.isPending} disabled={running || !texts[defaultLocale]?.body.trim()}>
            {t('feedback.notify.send', { n: formatNumber(item.contacts) })}
          </Button>
        </Group>
        {latest && <RunProgress run={latest} />}
      </Stack>
    </Paper>
  );
}
