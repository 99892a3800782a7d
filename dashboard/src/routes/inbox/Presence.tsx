import { Group, SegmentedControl, Tooltip } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { presenceKey, setPresence, usePresence, type PresenceStatus } from '../../api/inbox-tools.ts';
import { useTeam } from '../../api/settings.ts';

/** No mouse, key or touch for this long sets the agent away; activity brings an auto-away back. */
export const AUTO_AWAY_MS = 5 * 60_000;
const COLOR: Record<PresenceStatus, string> = { online: 'var(--mantine-color-green-6)', away: 'var(--mantine-color-yellow-6)', offline: 'var(--mantine-color-gray-5)' };

export function PresenceDot({ status }: { status: PresenceStatus }) {
  return <span aria-hidden style={{ display: 'inline-block', width: 8, height: 8, borderRadius: 4, background: COLOR[status] }} />;
}

/** The agent's own status (online / away), with the auto-away after inactivity. */
export function MyPresence({ me }: { me: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const presence = usePresence();
  const mine = presence.data?.find((p) => p.agent_id === me)?.status;
  const [chosen, setChosen] = useState<'online' | 'away'>('online');
  const auto = useRef(false);
  const status = mine === 'away' ? 'away' : chosen;

  const apply = (s: 'online' | 'away', automatic: boolean) => {
    auto.current = automatic && s === 'away';
    setChosen(s);
    void setPresence(s).then(() => qc.invalidateQueries({ queryKey: presenceKey }));
  };

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (chosen === 'online') apply('away', true);
      }, AUTO_AWAY_MS);
    };
    const active = () => {
      if (auto.current) apply('online', false);
      arm();
    };
    arm();
    const events = ['mousemove', 'keydown', 'pointerdown', 'touchstart'] as const;
    for (const e of events) window.addEventListener(e, active, { passive: true });
    return () => {
      clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, active);
    };
  }, [chosen]);

  return (
    <SegmentedControl
      size="xs"
      value={status}
      onChange={(v) => apply(v as 'online' | 'away', false)}
      data={[
        { value: 'online', label: t('inbox.presence.online') },
        { value: 'away', label: t('inbox.presence.away') },
      ]}
      aria-label={t('inbox.presence.mine')}
      data-testid="my-presence"
    />
  );
}

/** Who of the team is online, away or offline. */
export function TeamPresence() {
  const { t } = useTranslation();
  const presence = usePresence();
  const team = useTeam();
  const members = team.data?.members ?? [];
  return (
    <Group gap={6} data-testid="team-presence">
      {members.map((m) => {
        const status = presence.data?.find((p) => p.agent_id === m.agentId)?.status ?? 'offline';
        return (
          <Tooltip key={m.agentId} label={`${m.name} · ${t(`inbox.presence.${status}`)}`}>
            <Group gap={3} wrap="nowrap" data-agent={m.agentId} data-status={status} style={{ fontSize: 12 }}>
              <PresenceDot status={status} />
              {m.name.split(/\s+/)[0]}
            </Group>
          </Tooltip>
        );
      })}
    </Group>
  );
}
