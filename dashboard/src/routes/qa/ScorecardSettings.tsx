import { useState } from 'react';
import { ActionIcon, Button, Group, NumberInput, Paper, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { describeError, fieldErrors } from '../../api/errors.ts';
import { useSampleNow, useSaveScorecard, useScorecards } from '../../api/qa.ts';
import type { Criterion, Scorecard } from '../../api/types.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { DEFAULT_CRITERIA, criterionId } from './criteria.ts';

const NEW = 'new';
const WEEK_MS = 7 * 86_400_000;

/** Owners and admins set scorecards: weighted criteria with a scale each, and the weekly sample size. */
export default function ScorecardSettings() {
  const { t } = useTranslation();
  const scorecards = useScorecards();
  const [selected, setSelected] = useState<string>(NEW);
  return (
    <QueryState query={scorecards}>
      {(list) => {
        const card = list.data.find((c) => c.id === selected) ?? null;
        return (
          <Stack>
            <Select
              label={t('qa.scorecards.pick')}
              value={card ? card.id : NEW}
              onChange={(v) => setSelected(v ?? NEW)}
              data={[{ value: NEW, label: t('qa.scorecards.new') }, ...list.data.map((c) => ({ value: c.id, label: c.name }))]}
              w={320}
            />
            <ScorecardForm key={card?.id ?? NEW} card={card} onSaved={(s) => setSelected(s.id)} />
          </Stack>
        );
      }}
    </QueryState>
  );
}

function ScorecardForm({ card, onSaved }: { card: Scorecard | null; onSaved: (s: Scorecard) => void }) {
  const { t } = useTranslation();
  const save = useSaveScorecard();
  const sample = useSampleNow();
  const [name, setName] = useState(card?.name ?? '');
  const [weekly, setWeekly] = useState(card?.weekly_sample ?? 2);
  const [criteria, setCriteria] = useState<Criterion[]>(card?.criteria ?? DEFAULT_CRITERIA((k) => t(`qa.scorecards.defaults.${k}`)));
  const errors = fieldErrors(save.error);
  const patch = (i: number, change: Partial<Criterion>) => setCriteria(criteria.map((c, k) => (k === i ? { ...c, ...change } : c)));
  const submit = () => save.mutate({ id: card?.id, input: { name, criteria, weekly_sample: weekly } }, { onSuccess: (s) => onSaved(s) });
  return (
    <Paper withBorder p="md">
      <Stack>
        <Group align="flex-start">
          <TextInput label={t('qa.scorecards.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} style={{ flex: 1 }} />
          <NumberInput
            label={t('qa.scorecards.weekly')}
            description={t('qa.scorecards.weeklyHelp')}
            min={0}
            max={20}
            value={weekly}
            onChange={(v) => setWeekly(Number(v) || 0)}
            error={errors.weekly_sample}
            w={220}
          />
        </Group>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('qa.scorecards.criterion')}</Table.Th>
              <Table.Th w={120}>{t('qa.scorecards.weight')}</Table.Th>
              <Table.Th w={120}>{t('qa.scorecards.scale')}</Table.Th>
              <Table.Th w={50} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {criteria.map((c, i) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <TextInput aria-label={t('qa.scorecards.criterion')} value={c.label} onChange={(e) => patch(i, { label: e.currentTarget.value })} error={errors[`criteria.${i}.label`] ?? errors[`criteria.${i}.id`]} />
                </Table.Td>
                <Table.Td>
                  <NumberInput aria-label={t('qa.scorecards.weight')} min={0.1} max={100} decimalScale={2} value={c.weight} onChange={(v) => patch(i, { weight: Number(v) })} error={errors[`criteria.${i}.weight`]} />
                </Table.Td>
                <Table.Td>
                  <NumberInput aria-label={t('qa.scorecards.scale')} min={2} max={10} value={c.scale} onChange={(v) => patch(i, { scale: Number(v) })} error={errors[`criteria.${i}.scale`]} />
                </Table.Td>
                <Table.Td>
                  <ActionIcon variant="subtle" color="red" aria-label={t('common.delete')} onClick={() => setCriteria(criteria.filter((_, k) => k !== i))} disabled={criteria.length === 1}>
                    <IconTrash size={16} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <AddCriterion taken={criteria.map((c) => c.id)} onAdd={(c) => setCriteria([...criteria, c])} />
        {save.isError && !Object.keys(errors).length && <Text c="red" size="sm">{describeError(save.error, t).message}</Text>}
        <Group>
          <Button onClick={submit} loading={save.isPending}>
            {t('qa.scorecards.save')}
          </Button>
          {card && (
            <Button
              variant="default"
              loading={sample.isPending}
              onClick={() => sample.mutate({ id: card.id, from: new Date(Date.now() - WEEK_MS).toISOString(), to: new Date().toISOString() })}
            >
              {t('qa.scorecards.sampleNow')}
            </Button>
          )}
          {save.isSuccess && (
            <Text size="sm" c="green">
              {t('qa.scorecards.saved')}
            </Text>
          )}
          {sample.isSuccess && (
            <Text size="sm" c="green" data-testid="qa-sampled">
              {t('qa.scorecards.sampled', { count: sample.data.assigned })}
            </Text>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

function AddCriterion({ taken, onAdd }: { taken: string[]; onAdd: (c: Criterion) => void }) {
  const { t } = useTranslation();
  const [label, setLabel] = useState('');
  const add = () => {
    if (!label.trim()) return;
    onAdd({ id: criterionId(label, taken), label: label.trim(), weight: 1, scale: 5 });
    setLabel('');
  };
  return (
    <Group>
      <TextInput placeholder={t('qa.scorecards.newCriterion')} aria-label={t('qa.scorecards.newCriterion')} value={label} onChange={(e) => setLabel(e.currentTarget.value)} style={{ flex: 1 }} />
      <Button variant="light" leftSection={<IconPlus size={14} />} onClick={add}>
        {t('qa.scorecards.addCriterion')}
      </Button>
    </Group>
  );
}
