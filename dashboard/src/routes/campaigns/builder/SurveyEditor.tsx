import { Button, Card, Group, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { moved, newQuestion, replaced, without, type FieldError, type QuestionDraft, type SurveyDraft } from './content.ts';
import { ListControls } from './ListControls.tsx';
import { SurveyQuestionEditor } from './SurveyQuestionEditor.tsx';

/** A survey's questions in order (each with its branches), its style and its thank-you step. */
export function SurveyEditor({ content, onChange, error }: { content: SurveyDraft; onChange: (c: SurveyDraft) => void; error: FieldError }) {
  const { t } = useTranslation();
  const questions = content.questions;
  const setQuestions = (next: QuestionDraft[]) => onChange({ ...content, questions: next });
  const what = t('builder.survey.question');
  return (
    <Stack>
      <Select
        label={t('campaigns.fields.style')}
        data={['corner', 'modal'].map((v) => ({ value: v, label: t(`builder.survey.styles.${v}`) }))}
        value={content.style ?? 'corner'}
        allowDeselect={false}
        onChange={(v) => v && onChange({ ...content, style: v as SurveyDraft['style'] })}
      />
      {questions.map((q, i) => (
        <Card key={i} withBorder padding="sm" data-testid={`survey-question-${i}`}>
          <Group justify="space-between" mb="xs">
            <Text fw={600}>{t('builder.survey.questionN', { n: i + 1 })}</Text>
            <ListControls index={i} count={questions.length} what={what} onMove={(by) => setQuestions(moved(questions, i, by))} onRemove={() => setQuestions(without(questions, i))} />
          </Group>
          <SurveyQuestionEditor q={q} index={i} later={questions.slice(i + 1).map((x) => x.id)} onChange={(next) => setQuestions(replaced(questions, i, next))} error={error} />
        </Card>
      ))}
      <Button variant="light" leftSection={<IconPlus size={16} />} disabled={questions.length >= 20} onClick={() => setQuestions([...questions, newQuestion('single', questions.map((q) => q.id))])}>
        {t('builder.survey.addQuestion')}
      </Button>
      <Title order={5}>{t('builder.survey.thankYouStep')}</Title>
      <TextInput label={t('builder.survey.thankYouTitle')} required value={content.thank_you.title} error={error('thank_you.title')} onChange={(e) => onChange({ ...content, thank_you: { ...content.thank_you, title: e.currentTarget.value } })} />
      <Textarea label={t('builder.survey.thankYouBody')} autosize value={content.thank_you.body ?? ''} error={error('thank_you.body')} onChange={(e) => onChange({ ...content, thank_you: { ...content.thank_you, body: e.currentTarget.value || undefined } })} />
    </Stack>
  );
}
