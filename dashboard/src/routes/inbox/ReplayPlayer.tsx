import { useEffect, useRef, useState } from 'react';
import { ActionIcon, Group, Progress, Stack, Text } from '@mantine/core';
import { IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Replayer, type eventWithTime } from 'rrweb';
import 'rrweb/dist/style.css';
import { useReplayEvents } from '../../api/replay.ts';
import { QueryState } from '../../components/QueryState.tsx';

const WIDTH = 760;
const clock = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** rrweb's player over the recorded minutes, with play/pause and progress. */
export default function ReplayPlayerScreen({ conversationId }: { conversationId: string }) {
  const events = useReplayEvents(conversationId, true);
  return <QueryState query={events}>{(e) => <Player events={e.events as unknown as eventWithTime[]} />}</QueryState>;
}

function Player({ events }: { events: eventWithTime[] }) {
  const { t } = useTranslation();
  const stage = useRef<HTMLDivElement>(null);
  const player = useRef<Replayer | null>(null);
  const [playing, setPlaying] = useState(false);
  const [now, setNow] = useState(0);
  const [total, setTotal] = useState(0);

  useEffect(() => {
    if (!stage.current || events.length < 2) return;
    // The recorded page is rebuilt in rrweb's sandboxed iframe: its scripts never run here.
    const r = new Replayer(events, { root: stage.current, mouseTail: false, skipInactive: true });
    const meta = r.getMetaData();
    setTotal(meta.totalTime);
    const fit = () => {
      const iframe = r.iframe;
      const w = Number(iframe.width) || WIDTH;
      r.wrapper.style.transform = `scale(${Math.min(1, WIDTH / w)})`;
      r.wrapper.style.transformOrigin = 'top left';
    };
    r.on('resize', fit);
    r.on('finish', () => setPlaying(false));
    fit();
    player.current = r;
    r.play();
    setPlaying(true);
    const timer = setInterval(() => setNow(r.getCurrentTime()), 250);
    return () => {
      clearInterval(timer);
      r.destroy();
      player.current = null;
    };
  }, [events]);

  if (events.length < 2) return <Text c="dimmed">{t('replay.player.empty')}</Text>;
  const toggle = () => {
    const r = player.current;
    if (!r) return;
    if (playing) r.pause();
    else r.play(now >= total ? 0 : now);
    setPlaying(!playing);
  };
  return (
    <Stack gap="xs" data-testid="replay-player">
      <div ref={stage} style={{ width: WIDTH, height: 480, overflow: 'hidden', background: 'var(--mantine-color-gray-1)' }} data-testid="replay-stage" />
      <Group gap="sm" wrap="nowrap">
        <ActionIcon variant="light" onClick={toggle} aria-label={t(playing ? 'replay.player.pause' : 'replay.player.play')} data-testid="replay-toggle">
          {playing ? <IconPlayerPause size={16} /> : <IconPlayerPlay size={16} />}
        </ActionIcon>
        <Progress value={total > 0 ? Math.min(100, (now / total) * 100) : 0} style={{ flex: 1 }} aria-label={t('replay.player.progress')} data-testid="replay-progress" />
        <Text size="xs" c="dimmed" ff="monospace" data-testid="replay-time">
          {clock(now)} / {clock(total)}
        </Text>
      </Group>
    </Stack>
  );
}
