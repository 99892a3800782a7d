import { Badge, Card, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useSurveyResults } from '../../api/guides.ts';
import type { QuestionResult } from '../../api/types.ts';
import { QueryState } from '../../components/QueryState.tsx';

/** A survey's results: respondents, then per question its NPS score, average or choices, and the distribution. */
export default function SurveyResults() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const results = useSurveyResults(id);
  return (
    <QueryState query={results}>
      {(r) => (
        <Stack>
          <Group justify="space-between">
            <Title order={2}>{t('surveys.results.title', { name: r.name })}</Title>
            <Badge size="lg" variant="light" data-testid="survey-respondents">
              {t('surveys.results.respondents', { n: r.respondents })}
            </Badge>
          </Group>
          {r.questions.map((q) => (
            <QuestionCard key={q.id} q={q} />
          ))}
        </Stack>
      )}
    </QueryState>
  );
}

function QuestionCard({ q }: { q: QuestionResult }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...(q.distribution ?? []).map((d) => d.count));
  return (
    <Card withBorder padding="lg" data-testid={`survey-question-${q.id}`}>
      <Group justify="space-between" mb="sm">
        <Text fw={600}>{q.prompt}</Text>
        <Text size="sm" c="dimmed">
          {t(`surveys.kinds.${q.kind}`)} · {t('surveys.results.responses', { n: q.responses })}
        </Text>
      </Group>
      {q.nps && (
        <SimpleGrid cols={4} mb="md">
          <Figure label={t('surveys.results.nps')} value={q.nps.score === null ? '—' : String(q.nps.score)} testId="survey-nps-score" />
          <Figure label={t('surveys.results.promoters')} value={String(q.nps.promoters)} />
          <Figure label={t('surveys.results.passives')} value={String(q.nps.passives)} />
          <Figure label={t('surveys.results.detractors')} value={String(q.nps.detractors)} />
        </SimpleGrid>
      )}
      {q.average !== undefined && !q.nps && (
        <SimpleGrid cols={2} mb="md">
          <Figure label={t('surveys.results.average')} value={q.average === null ? '—' : String(q.average)} />
          {q.satisfied_pct !== undefined && <Figure label={t('surveys.results.satisfied')} value={q.satisfied_pct === null ? '—' : `${q.satisfied_pct} %`} />}
        </SimpleGrid>
      )}
      {q.distribution && (
        <Stack gap={4}>
          {q.distribution.map((d) => (
            <Group key={d.value} gap="xs" wrap="nowrap">
              <Text size="sm" w={120} truncate>
                {d.value}
              </Text>
              <Progress value={(d.count / max) * 100} style={{ flex: 1 }} aria-label={d.value} />
              <Text size="sm" w={40} ta="right">
                {d.count}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
      {q.texts && (q.texts.length === 0 ? <Text c="dimmed" size="sm">{t('surveys.results.noTexts')}</Text> : (
        <Stack gap={4}>
          {q.texts.map((text, i) => (
            <Text key={i} size="sm">
              “{text}”
            </Text>
          ))}
        </Stack>
      ))}
    </Card>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}
