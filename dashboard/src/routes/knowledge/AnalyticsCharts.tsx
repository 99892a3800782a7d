import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { KnowledgeAnalytics } from '../../api/types.ts';
import { formatDate, formatNumber } from '../../components/format.ts';

const COLORS = {
  views: 'var(--mantine-color-indigo-5)',
  searches: 'var(--mantine-color-gray-6)',
  without: 'var(--mantine-color-orange-6)',
  poor: 'var(--mantine-color-yellow-6)',
  deflections: 'var(--mantine-color-teal-6)',
  conversations: 'var(--mantine-color-red-6)',
};

const tooltipStyle = { contentStyle: { background: 'var(--mantine-color-body)', border: '1px solid var(--mantine-color-default-border)', fontSize: 12 } };

/** Views as bars, searches and the unanswered ones as lines, per day; the text below says the same for screen readers. */
export function DailyActivityChart({ daily }: { daily: KnowledgeAnalytics['daily'] }) {
  const { t } = useTranslation();
  const sum = (f: (d: KnowledgeAnalytics['daily'][number]) => number) => daily.reduce((n, d) => n + f(d), 0);
  const summary = t('knowledge.analytics.activitySummary', {
    views: formatNumber(sum((d) => d.views)),
    searches: formatNumber(sum((d) => d.searches)),
    unanswered: formatNumber(sum((d) => d.without_results)),
    poor: formatNumber(sum((d) => d.poor_results)),
  });
  return (
    <Stack gap={4} data-testid="activity-chart">
      <Text size="sm" fw={600}>
        {t('knowledge.analytics.activity')}
      </Text>
      <div role="img" aria-label={summary}>
        <ResponsiveContainer width="100%" height={240}>
          <ComposedChart data={daily} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--mantine-color-default-border)" />
            <XAxis dataKey="date" tickFormatter={(d: string) => formatDate(d)} tick={{ fontSize: 11 }} minTickGap={24} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
            <Tooltip labelFormatter={(d) => formatDate(String(d))} formatter={(v) => formatNumber(Number(v))} {...tooltipStyle} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="views" name={t('knowledge.analytics.views')} fill={COLORS.views} radius={[2, 2, 0, 0]} isAnimationActive={false} />
            <Line dataKey="searches" name={t('knowledge.analytics.searches')} stroke={COLORS.searches} dot={false} isAnimationActive={false} />
            <Line dataKey="without_results" name={t('knowledge.analytics.withoutResults')} stroke={COLORS.without} dot={false} isAnimationActive={false} />
            <Line dataKey="poor_results" name={t('knowledge.analytics.poorResults')} stroke={COLORS.poor} dot={false} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <Text size="xs" c="dimmed">
        {summary}
      </Text>
    </Stack>
  );
}

const TOP = 10;

/** The most read translations: views against what reading them led to (deflections, conversations after reading). */
export function TopArticlesChart({ articles }: { articles: KnowledgeAnalytics['articles'] }) {
  const { t } = useTranslation();
  const top = articles
    .filter((a) => a.views > 0)
    .slice(0, TOP)
    .map((a) => ({ ...a, label: `${a.title} (${a.locale})` }));
  if (top.length === 0) return null;
  const summary = t('knowledge.analytics.topArticlesSummary', { count: top.length });
  return (
    <Stack gap={4} data-testid="top-articles-chart">
      <Text size="sm" fw={600}>
        {t('knowledge.analytics.topArticles')}
      </Text>
      <div role="img" aria-label={summary}>
        <ResponsiveContainer width="100%" height={Math.max(120, top.length * 34 + 40)}>
          <BarChart data={top} layout="vertical" margin={{ top: 0, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="var(--mantine-color-default-border)" />
            <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11 }} />
            <YAxis type="category" dataKey="label" width={220} tick={{ fontSize: 11 }} />
            <Tooltip formatter={(v) => formatNumber(Number(v))} {...tooltipStyle} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="views" name={t('knowledge.analytics.views')} fill={COLORS.views} isAnimationActive={false} />
            <Bar dataKey="deflections" name={t('helpInProduct.deflections')} fill={COLORS.deflections} isAnimationActive={false} />
            <Bar dataKey="conversations_after" name={t('knowledge.analytics.conversationsAfter')} fill={COLORS.conversations} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <Text size="xs" c="dimmed">
        {summary}
      </Text>
    </Stack>
  );
}
