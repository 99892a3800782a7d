import { useState, type FormEvent } from 'react';
import {
  ActionIcon, Alert, Button, Card, Group, MultiSelect, NumberInput, SegmentedControl, Select, Stack, Text, TextInput, Title,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { describeError } from '../../api/errors.ts';
import { useCreateExperiment } from '../../api/experiments.ts';
import { useSegments } from '../../api/segments.ts';
import type { MetricDefinition } from '../../api/types.ts';
import { SampleSizeCard } from './SampleSizeCard.tsx';
import { readPrefill } from './prefill.ts';

type Unit = 'contact' | 'company' | 'visitor';
type Kind = MetricDefinition['kind'];
interface Variant { key: string; weight: number | string; value: string }
interface Metric { key: string; label: string; kind: Kind; event: string; property: string; source: 'event_property' | 'company_mrr'; window_days: number | string; cap: number | string }
interface Hypothesis { text: string; metric: string; direction: 'increase' | 'decrease' | 'any' }

const KINDS: Kind[] = ['conversion', 'count', 'revenue', 'retention', 'time_to_value', 'conversations_started', 'messages_sent', 'first_response', 'csat'];
/** Kinds read from the Inbox, not from an event. */
const SUPPORT_KINDS: Kind[] = ['conversations_started', 'messages_sent', 'first_response', 'csat'];
const usesEvent = (m: Metric) => !SUPPORT_KINDS.includes(m.kind) && !(m.kind === 'revenue' && m.source === 'company_mrr');
const slug = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');

/** A flag value typed as JSON (true, "text", 3, {"a":1}); anything else is taken as a string. */
function flagValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The design form: what is tested, on whom, the pre-registration and the planned sample. */
export default function DesignForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateExperiment();
  const segments = useSegments();
  const [params] = useSearchParams();
  const [prefill] = useState(() => readPrefill(params.get('design')));
  const [name, setName] = useState(prefill.name ?? '');
  const [key, setKey] = useState(prefill.key ?? '');
  const [flag, setFlag] = useState(prefill.flag ?? '');
  const [unit, setUnit] = useState<Unit>(prefill.unit ?? 'company');
  const [variants, setVariants] = useState<Variant[]>([
    { key: 'control', weight: 1, value: 'true' },
    { key: 'treatment', weight: 1, value: 'false' },
  ]);
  const [segmentId, setSegmentId] = useState<string | null>(null);
  const [entryStart, setEntryStart] = useState('');
  const [entryEnd, setEntryEnd] = useState('');
  const [traffic, setTraffic] = useState<number | string>(100);
  const [layer, setLayer] = useState({ key: '', start: 0 as number | string, end: 1 as number | string });
  const [metrics, setMetrics] = useState<Metric[]>([
    prefill.metric
      ? { ...prefill.metric, event: '', property: '', source: 'event_property', cap: '' }
      : { key: 'converted_to_paid', label: '', kind: 'conversion', event: 'subscription_started', property: '', source: 'event_property', window_days: 28, cap: '' },
  ]);
  const firstMetric = prefill.metric?.key ?? 'converted_to_paid';
  const [hypotheses, setHypotheses] = useState<Hypothesis[]>([
    { text: prefill.hypothesis?.text ?? '', metric: firstMetric, direction: prefill.hypothesis?.direction ?? 'decrease' },
  ]);
  const [primary, setPrimary] = useState<string | null>(firstMetric);
  const [secondary, setSecondary] = useState<string[]>([]);
  const [guardrails, setGuardrails] = useState<string[]>([]);
  const [alpha, setAlpha] = useState<number | string>(0.05);
  const [power, setPower] = useState<number | string>(0.8);
  const [mode, setMode] = useState<'fixed' | 'sequential'>('fixed');
  const [planned, setPlanned] = useState<number | string>('');

  const metricKeys = metrics.map((m) => m.key).filter(Boolean);
  const segmentOptions = (segments.data ?? []).filter((s) => s.target === unit).map((s) => ({ value: s.id, label: s.name }));
  const patch = <T,>(list: T[], set: (v: T[]) => void, i: number, p: Partial<T>) => set(list.map((x, j) => (j === i ? { ...x, ...p } : x)));

  const body = () => ({
    key: key || slug(name),
    name,
    flag_key: flag,
    unit,
    traffic: Number(traffic) / 100,
    variants: variants.map((v) => ({ key: v.key, weight: Number(v.weight), value: flagValue(v.value) })),
    ...(layer.key ? { layer: { key: layer.key, start: Number(layer.start), end: Number(layer.end) } } : {}),
    eligibility: {
      segment_id: segmentId,
      entry_starts_at: entryStart ? new Date(entryStart).toISOString() : null,
      entry_ends_at: entryEnd ? new Date(entryEnd).toISOString() : null,
    },
    registration: {
      hypotheses,
      metrics: metrics.map((m) => ({
        key: m.key,
        label: m.label || m.key,
        kind: m.kind,
        ...(m.event && usesEvent(m) ? { event: m.event } : {}),
        ...(m.property && m.kind === 'revenue' ? { property: m.property } : {}),
        source: m.source,
        window_days: Number(m.window_days),
        ...(m.kind === 'revenue' && m.cap !== '' ? { cap_percentile: Number(m.cap) / 100 } : {}),
      })),
      primary_metric: primary,
      secondary_metrics: secondary,
      guardrails,
      alpha: Number(alpha),
      power: Number(power),
      mode,
      planned_units_per_arm: planned === '' ? undefined : Number(planned),
    },
  });

  const submit = (start: boolean) => (e?: FormEvent) => {
    e?.preventDefault();
    create.mutate({ body: body(), start }, { onSuccess: (exp) => navigate(`/experiments/${exp.id}`) });
  };
  const error = create.isError ? describeError(create.error, t) : null;

  return (
    <Stack>
      <form id="experiment-design" onSubmit={submit(false)}>
      <Stack>
        <Title order={2}>{t('experiments.design.title')}</Title>
        <Card withBorder>
          <Title order={3} size="h4">{t('experiments.design.what')}</Title>
          <Group grow mt="xs">
            <TextInput label={t('experiments.design.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required />
            <TextInput label={t('experiments.design.key')} placeholder={slug(name)} value={key} onChange={(e) => setKey(e.currentTarget.value)} />
            <TextInput label={t('experiments.design.flag')} description={t('experiments.design.flagHelp')} value={flag} onChange={(e) => setFlag(e.currentTarget.value)} required />
          </Group>
          <Text size="sm" fw={500} mt="md">{t('experiments.design.variants')}</Text>
          {variants.map((v, i) => (
            <Group key={i} mt={4} align="flex-end">
              <TextInput label={i === 0 ? t('experiments.design.control') : t('experiments.design.variantKey')} value={v.key} onChange={(e) => patch(variants, setVariants, i, { key: e.currentTarget.value })} required />
              <NumberInput label={t('experiments.design.weight')} value={v.weight} onChange={(w) => patch(variants, setVariants, i, { weight: w })} min={0.001} w={110} />
              <TextInput label={t('experiments.design.value')} value={v.value} onChange={(e) => patch(variants, setVariants, i, { value: e.currentTarget.value })} w={160} />
              {i > 1 && (
                <ActionIcon variant="subtle" color="red" onClick={() => setVariants(variants.filter((_, j) => j !== i))} aria-label={t('experiments.design.remove')}>
                  <IconTrash size={16} />
                </ActionIcon>
              )}
            </Group>
          ))}
          <Button variant="subtle" size="xs" mt="xs" leftSection={<IconPlus size={14} />} onClick={() => setVariants([...variants, { key: `treatment_${variants.length}`, weight: 1, value: 'false' }])}>
            {t('experiments.design.addVariant')}
          </Button>
        </Card>

        <Card withBorder>
          <Title order={3} size="h4">{t('experiments.design.who')}</Title>
          <SegmentedControl
            mt="xs"
            value={unit}
            onChange={(v) => {
              setUnit(v as Unit);
              setSegmentId(null);
            }}
            data={(['company', 'contact', 'visitor'] as const).map((u) => ({ value: u, label: t(`experiments.unit.${u}`) }))}
          />
          <Group grow mt="sm" align="flex-end">
            <Select label={t('experiments.design.segment')} placeholder={t('experiments.design.everyone')} data={segmentOptions} value={segmentId} onChange={setSegmentId} clearable disabled={unit === 'visitor'} data-testid="eligibility-segment" />
            <TextInput type="datetime-local" label={t('experiments.design.entryStart')} value={entryStart} onChange={(e) => setEntryStart(e.currentTarget.value)} />
            <TextInput type="datetime-local" label={t('experiments.design.entryEnd')} value={entryEnd} onChange={(e) => setEntryEnd(e.currentTarget.value)} />
          </Group>
          <Group mt="sm" align="flex-end">
            <NumberInput label={t('experiments.design.traffic')} value={traffic} onChange={setTraffic} min={1} max={100} suffix="%" w={140} />
            <TextInput label={t('experiments.design.layer')} description={t('experiments.design.layerHelp')} value={layer.key} onChange={(e) => setLayer({ ...layer, key: e.currentTarget.value })} w={220} />
            {layer.key && (
              <>
                <NumberInput label={t('experiments.design.layerStart')} value={layer.start} onChange={(v) => setLayer({ ...layer, start: v })} min={0} max={1} step={0.1} decimalScale={3} w={110} />
                <NumberInput label={t('experiments.design.layerEnd')} value={layer.end} onChange={(v) => setLayer({ ...layer, end: v })} min={0} max={1} step={0.1} decimalScale={3} w={110} />
              </>
            )}
          </Group>
        </Card>

        <Card withBorder>
          <Title order={3} size="h4">{t('experiments.design.metrics')}</Title>
          <Text size="sm" c="dimmed">{t('experiments.design.metricsHelp')}</Text>
          {metrics.map((m, i) => (
            <Group key={i} mt="xs" align="flex-end" wrap="wrap">
              <TextInput label={t('experiments.design.metricKey')} value={m.key} onChange={(e) => patch(metrics, setMetrics, i, { key: e.currentTarget.value })} w={170} required />
              <TextInput label={t('experiments.design.metricLabel')} value={m.label} onChange={(e) => patch(metrics, setMetrics, i, { label: e.currentTarget.value })} w={180} />
              <Select label={t('experiments.design.kind')} data={KINDS.map((k) => ({ value: k, label: t(`experiments.kind.${k}`) }))} value={m.kind} onChange={(k) => k && patch(metrics, setMetrics, i, { kind: k as Kind })} w={150} allowDeselect={false} />
              {m.kind === 'revenue' && (
                <Select
                  label={t('experiments.design.source')}
                  data={[{ value: 'event_property', label: t('experiments.source.event_property') }, { value: 'company_mrr', label: t('experiments.source.company_mrr') }]}
                  value={m.source}
                  onChange={(s) => s && patch(metrics, setMetrics, i, { source: s as Metric['source'] })}
                  w={190}
                  allowDeselect={false}
                />
              )}
              {usesEvent(m) && (
                <TextInput label={t('experiments.design.event')} value={m.event} onChange={(e) => patch(metrics, setMetrics, i, { event: e.currentTarget.value })} w={180} />
              )}
              {m.kind === 'revenue' && m.source === 'event_property' && (
                <TextInput label={t('experiments.design.property')} value={m.property} onChange={(e) => patch(metrics, setMetrics, i, { property: e.currentTarget.value })} w={120} />
              )}
              {m.kind === 'revenue' && (
                <NumberInput
                  label={t('experiments.design.cap')}
                  description={t('experiments.design.capHelp')}
                  placeholder={t('experiments.design.capRaw')}
                  value={m.cap}
                  onChange={(c) => patch(metrics, setMetrics, i, { cap: c })}
                  min={50}
                  max={99.9}
                  decimalScale={1}
                  w={190}
                />
              )}
              {m.kind !== 'retention' && (
                <NumberInput label={t('experiments.design.window')} value={m.window_days} onChange={(w) => patch(metrics, setMetrics, i, { window_days: w })} min={1} max={365} w={110} />
              )}
              {i > 0 && (
                <ActionIcon variant="subtle" color="red" onClick={() => setMetrics(metrics.filter((_, j) => j !== i))} aria-label={t('experiments.design.remove')}>
                  <IconTrash size={16} />
                </ActionIcon>
              )}
            </Group>
          ))}
          <Button variant="subtle" size="xs" mt="xs" leftSection={<IconPlus size={14} />} onClick={() => setMetrics([...metrics, { key: `metric_${metrics.length + 1}`, label: '', kind: 'count', event: '', property: '', source: 'event_property', window_days: 28, cap: '' }])}>
            {t('experiments.design.addMetric')}
          </Button>
          <Group grow mt="md">
            <Select label={t('experiments.design.primary')} data={metricKeys} value={primary} onChange={setPrimary} required data-testid="primary-metric" />
            <MultiSelect label={t('experiments.design.secondary')} data={metricKeys.filter((k) => k !== primary)} value={secondary} onChange={setSecondary} />
            <MultiSelect label={t('experiments.design.guardrails')} data={metricKeys.filter((k) => k !== primary)} value={guardrails} onChange={setGuardrails} />
          </Group>
        </Card>

        <Card withBorder>
          <Title order={3} size="h4">{t('experiments.design.hypotheses')}</Title>
          {hypotheses.map((h, i) => (
            <Group key={i} mt="xs" align="flex-end">
              <TextInput label={t('experiments.design.hypothesis')} value={h.text} onChange={(e) => patch(hypotheses, setHypotheses, i, { text: e.currentTarget.value })} style={{ flex: 1 }} required data-testid={`hypothesis-${i}`} />
              <Select label={t('experiments.design.metric')} data={metricKeys} value={h.metric} onChange={(m) => m && patch(hypotheses, setHypotheses, i, { metric: m })} w={180} allowDeselect={false} />
              <Select
                label={t('experiments.design.direction')}
                data={(['increase', 'decrease', 'any'] as const).map((d) => ({ value: d, label: t(`experiments.direction.${d}`) }))}
                value={h.direction}
                onChange={(d) => d && patch(hypotheses, setHypotheses, i, { direction: d as Hypothesis['direction'] })}
                w={210}
                allowDeselect={false}
              />
            </Group>
          ))}
          <Button variant="subtle" size="xs" mt="xs" leftSection={<IconPlus size={14} />} onClick={() => setHypotheses([...hypotheses, { text: '', metric: primary ?? '', direction: 'any' }])}>
            {t('experiments.design.addHypothesis')}
          </Button>
        </Card>

        <Card withBorder>
          <Title order={3} size="h4">{t('experiments.design.analysis')}</Title>
          <Group mt="xs" align="flex-end">
            <SegmentedControl value={mode} onChange={(v) => setMode(v as typeof mode)} data={(['fixed', 'sequential'] as const).map((m) => ({ value: m, label: t(`experiments.mode.${m}`) }))} />
            <NumberInput label={t('experiments.sampleSize.alpha')} value={alpha} onChange={setAlpha} min={0.001} max={0.2} step={0.01} decimalScale={3} w={110} />
            <NumberInput label={t('experiments.sampleSize.power')} value={power} onChange={setPower} min={0.51} max={0.99} step={0.05} decimalScale={2} w={110} />
            <NumberInput label={t('experiments.design.planned')} value={planned} onChange={setPlanned} min={1} w={180} required data-testid="planned-units" />
          </Group>
          <Text size="sm" c="dimmed" mt="xs">{t(`experiments.design.modeHelp.${mode}`)}</Text>
        </Card>
      </Stack>
      </form>
      {/* Outside the design form: the calculator is a form of its own. */}
      <SampleSizeCard onUse={(n) => setPlanned(n)} />

        {error && (
          <Alert color="red" title={t('experiments.design.refused')} data-testid="design-error">
            {error.message}
          </Alert>
        )}
        <Group>
        <Button type="submit" form="experiment-design" variant="default" loading={create.isPending}>{t('experiments.design.saveDraft')}</Button>
        <Button onClick={() => submit(true)()} loading={create.isPending} data-testid="save-and-start">{t('experiments.design.saveAndStart')}</Button>
      </Group>
    </Stack>
  );
}
