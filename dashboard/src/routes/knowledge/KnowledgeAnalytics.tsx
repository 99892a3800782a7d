import { useState, type ReactNode } from 'react';
import { Anchor, Button, Card, Group, Progress, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useKnowledgeAnalytics } from '../../api/knowledge.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { formatNumber, formatRelative } from '../../components/format.ts';
import type { UnansweredQuestion } from '../../api/types.ts';
import { DailyActivityChart, TopArticlesChart } from './AnalyticsCharts.tsx';

const PERIODS = ['7', '30', '90'];

function CsvButton({ href, label }: { href: string; label: string }) {
  return (
    <Button component="a" href={href} download variant="default" size="xs" leftSection={<IconDownload size={14} />}>
      {label}
    </Button>
  );
}

/** A titled card of the analytics page, with its CSV export at the top right. */
function AnalyticsSection({ title, help, csvHref, children }: { title: string; help?: string; csvHref: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <div>
          <Title order={3} size="h4">
            {title}
          </Title>
          {help && (
            <Text size="sm" c="dimmed">
              {help}
            </Text>
          )}
        </div>
        <CsvButton href={csvHref} label={t('knowledge.analytics.exportCsv')} />
      </Group>
      {children}
    </Card>
  );
}

function NoneNote({ children }: { children: ReactNode }) {
  return (
    <Text size="sm" c="dimmed">
      {children}
    </Text>
  );
}

/** How each translation is read and rated, what readers searched for without finding an answer, and what customers ask that no article answers. */
export default function KnowledgeAnalytics() {
  const { t } = useTranslation();
  const [days, setDays] = useState('30');
  const analytics = useKnowledgeAnalytics(Number(days));
  const csv = (name: string) => `/api/app/knowledge/analytics/${name}.csv?days=${days}`;
  return (
    <Stack>
      <Group justify="space-between">
        <Group gap="xs">
          <Anchor component={Link} to="/knowledge" aria-label={t('knowledge.back')}>
            <IconArrowLeft size={18} />
          </Anchor>
          <Title order={2}>{t('knowledge.analytics.title')}</Title>
        </Group>
        <SegmentedControl value={days} onChange={setDays} data={PERIODS.map((d) => ({ value: d, label: t('knowledge.analytics.lastDays', { count: Number(d) }) }))} aria-label={t('knowledge.analytics.period')} />
      </Group>
      <QueryState query={analytics}>
        {(data) => (
          <>
            <Card withBorder>
              <Group justify="flex-end" mb="xs">
                <CsvButton href={csv('daily')} label={t('knowledge.analytics.exportDaily')} />
              </Group>
              <SimpleGrid cols={{ base: 1, lg: 2 }}>
                <DailyActivityChart daily={data.daily} />
                <TopArticlesChart articles={data.articles} />
              </SimpleGrid>
            </Card>
            <AnalyticsSection title={t('knowledge.analytics.articles')} csvHref={csv('articles')}>
              <Table data-testid="article-stats">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('knowledge.article.title')}</Table.Th>
                    <Table.Th>{t('knowledge.article.language')}</Table.Th>
                    <Table.Th>{t('knowledge.analytics.views')}</Table.Th>
                    <Table.Th>{t('knowledge.analytics.readers')}</Table.Th>
                    <Table.Th>{t('knowledge.analytics.helpful')}</Table.Th>
                    <Table.Th>{t('helpInProduct.deflections')}</Table.Th>
                    <Table.Th>{t('knowledge.analytics.conversationsAfter')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.articles.map((a) => (
                    <Table.Tr key={`${a.article_id}-${a.locale}`}>
                      <Table.Td>
                        <Anchor component={Link} to={`/knowledge/articles/${a.article_id}?locale=${encodeURIComponent(a.locale)}`} size="sm">
                          {a.title}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{a.locale}</Table.Td>
                      <Table.Td>{formatNumber(a.views)}</Table.Td>
                      <Table.Td>{formatNumber(a.readers)}</Table.Td>
                      <Table.Td w={220}>
                        {a.helpful_ratio === null ? (
                          <Text size="xs" c="dimmed">
                            {t('knowledge.analytics.noVotes')}
                          </Text>
                        ) : (
                          <Group gap="xs" wrap="nowrap">
                            <Progress value={a.helpful_ratio * 100} color={a.helpful_ratio >= 0.6 ? 'green' : 'orange'} w={100} aria-label={t('knowledge.analytics.helpful')} />
                            <Text size="xs">{t('knowledge.analytics.votes', { percent: Math.round(a.helpful_ratio * 100), count: a.helpful + a.not_helpful })}</Text>
                          </Group>
                        )}
                      </Table.Td>
                      <Table.Td>{formatNumber(a.deflections)}</Table.Td>
                      <Table.Td>{formatNumber(a.conversations_after)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </AnalyticsSection>
            <AnalyticsSection title={t('knowledge.analytics.gaps')} help={t('knowledge.analytics.gapsHelp')} csvHref={csv('searches')}>
              {data.gaps.length === 0 ? (
                <NoneNote>{t('knowledge.analytics.noGaps')}</NoneNote>
              ) : (
                <Table data-testid="search-gaps">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('knowledge.analytics.query')}</Table.Th>
                      <Table.Th>{t('knowledge.analytics.withoutResults')}</Table.Th>
                      <Table.Th>{t('knowledge.analytics.poorResults')}</Table.Th>
                      <Table.Th>{t('knowledge.analytics.searches')}</Table.Th>
                      <Table.Th>{t('knowledge.locales')}</Table.Th>
                      <Table.Th>{t('knowledge.analytics.lastSearched')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.gaps.map((g) => (
                      <Table.Tr key={g.query}>
                        <Table.Td>{g.query}</Table.Td>
                        <Table.Td>{formatNumber(g.without_results)}</Table.Td>
                        <Table.Td>{formatNumber(g.poor_results)}</Table.Td>
                        <Table.Td>{formatNumber(g.searches)}</Table.Td>
                        <Table.Td>{g.locales.join(', ')}</Table.Td>
                        <Table.Td>{formatRelative(g.last_searched_at)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </AnalyticsSection>
            <AnalyticsSection title={t('knowledge.analytics.questions')} help={t('knowledge.analytics.questionsHelp', { count: data.questions_checked })} csvHref={csv('questions')}>
              {data.questions.length === 0 ? <NoneNote>{t('knowledge.analytics.noQuestions')}</NoneNote> : <QuestionsTable questions={data.questions} />}
            </AnalyticsSection>
          </>
        )}
      </QueryState>
    </Stack>
  );
}

function QuestionsTable({ questions }: { questions: UnansweredQuestion[] }) {
  const { t } = useTranslation();
  return (
    <Table data-testid="unanswered-questions">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('knowledge.analytics.question')}</Table.Th>
          <Table.Th>{t('knowledge.analytics.conversations')}</Table.Th>
          <Table.Th>{t('knowledge.locales')}</Table.Th>
          <Table.Th>{t('knowledge.analytics.lastAsked')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {questions.map((q) => (
          <Table.Tr key={q.question}>
            <Table.Td>
              <Text size="sm">{q.question}</Text>
              <Group gap={6}>
                {q.conversation_ids.map((id, i) => (
                  <Anchor key={id} component={Link} to={`/inbox/${id}`} size="xs" aria-label={t('knowledge.analytics.openConversation', { n: i + 1 })}>
                    #{i + 1}
                  </Anchor>
                ))}
              </Group>
            </Table.Td>
            <Table.Td>{formatNumber(q.conversations)}</Table.Td>
            <Table.Td>{q.locales.join(', ')}</Table.Td>
            <Table.Td>{formatRelative(q.last_asked_at)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
