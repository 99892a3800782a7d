import { Checkbox, Chip, Group, NumberInput, Select, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  FRUSTRATION_SIGNALS,
  type CampaignCreate,
  type CampaignFrequency,
  type CampaignSchedule,
  type CampaignTrigger,
} from '../../../../contracts/campaigns.ts';

const TRIGGERS = ['page_view', 'event', 'segment_entered', 'frustration', 'manual'] as const;
const DEFAULT_FREQUENCY: CampaignFrequency = { max_shows: 1, min_hours_between: 24, stop_after_dismiss: true, capped: true };
const DEFAULT_SCHEDULE: CampaignSchedule = { starts_at: null, ends_at: null, days: [], hours: null };

function triggerOf(type: (typeof TRIGGERS)[number], segmentId: string | undefined): CampaignTrigger {
  switch (type) {
    case 'event':
      return { type, event: '' };
    case 'segment_entered':
      return { type, segment_id: segmentId ?? '' };
    case 'frustration':
      return { type, signal: 'rage_click' };
    case 'manual':
      return { type };
    case 'page_view':
      return { type, delay_seconds: 0 };
  }
}

const patterns = (value: string) => value.split(',').map((s) => s.trim()).filter(Boolean);
// <input type="datetime-local"> speaks the admin's local time without a zone; the API wants an instant.
const toLocalInput = (iso: string | null) => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : null);

/**
 * When and how often a campaign shows: its trigger, pages, schedule (days and hours in the
 * contact's time zone) and per-campaign frequency. The workspace caps and quiet hours are on the
 * campaign list (DeliverySettingsCard).
 */
export function DeliveryRules({ draft, setDraft, segments }: { draft: CampaignCreate; setDraft: (d: CampaignCreate) => void; segments: { value: string; label: string }[] }) {
  const { t, i18n } = useTranslation();
  const trigger = draft.trigger as CampaignTrigger;
  const schedule: CampaignSchedule = { ...DEFAULT_SCHEDULE, ...draft.schedule };
  const frequency: CampaignFrequency = { ...DEFAULT_FREQUENCY, ...draft.frequency };
  const setSchedule = (patch: Partial<CampaignSchedule>) => setDraft({ ...draft, schedule: { ...schedule, ...patch } });
  const setFrequency = (patch: Partial<CampaignFrequency>) => setDraft({ ...draft, frequency: { ...frequency, ...patch } });
  const weekday = new Intl.DateTimeFormat(i18n.language, { weekday: 'short', timeZone: 'UTC' });
  // 2023-01-01 was a Sunday: day 0 of the schedule.
  const days = Array.from({ length: 7 }, (_, d) => ({ value: String(d), label: weekday.format(Date.UTC(2023, 0, 1 + d)) }));

  return (
    <Stack gap="sm">
      <Title order={5}>{t('campaigns.sections.trigger')}</Title>
      <Select
        label={t('campaigns.fields.trigger')}
        data={TRIGGERS.map((v) => ({ value: v, label: t(`campaigns.triggers.${v}`) }))}
        value={trigger.type}
        allowDeselect={false}
        onChange={(v) => v && setDraft({ ...draft, trigger: triggerOf(v as (typeof TRIGGERS)[number], segments[0]?.value) })}
      />
      {trigger.type === 'page_view' && (
        <NumberInput label={t('campaigns.fields.delay')} min={0} max={3600} value={trigger.delay_seconds} onChange={(v) => setDraft({ ...draft, trigger: { type: 'page_view', delay_seconds: Number(v) || 0 } })} />
      )}
      {trigger.type === 'event' && <TextInput label={t('campaigns.fields.event')} value={trigger.event} onChange={(e) => setDraft({ ...draft, trigger: { type: 'event', event: e.currentTarget.value } })} />}
      {trigger.type === 'segment_entered' && (
        <Select label={t('campaigns.fields.segment')} data={segments} value={trigger.segment_id || null} allowDeselect={false} onChange={(v) => v && setDraft({ ...draft, trigger: { type: 'segment_entered', segment_id: v } })} />
      )}
      {trigger.type === 'frustration' && (
        <Select
          label={t('campaigns.fields.signal')}
          description={t('campaigns.signalHelp')}
          data={FRUSTRATION_SIGNALS.map((v) => ({ value: v, label: t(`campaigns.signals.${v}`) }))}
          value={trigger.signal}
          allowDeselect={false}
          onChange={(v) => v && setDraft({ ...draft, trigger: { type: 'frustration', signal: v as (typeof FRUSTRATION_SIGNALS)[number] } })}
        />
      )}
      <TextInput
        label={t('campaigns.fields.pages')}
        description={t('campaigns.pagesHelp')}
        value={(draft.pages?.include ?? []).join(', ')}
        onChange={(e) => setDraft({ ...draft, pages: { include: patterns(e.currentTarget.value), exclude: draft.pages?.exclude ?? [] } })}
      />
      <TextInput
        label={t('campaigns.fields.excludePages')}
        value={(draft.pages?.exclude ?? []).join(', ')}
        onChange={(e) => setDraft({ ...draft, pages: { include: draft.pages?.include ?? [], exclude: patterns(e.currentTarget.value) } })}
      />

      <Title order={5}>{t('campaigns.sections.schedule')}</Title>
      <Group grow>
        <TextInput type="datetime-local" label={t('campaigns.fields.startsAt')} value={toLocalInput(schedule.starts_at)} onChange={(e) => setSchedule({ starts_at: fromLocalInput(e.currentTarget.value) })} />
        <TextInput type="datetime-local" label={t('campaigns.fields.endsAt')} value={toLocalInput(schedule.ends_at)} onChange={(e) => setSchedule({ ends_at: fromLocalInput(e.currentTarget.value) })} />
      </Group>
      <Chip.Group multiple value={schedule.days.map(String)} onChange={(v) => setSchedule({ days: v.map(Number).sort() })}>
        <Group gap="xs" aria-label={t('campaigns.fields.days')}>
          {days.map((d) => (
            <Chip key={d.value} value={d.value} size="xs">
              {d.label}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      <Group grow>
        <TextInput type="time" label={t('campaigns.fields.hoursFrom')} value={schedule.hours?.from ?? ''} onChange={(e) => setSchedule({ hours: e.currentTarget.value ? { from: e.currentTarget.value, to: schedule.hours?.to ?? '23:59' } : null })} />
        <TextInput type="time" label={t('campaigns.fields.hoursTo')} disabled={!schedule.hours} value={schedule.hours?.to ?? ''} onChange={(e) => schedule.hours && setSchedule({ hours: { from: schedule.hours.from, to: e.currentTarget.value || '23:59' } })} />
      </Group>
      <Text size="xs" c="dimmed">
        {t('campaigns.scheduleHelp')}
      </Text>

      <Title order={5}>{t('campaigns.sections.frequency')}</Title>
      <Group grow>
        <NumberInput label={t('campaigns.fields.maxShows')} min={1} max={100} value={frequency.max_shows} onChange={(v) => setFrequency({ max_shows: Number(v) || 1 })} />
        <NumberInput label={t('campaigns.fields.minHoursBetween')} min={0} max={8760} value={frequency.min_hours_between} onChange={(v) => setFrequency({ min_hours_between: Number(v) || 0 })} />
      </Group>
      <Checkbox label={t('campaigns.fields.stopAfterDismiss')} checked={frequency.stop_after_dismiss} onChange={(e) => setFrequency({ stop_after_dismiss: e.currentTarget.checked })} />
      <Switch label={t('campaigns.fields.capped')} description={t('campaigns.cappedHelp')} checked={frequency.capped} onChange={(e) => setFrequency({ capped: e.currentTarget.checked })} />
    </Stack>
  );
}
