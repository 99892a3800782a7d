import { useState } from 'react';
import { Box, Group, Paper, SegmentedControl, Select, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useSignedInMe } from '../../api/auth.ts';
import { useReviews, useTrend } from '../../api/qa.ts';
import { useTeam, useTeams } from '../../api/settings.ts';
import type { Trend } from '../../api/types.ts';
import { isManager } from '../../commands/registry.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { ReviewTable, formatScore } from './ReviewTable.tsx';

/** Weekly average score per agent or team, and the finished reviews behind it; agents see only their own. */
export default function Results() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const manager = isManager(me.role);
  const [kind, setKind] = useState<'agent' | 'team'>('agent');
  const [agentId, setAgentId] = useState(me.agent.id);
  const [teamId, setTeamId] = useState<string | null>(null);
  const team = useTeam();
  const teams = useTeams();
  const who = kind === 'team' && teamId ? { team_id: teamId } : { agent_id: agentId };
  const trend = useTrend(who);
  const reviews = useReviews({ agent_id: kind === 'agent' ? agentId : undefined, status: 'done' }, kind === 'agent');
  return (
    <Stack>
      {manager && (
        <Group>
          <SegmentedControl
            value={kind}
            onChange={(v) => setKind(v as 'agent' | 'team')}
            data={[
              { value: 'agent', label: t('qa.results.agent') },
              { value: 'team', label: t('qa.results.team') },
            ]}
          />
          {kind === 'agent' ? (
            <Select
              aria-label={t('qa.results.agent')}
              value={agentId}
              onChange={(v) => v && setAgentId(v)}
              data={(team.data?.members ?? []).map((m) => ({ value: m.agentId, label: m.name }))}
              searchable
            />
          ) : (
            <Select
              aria-label={t('qa.results.team')}
              placeholder={t('qa.results.pickTeam')}
              value={teamId}
              onChange={setTeamId}
              data={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
            />
          )}
        </Group>
      )}
      <QueryState query={trend}>{(data) => <TrendChart trend={data} />}</QueryState>
      {kind === 'agent' && (
        <>
          <Title order={4}>{agentId === me.agent.id ? t('qa.results.mine') : t('qa.results.theirs')}</Title>
          <QueryState query={reviews}>{(list) => <ReviewTable reviews={list.data} testId="qa-results" />}</QueryState>
        </>
      )}
    </Stack>
  );
}

function TrendChart({ trend }: { trend: Trend }) {
  const { t } = useTranslation();
  const latest = [...trend.weeks].reverse().find((w) => w.average !== null);
  return (
    <Paper withBorder p="md" data-testid="qa-trend">
      <Group justify="space-between" mb="xs">
        <Text fw={600} size="sm">
          {t('qa.results.trend')}
        </Text>
        <Text size="sm" data-testid="qa-trend-latest" data-week={latest?.week ?? ''}>
          {latest ? t('qa.results.latest', { week: latest.week, score: formatScore(latest.average), n: latest.conversations }) : t('qa.results.noScores')}
        </Text>
      </Group>
      <Box h={240}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={trend.weeks} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="week" tick={{ fontSize: 11 }} minTickGap={16} />
            <YAxis domain={[0, 100]} tick={{ fontSize: 11 }} width={36} />
            <Tooltip formatter={(v) => formatScore(Number(v))} />
            <Line type="linear" dataKey="average" name={t('qa.results.average')} stroke="var(--mantine-color-blue-6)" strokeWidth={2} connectNulls isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </Box>
    </Paper>
  );
}
