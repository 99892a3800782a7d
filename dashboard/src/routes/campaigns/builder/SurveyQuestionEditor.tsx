import { ActionIcon, Button, Group, NumberInput, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { freshId, newQuestion, replaced, without, type FieldError, type QuestionDraft, type QuestionKind } from './content.ts';

export const QUESTION_KINDS: QuestionKind[] = ['nps', 'csat', 'rating', 'single', 'multiple', 'text'];
type Branch = NonNullable<QuestionDraft['branches']>[number];
type Choice = Extract<QuestionDraft, { choices: unknown }>['choices'][number];

/** One survey question: its kind, prompt and choices, and where each answer leads (branches). */
export function SurveyQuestionEditor({ q, index, later, onChange, error }: { q: QuestionDraft; index: number; later: string[]; onChange: (q: QuestionDraft) => void; error: FieldError }) {
  const { t } = useTranslation();
  const at = (field: string) => error(`questions.${index}.${field}`);
  const branches = q.branches ?? [];
  const setBranches = (next: Branch[]) => onChange({ ...q, branches: next });
  const choices = 'choices' in q ? q.choices : null;
  const setChoices = (next: Choice[]) => 'choices' in q && onChange({ ...q, choices: next });
  const scored = q.kind === 'nps' || q.kind === 'csat' || q.kind === 'rating';
  const targets = [...later.map((id) => ({ value: id, label: id })), { value: 'end', label: t('builder.survey.thankYouStep') }];
  return (
    <Stack gap="xs">
      <Group grow>
        <Select
          label={t('builder.survey.kind')}
          data={QUESTION_KINDS.map((k) => ({ value: k, label: t(`builder.survey.kinds.${k}`) }))}
          value={q.kind}
          allowDeselect={false}
          onChange={(k) => k && k !== q.kind && onChange(newQuestion(k as QuestionKind, [], q))}
        />
        <TextInput label={t('builder.id')} description={t('builder.idHelp')} value={q.id} error={at('id')} onChange={(e) => onChange({ ...q, id: e.currentTarget.value })} />
      </Group>
      <TextInput label={t('builder.survey.prompt')} required value={q.prompt} error={at('prompt')} onChange={(e) => onChange({ ...q, prompt: e.currentTarget.value })} />
      {q.kind === 'nps' && (
        <Group grow>
          <TextInput label={t('builder.survey.lowLabel')} value={q.low_label ?? ''} error={at('low_label')} onChange={(e) => onChange({ ...q, low_label: e.currentTarget.value || undefined })} />
          <TextInput label={t('builder.survey.highLabel')} value={q.high_label ?? ''} error={at('high_label')} onChange={(e) => onChange({ ...q, high_label: e.currentTarget.value || undefined })} />
        </Group>
      )}
      {q.kind === 'rating' && <NumberInput label={t('builder.survey.scale')} min={3} max={10} value={q.scale ?? 5} error={at('scale')} onChange={(v) => onChange({ ...q, scale: Number(v) || 5 })} />}
      {q.kind === 'text' && <TextInput label={t('builder.survey.placeholder')} value={q.placeholder ?? ''} error={at('placeholder')} onChange={(e) => onChange({ ...q, placeholder: e.currentTarget.value || undefined })} />}
      {choices && (
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('builder.survey.choices')}
          </Text>
          {at('choices') && (
            <Text c="red" size="xs">
              {at('choices')}
            </Text>
          )}
          {choices.map((c, j) => (
            <Group key={j} gap="xs" align="flex-start" wrap="nowrap">
              <TextInput style={{ flex: 2 }} aria-label={t('builder.survey.choiceLabel', { n: j + 1 })} placeholder={t('builder.survey.choiceLabel', { n: j + 1 })} value={c.label} error={at(`choices.${j}.label`)} onChange={(e) => setChoices(replaced(choices, j, { ...c, label: e.currentTarget.value }))} />
              <TextInput style={{ flex: 1 }} aria-label={t('builder.survey.choiceId', { n: j + 1 })} value={c.id} error={at(`choices.${j}.id`)} onChange={(e) => setChoices(replaced(choices, j, { ...c, id: e.currentTarget.value }))} />
              <ActionIcon variant="subtle" color="red" mt={6} aria-label={t('builder.remove', { what: t('builder.survey.choice'), n: String(j + 1) })} disabled={choices.length <= 2} onClick={() => setChoices(without(choices, j))}>
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          ))}
          <Button size="xs" variant="subtle" leftSection={<IconPlus size={14} />} disabled={choices.length >= 12} onClick={() => setChoices([...choices, { id: freshId('c', choices.map((c) => c.id)), label: '' }])}>
            {t('builder.survey.addChoice')}
          </Button>
        </Stack>
      )}
      <Switch label={t('builder.survey.required')} checked={q.required !== false} onChange={(e) => onChange({ ...q, required: e.currentTarget.checked })} />
      {q.kind !== 'text' && (
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('builder.survey.branches')}
          </Text>
          {branches.map((b, j) => (
            <Group key={j} gap="xs" align="flex-end" wrap="nowrap" data-testid={`branch-${index}-${j}`}>
              {choices ? (
                <Select
                  style={{ flex: 1 }}
                  label={t('builder.survey.whenChoice')}
                  data={choices.map((c) => ({ value: c.id, label: c.label || c.id }))}
                  value={typeof b.when.equals === 'string' ? b.when.equals : null}
                  onChange={(v) => setBranches(replaced(branches, j, { ...b, when: v ? { equals: v } : {} }))}
                />
              ) : (
                <>
                  <NumberInput w={90} label={t('builder.survey.whenMin')} value={b.when.min ?? ''} onChange={(v) => setBranches(replaced(branches, j, { ...b, when: { ...b.when, min: v === '' ? undefined : Number(v) } }))} />
                  <NumberInput w={90} label={t('builder.survey.whenMax')} value={b.when.max ?? ''} onChange={(v) => setBranches(replaced(branches, j, { ...b, when: { ...b.when, max: v === '' ? undefined : Number(v) } }))} />
                </>
              )}
              <Select style={{ flex: 1 }} label={t('builder.survey.goto')} data={targets} value={b.goto} allowDeselect={false} error={at(`branches.${j}.goto`)} onChange={(v) => v && setBranches(replaced(branches, j, { ...b, goto: v }))} />
              <ActionIcon variant="subtle" color="red" mb={6} aria-label={t('builder.remove', { what: t('builder.survey.branch'), n: String(j + 1) })} onClick={() => setBranches(without(branches, j))}>
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          ))}
          <Button size="xs" variant="subtle" leftSection={<IconPlus size={14} />} disabled={branches.length >= 20} onClick={() => setBranches([...branches, { when: scored ? { min: 0 } : {}, goto: 'end' }])}>
            {t('builder.survey.addBranch')}
          </Button>
        </Stack>
      )}
    </Stack>
  );
}
