import { useEffect, useState } from 'react';
import {
  ActionIcon,
  Alert,
  Autocomplete,
  Button,
  Card,
  Group,
  Loader,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { useAttributeDefinitions } from '../../api/contacts.ts';
import { useDeleteSeries, useSaveSeries, useSeries, useSeriesState, useStepPreview } from '../../api/engagement.ts';
import { describeError } from '../../api/errors.ts';
import { useEventNames, useSegments } from '../../api/segments.ts';
import type { Series, SeriesCreate, SeriesLocale, SeriesStep, SeriesTrigger, StepContent } from '../../api/types.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ErrorAlert } from '../../components/QueryState.tsx';
import { formatNumber } from '../../components/format.ts';
import { RuleEditor } from '../segments/RuleEditor.tsx';
import { emptyRule, segmentFields } from '../segments/rules.ts';
import { rate, StateBadge } from './present.tsx';

const LOCALES: SeriesLocale[] = ['en', 'zh-Hans', 'zh-Hant', 'ru', 'kk'];
const UNITS = { minutes: 1, hours: 60, days: 1440 } as const;
type Unit = keyof typeof UNITS;

/** The largest unit that expresses a delay exactly: 2880 minutes reads as 2 days. */
function splitDelay(minutes: number): { value: number; unit: Unit } {
  if (minutes > 0 && minutes % UNITS.days === 0) return { value: minutes / UNITS.days, unit: 'days' };
  if (minutes > 0 && minutes % UNITS.hours === 0) return { value: minutes / UNITS.hours, unit: 'hours' };
  return { value: minutes, unit: 'minutes' };
}

const newStep = (delay_minutes: number): SeriesStep => ({ delay_minutes, content: { en: { subject: '', body: '' } } });

const blank = (): SeriesCreate => ({
  name: '',
  trigger: { type: 'signed_up' },
  audience_segment_id: null,
  goal: null,
  default_locale: 'en',
  track: true,
  steps: [newStep(0)],
});

/** Only languages with both a subject and a body are sent; half-written ones stay out of the save. */
function filled(step: SeriesStep): SeriesStep {
  const content = Object.fromEntries(
    Object.entries(step.content).filter(([, c]) => c && c.subject.trim() && c.body.trim()),
  ) as SeriesStep['content'];
  return { ...step, content };
}

export default function SeriesEditor() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const existing = useSeries(id);
  const save = useSaveSeries(id);
  const remove = useDeleteSeries();
  const [draft, setDraft] = useState<SeriesCreate>(blank);

  useEffect(() => {
    if (existing.data) {
      const { name, trigger, audience_segment_id, goal, default_locale, track, steps } = existing.data;
      setDraft({ name, trigger, audience_segment_id, goal, default_locale, track, steps });
    }
  }, [existing.data]);

  if (id && existing.isPending) return <Loader size="sm" />;
  if (id && existing.isError) return <ErrorAlert error={existing.error} onRetry={() => void existing.refetch()} />;

  const steps = draft.steps;
  const setStep = (i: number, step: SeriesStep) => setDraft({ ...draft, steps: steps.map((s, j) => (j === i ? step : s)) });
  const submit = async () => {
    const saved = await save.mutateAsync({ ...draft, name: draft.name.trim(), steps: steps.map(filled) });
    notifications.show({ color: 'green', message: t('series.saved', { name: saved.name }) });
    if (!id) navigate(`/email-series/${saved.id}`, { replace: true });
  };

  return (
    <Stack gap="md" maw={1100}>
      <Group justify="space-between">
        <Group gap="sm">
          <Title order={2}>{id ? draft.name || t('series.untitled') : t('series.new')}</Title>
          {existing.data && <StateBadge state={existing.data.state} />}
        </Group>
        {existing.data && (
          <Group gap="xs">
            <StartPause series={existing.data} />
            <ConfirmButton
              label={t('common.delete')}
              question={t('series.deleteConfirm', { name: existing.data.name })}
              onConfirm={() => remove.mutate(existing.data.id, { onSuccess: () => navigate('/email-series') })}
            />
          </Group>
        )}
      </Group>
      {existing.data && <Overview series={existing.data} />}
      <Card withBorder padding="lg">
        <Stack>
          <TextInput label={t('series.fields.name')} required value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })} />
          <TriggerFields trigger={draft.trigger} onChange={(trigger) => setDraft({ ...draft, trigger })} />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <SegmentSelect
              label={t('series.fields.audience')}
              placeholder={t('series.everyone')}
              value={draft.audience_segment_id ?? null}
              onChange={(v) => setDraft({ ...draft, audience_segment_id: v })}
            />
            <EventInput
              label={t('series.fields.goal')}
              placeholder={t('series.noGoal')}
              value={draft.goal?.event ?? ''}
              onChange={(event) => setDraft({ ...draft, goal: event.trim() ? { event } : null })}
            />
            <Select
              label={t('series.fields.defaultLocale')}
              allowDeselect={false}
              data={LOCALES.map((l) => ({ value: l, label: t(`series.locales.${l}`) }))}
              value={draft.default_locale ?? 'en'}
              onChange={(v) => setDraft({ ...draft, default_locale: (v ?? 'en') as SeriesLocale })}
            />
          </SimpleGrid>
          <Switch
            label={t('series.fields.track')}
            description={t('series.trackHelp')}
            checked={draft.track ?? true}
            onChange={(e) => setDraft({ ...draft, track: e.currentTarget.checked })}
          />
        </Stack>
      </Card>
      {steps.map((step, i) => (
        <StepCard
          key={i}
          index={i}
          step={step}
          track={draft.track ?? true}
          stats={existing.data?.stats.steps[i]}
          onChange={(s) => setStep(i, s)}
          onRemove={steps.length > 1 ? () => setDraft({ ...draft, steps: steps.filter((_, j) => j !== i) }) : undefined}
        />
      ))}
      <Group justify="space-between">
        <Button variant="light" leftSection={<IconPlus size={14} />} onClick={() => setDraft({ ...draft, steps: [...steps, newStep(UNITS.days)] })}>
          {t('series.addStep')}
        </Button>
        <Button onClick={() => void submit().catch(() => undefined)} loading={save.isPending} disabled={!draft.name.trim()}>
          {t('series.save')}
        </Button>
      </Group>
      {save.isError && (
        <Alert color="red" title={describeError(save.error, t).title}>
          {describeError(save.error, t).message}
        </Alert>
      )}
    </Stack>
  );
}

function StartPause({ series }: { series: Series }) {
  const { t } = useTranslation();
  const state = useSeriesState(series.id);
  return series.state === 'live' ? (
    <Button variant="default" onClick={() => state.mutate('pause')} loading={state.isPending}>
      {t('series.pause')}
    </Button>
  ) : (
    <Button color="green" onClick={() => state.mutate('start')} loading={state.isPending}>
      {series.started_at ? t('series.resume') : t('series.start')}
    </Button>
  );
}

function Overview({ series }: { series: Series }) {
  const { t } = useTranslation();
  const s = series.stats;
  const items = [
    ['enrolled', s.enrolled],
    ['active', s.active],
    ['goalReached', s.goal_reached],
    ['completed', s.completed],
    ['unsubscribed', s.unsubscribed],
  ] as const;
  return (
    <SimpleGrid cols={{ base: 2, sm: 5 }} data-testid="series-overview">
      {items.map(([key, n]) => (
        <Card key={key} withBorder padding="sm">
          <Text size="xs" c="dimmed">
            {t(`series.stats.${key}`)}
          </Text>
          <Text fw={600} size="lg">
            {formatNumber(n)}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}

function SegmentSelect({ label, placeholder, value, onChange }: { label: string; placeholder: string; value: string | null; onChange: (id: string | null) => void }) {
  const segments = useSegments();
  const data = (segments.data ?? []).filter((s) => s.target === 'contact').map((s) => ({ value: s.id, label: s.name }));
  return <Select label={label} placeholder={placeholder} clearable searchable data={data} value={value} onChange={onChange} />;
}

function EventInput({ label, placeholder, value, onChange }: { label: string; placeholder?: string; value: string; onChange: (v: string) => void }) {
  const names = useEventNames();
  return <Autocomplete label={label} placeholder={placeholder} data={names.data ?? []} value={value} onChange={onChange} />;
}

function TriggerFields({ trigger, onChange }: { trigger: SeriesTrigger; onChange: (t: SeriesTrigger) => void }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <Select
        label={t('series.fields.trigger')}
        allowDeselect={false}
        data={(['signed_up', 'event', 'segment_entered'] as const).map((v) => ({ value: v, label: t(`series.triggers.${v}`) }))}
        value={trigger.type}
        onChange={(v) =>
          onChange(v === 'event' ? { type: 'event', event: '' } : v === 'segment_entered' ? { type: 'segment_entered', segment_id: '' } : { type: 'signed_up' })
        }
      />
      {trigger.type === 'event' && (
        <EventInput label={t('series.fields.triggerEvent')} value={trigger.event} onChange={(event) => onChange({ type: 'event', event })} />
      )}
      {trigger.type === 'segment_entered' && (
        <SegmentSelect
          label={t('series.fields.triggerSegment')}
          placeholder={t('series.pickSegment')}
          value={trigger.segment_id || null}
          onChange={(id) => onChange({ type: 'segment_entered', segment_id: id ?? '' })}
        />
      )}
    </SimpleGrid>
  );
}

function StepCard({
  index,
  step,
  track,
  stats,
  onChange,
  onRemove,
}: {
  index: number;
  step: SeriesStep;
  track: boolean;
  stats?: { sent: number; opened: number; clicked: number; goal: number };
  onChange: (s: SeriesStep) => void;
  onRemove?: () => void;
}) {
  const { t } = useTranslation();
  const defs = useAttributeDefinitions();
  const [locale, setLocale] = useState<SeriesLocale>('en');
  const delay = splitDelay(step.delay_minutes);
  const content = step.content[locale] ?? { subject: '', body: '' };
  const setContent = (c: StepContent) => onChange({ ...step, content: { ...step.content, [locale]: c } });
  const fields = segmentFields('contact', defs.data ?? [], (f) => t('segments.companyField', { field: f.custom ? f.label : t(f.label) }));
  return (
    <Card withBorder padding="lg" data-testid={`step-${index}`}>
      <Stack>
        <Group justify="space-between">
          <Title order={3} size="h5">
            {t('series.step', { n: index + 1 })}
          </Title>
          <Group gap="md">
            {stats && stats.sent > 0 && (
              <Text size="sm" c="dimmed" data-testid={`step-${index}-stats`}>
                {t('series.stepStats', {
                  sent: formatNumber(stats.sent),
                  opened: track ? rate(stats.opened, stats.sent) : '—',
                  clicked: track ? rate(stats.clicked, stats.sent) : '—',
                  goal: rate(stats.goal, stats.sent),
                })}
              </Text>
            )}
            {onRemove && (
              <ActionIcon variant="subtle" color="gray" aria-label={t('series.removeStep')} onClick={onRemove}>
                <IconTrash size={16} />
              </ActionIcon>
            )}
          </Group>
        </Group>
        <Group gap="xs" align="flex-end">
          <NumberInput
            label={index === 0 ? t('series.delayFirst') : t('series.delayNext')}
            w={120}
            min={0}
            allowDecimal={false}
            value={delay.value}
            onChange={(v) => onChange({ ...step, delay_minutes: (typeof v === 'number' ? v : 0) * UNITS[delay.unit] })}
          />
          <Select
            aria-label={t('series.delayUnit')}
            w={130}
            allowDeselect={false}
            data={(Object.keys(UNITS) as Unit[]).map((u) => ({ value: u, label: t(`series.units.${u}`) }))}
            value={delay.unit}
            onChange={(u) => onChange({ ...step, delay_minutes: delay.value * UNITS[(u ?? 'minutes') as Unit] })}
          />
          <Switch
            ml="md"
            mb={8}
            label={t('series.onlyIf')}
            checked={Boolean(step.condition)}
            onChange={(e) => onChange({ ...step, condition: e.currentTarget.checked ? emptyRule() : null })}
          />
        </Group>
        {step.condition && (
          <RuleEditor target="contact" fields={fields} value={step.condition} onChange={(condition) => onChange({ ...step, condition })} />
        )}
        <Tabs value={locale} onChange={(v) => setLocale((v ?? 'en') as SeriesLocale)}>
          <Tabs.List>
            {LOCALES.map((l) => (
              <Tabs.Tab key={l} value={l} fw={step.content[l]?.subject ? 600 : undefined}>
                {t(`series.locales.${l}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Stack gap="xs">
            <TextInput label={t('series.fields.subject')} value={content.subject} onChange={(e) => setContent({ ...content, subject: e.currentTarget.value })} />
            <Textarea
              label={t('series.fields.body')}
              // The help text shows the placeholders themselves, so they are passed in as their own values.
              description={t('series.bodyHelp', { first_name: '{{first_name}}', name: '{{name}}', email: '{{email}}' })}
              autosize
              minRows={8}
              value={content.body}
              onChange={(e) => setContent({ ...content, body: e.currentTarget.value })}
            />
          </Stack>
          <Preview content={content} locale={locale} track={track} />
        </SimpleGrid>
      </Stack>
    </Card>
  );
}

/** The e-mail as a sample person gets it, rendered by the server in a sandboxed frame. */
function Preview({ content, locale, track }: { content: StepContent; locale: SeriesLocale; track: boolean }) {
  const { t } = useTranslation();
  const [debounced] = useDebouncedValue(content, 400);
  const preview = useStepPreview(debounced, locale, track);
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {t('series.preview')}
      </Text>
      {preview.data ? (
        <Card withBorder padding={0}>
          <Text size="sm" fw={600} p="xs" data-testid="preview-subject">
            {preview.data.subject}
          </Text>
          <iframe
            title={t('series.preview')}
            sandbox=""
            srcDoc={preview.data.html}
            style={{ border: 0, width: '100%', height: 260, background: 'white' }}
          />
        </Card>
      ) : (
        <Text size="sm" c="dimmed">
          {t('series.previewEmpty')}
        </Text>
      )}
    </Stack>
  );
}
