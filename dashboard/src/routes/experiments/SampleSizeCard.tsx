import { useState, type FormEvent } from 'react';
import { Alert, Button, Card, Group, NumberInput, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../api/errors.ts';
import { useSampleSize } from '../../api/experiments.ts';
import { i18n } from '../../i18n/index.ts';

const count = (v: number) => new Intl.NumberFormat(i18n.language).format(v);

/**
 * Baseline conversion, the smallest lift worth finding and the traffic → units per arm and days.
 * In the design form `onUse` takes the result as the planned sample.
 */
export function SampleSizeCard({ onUse }: { onUse?: (unitsPerArm: number) => void } = {}) {
  const { t } = useTranslation();
  const calculate = useSampleSize();
  const [baseline, setBaseline] = useState<number | string>(10);
  const [mde, setMde] = useState<number | string>(2);
  const [alpha, setAlpha] = useState<number | string>(0.05);
  const [power, setPower] = useState<number | string>(0.8);
  const [daily, setDaily] = useState<number | string>('');
  const [traffic, setTraffic] = useState<number | string>(100);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    e.stopPropagation();
    calculate.mutate({
      baseline: Number(baseline) / 100,
      mde: Number(mde) / 100,
      alpha: Number(alpha),
      power: Number(power),
      daily_units: daily === '' ? undefined : Number(daily),
      traffic: Number(traffic) / 100,
    });
  };

  return (
    <Card withBorder>
      <Title order={3} size="h4">
        {t('experiments.sampleSize.title')}
      </Title>
      <Text c="dimmed" size="sm" mb="sm">
        {t('experiments.sampleSize.help')}
      </Text>
      <form onSubmit={submit}>
        <Group align="flex-end">
          <NumberInput label={t('experiments.sampleSize.baseline')} value={baseline} onChange={setBaseline} min={0.01} max={99.99} decimalScale={2} suffix="%" w={150} required />
          <NumberInput label={t('experiments.sampleSize.mde')} value={mde} onChange={setMde} decimalScale={2} w={200} required />
          <NumberInput label={t('experiments.sampleSize.alpha')} value={alpha} onChange={setAlpha} min={0.001} max={0.2} step={0.01} decimalScale={3} w={110} required />
          <NumberInput label={t('experiments.sampleSize.power')} value={power} onChange={setPower} min={0.51} max={0.99} step={0.05} decimalScale={2} w={110} required />
          <NumberInput label={t('experiments.sampleSize.daily')} value={daily} onChange={setDaily} min={1} w={170} />
          <NumberInput label={t('experiments.sampleSize.traffic')} value={traffic} onChange={setTraffic} min={1} max={100} suffix="%" w={130} required />
          <Button type="submit" variant="light" loading={calculate.isPending}>
            {t('experiments.sampleSize.calculate')}
          </Button>
        </Group>
      </form>
      {calculate.data && (
        <Text mt="md" data-testid="sample-size-result">
          {calculate.data.days === null
            ? t('experiments.sampleSize.result', { perArm: count(calculate.data.units_per_arm), total: count(calculate.data.total_units) })
            : t('experiments.sampleSize.resultDays', { perArm: count(calculate.data.units_per_arm), total: count(calculate.data.total_units), days: count(calculate.data.days) })}
        </Text>
      )}
      {calculate.data && onUse && (
        <Button size="xs" variant="light" mt="xs" onClick={() => onUse(calculate.data.units_per_arm)} data-testid="use-sample-size">
          {t('experiments.sampleSize.use')}
        </Button>
      )}
      {calculate.isError && (
        <Alert color="red" mt="md">
          {describeError(calculate.error, t).message}
        </Alert>
      )}
    </Card>
  );
}
