import { ActionIcon, Badge, Button, Card, CloseButton, Grid, Group, ScrollArea, Select, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFlag, IconHelp, IconMail, IconSearch } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useSignedInMe } from '../../api/auth.ts';
import { useCounts, useTags } from '../../api/inbox-tools.ts';
import { INBOX_VIEWS, useConversations, useInboxSocket, type InboxView } from '../../api/inbox.ts';
import { useTeams } from '../../api/settings.ts';
import type { Conversation, ServerFrame } from '../../api/types.ts';
import { ErrorAlert } from '../../components/QueryState.tsx';
import { formatRelative, plainText } from '../../components/format.ts';
import { alertFor, showDesktop } from './desktop-notify.ts';
import { DesktopNotifyButton } from './DesktopNotifyButton.tsx';
import { useKeys } from './keys.ts';
import { NotificationsMenu } from './NotificationsMenu.tsx';
import { MyPresence, TeamPresence } from './Presence.tsx';
import { ShortcutsHelp } from './ShortcutsHelp.tsx';

export type InboxContext = ReturnType<typeof useInboxSocket> & { openHelp: () => void };

const isView = (v: string | null): v is InboxView => !!v && ((INBOX_VIEWS as readonly string[]).includes(v) || v.startsWith('team:'));

/** The Inbox: views with live counts, search and filters on the left, the open thread on the right. */
export default function InboxLayout() {
  const { t } = useTranslation();
  const me = useSignedInMe().agent.id;
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const view: InboxView = isView(params.get('view')) ? (params.get('view') as InboxView) : 'all';
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(search.trim(), 250);
  const tagId = params.get('tag') ?? undefined;
  const contactId = params.get('contact') ?? undefined;
  const [helpOpen, setHelpOpen] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);

  const onFrame = (f: ServerFrame) => {
    const alert = alertFor(f, me);
    if (alert) showDesktop(t(`inbox.desktop.${alert.kind}`), alert, (cid) => navigate(`/inbox/${cid}`));
  };
  const socket = useInboxSocket(onFrame);
  const list = useConversations(view, { q: q || undefined, tag_id: tagId, contact_id: contactId });
  const counts = useCounts();
  const teams = useTeams();
  const tags = useTags();
  const { id } = useParams();

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const rows = list.data?.data ?? [];
  const openAt = (offset: number) => {
    if (rows.length === 0) return;
    const at = rows.findIndex((c) => c.id === id);
    const next = rows[Math.min(rows.length - 1, Math.max(0, at === -1 ? 0 : at + offset))]!;
    navigate(`/inbox/${next.id}?${params.toString()}`);
  };
  useKeys({ j: () => openAt(1), k: () => openAt(-1), '?': () => setHelpOpen(true), f: () => searchRef.current?.focus() });

  const countOf = (v: string) =>
    v.startsWith('team:') ? counts.data?.teams[v.slice(5)] : (counts.data?.[v as keyof Omit<NonNullable<typeof counts.data>, 'teams'>] as number | undefined);

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Group gap="sm">
          <Title order={2}>{t('inbox.title')}</Title>
          <Badge variant="dot" color={socket.status === 'live' ? 'green' : 'gray'} data-testid="inbox-status" data-status={socket.status}>
            {t(`inbox.status.${socket.status}`)}
          </Badge>
        </Group>
        <Group gap="xs">
          <TeamPresence />
          <MyPresence me={me} />
          <DesktopNotifyButton />
          <NotificationsMenu />
          <ActionIcon variant="default" aria-label={t('inbox.keys.title')} onClick={() => setHelpOpen(true)} data-testid="shortcuts-button">
            <IconHelp size={16} />
          </ActionIcon>
        </Group>
      </Group>
      <ShortcutsHelp opened={helpOpen} onClose={() => setHelpOpen(false)} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder padding="xs">
            <Group gap={4} data-testid="inbox-views">
              {INBOX_VIEWS.map((v) => (
                <Button
                  key={v}
                  size="compact-xs"
                  variant={view === v ? 'filled' : 'subtle'}
                  onClick={() => setParam('view', v)}
                  rightSection={<span data-testid={`inbox-count-${v}`}>{countOf(v) ?? ''}</span>}
                  data-view={v}
                >
                  {t(`inbox.views.${v}`)}
                </Button>
              ))}
            </Group>
            {(teams.data ?? []).length > 0 && (
              <Select
                mt={6}
                size="xs"
                clearable
                placeholder={t('inbox.teamView')}
                aria-label={t('inbox.teamView')}
                value={view.startsWith('team:') ? view.slice(5) : null}
                onChange={(team) => setParam('view', team ? `team:${team}` : 'all')}
                data={(teams.data ?? []).map((team) => ({ value: team.id, label: `${team.name} (${counts.data?.teams[team.id] ?? 0})` }))}
                data-testid="inbox-team-view"
              />
            )}
            <Group gap={6} mt={6} wrap="nowrap">
              <TextInput
                ref={searchRef}
                size="xs"
                style={{ flex: 1 }}
                leftSection={<IconSearch size={14} />}
                placeholder={t('inbox.search')}
                aria-label={t('inbox.search')}
                value={search}
                onChange={(e) => {
                  setSearch(e.currentTarget.value);
                  setParam('q', e.currentTarget.value || null);
                }}
                rightSection={search ? <CloseButton size="xs" aria-label={t('filters.clear')} onClick={() => { setSearch(''); setParam('q', null); }} /> : null}
                data-testid="inbox-search"
              />
              <Select
                size="xs"
                w={130}
                clearable
                placeholder={t('inbox.tags.filter')}
                aria-label={t('inbox.tags.filter')}
                value={tagId ?? null}
                onChange={(v) => setParam('tag', v)}
                data={(tags.data ?? []).map((tag) => ({ value: tag.id, label: tag.name }))}
                data-testid="inbox-tag-filter"
              />
            </Group>
            {contactId && (
              <Badge mt={6} variant="light" rightSection={<CloseButton size="xs" aria-label={t('filters.clear')} onClick={() => setParam('contact', null)} />}>
                {t('inbox.contactFilter')}
              </Badge>
            )}
            <ScrollArea.Autosize mah="calc(100vh - 300px)" mt="xs">
              {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
              {list.data?.data.length === 0 && (
                <Text c="dimmed" size="sm" p="sm">
                  {q ? t('inbox.noResults') : t('inbox.empty')}
                </Text>
              )}
              <Stack gap={4}>
                {rows.map((c) => <Row key={c.id} conversation={c} active={c.id === id} query={params.toString()} tagNames={tags.data ?? []} />)}
              </Stack>
            </ScrollArea.Autosize>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          {id ? (
            <Outlet context={{ ...socket, openHelp: () => setHelpOpen(true) } satisfies InboxContext} />
          ) : (
            <Card withBorder>
              <Text c="dimmed">{t('inbox.pick')}</Text>
            </Card>
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function Row({ conversation: c, active, query, tagNames }: { conversation: Conversation; active: boolean; query: string; tagNames: { id: string; name: string; color: string }[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const unread = c.last_seq - c.agent_last_read_seq;
  const last = c.last_message;
  return (
    <UnstyledButton
      onClick={() => navigate(`/inbox/${c.id}?${query}`)}
      p="xs"
      style={{ borderRadius: 8, background: active ? 'var(--mantine-color-indigo-light)' : undefined }}
      data-testid="inbox-row"
      data-conversation={c.id}
      data-active={active || undefined}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        {c.priority && <IconFlag size={14} color="var(--mantine-color-red-6)" aria-label={t('inbox.priority.on')} data-testid="inbox-row-priority" style={{ flexShrink: 0 }} />}
        {c.channel === 'email' && <IconMail size={14} aria-label={t('inbox.channelEmail')} data-testid="inbox-row-email" style={{ flexShrink: 0 }} />}
        <Text size="sm" fw={unread > 0 ? 700 : 500} lineClamp={1} style={{ flex: 1 }}>
          {last ? `${last.author_type === 'contact' ? '' : `${last.author_name ?? t('inbox.bot')}: `}${plainText(last.body_html)}` : '—'}
        </Text>
        {unread > 0 && (
          <Badge size="sm" circle data-testid="inbox-row-unread">
            {unread}
          </Badge>
        )}
      </Group>
      <Group gap={4}>
        <Text size="xs" c="dimmed">
          {c.state === 'open' ? '' : `${t(`inbox.state.${c.state}`)} · `}
          {formatRelative(c.last_message_at ?? c.created_at)}
        </Text>
        {c.tag_ids.map((tid) => {
          const tag = tagNames.find((x) => x.id === tid);
          return tag ? (
            <Badge key={tid} size="xs" variant="light" color={tag.color}>
              {tag.name}
            </Badge>
          ) : null;
        })}
      </Group>
    </UnstyledButton>
  );
}
