import { Anchor, Badge, Button, Card, Grid, Group, Image, Paper, ScrollArea, Select, Stack, Text, Typography } from '@mantine/core';
import { IconPaperclip } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useOutletContext, useParams } from 'react-router-dom';
import { useSignedInMe } from '../../api/auth.ts';
import { useNotes } from '../../api/inbox-tools.ts';
import { markRead, useConversation, useMessages, useUpdateConversation } from '../../api/inbox.ts';
import { useTeams } from '../../api/settings.ts';
import type { Conversation, Message, Note } from '../../api/types.ts';
import { ErrorAlert, QueryState } from '../../components/QueryState.tsx';
import { formatDateTime } from '../../components/format.ts';
import { Composer, type ComposerHandle } from './Composer.tsx';
import { ContactSidebar } from './ContactSidebar.tsx';
import type { InboxContext } from './InboxLayout.tsx';
import { useKeys } from './keys.ts';
import { SignalsCard } from './SignalsCard.tsx';
import { FeedbackCard } from './FeedbackCard.tsx';
import { ReplayCard } from './ReplayCard.tsx';
import { SlaBadge } from './SlaBadge.tsx';
import { AssigneeSelect, SnoozeMenu, TagsBar } from './ThreadActions.tsx';
import { ToArticleButton } from './ToArticleButton.tsx';

const TYPING_SHOWN_MS = 5000;

export default function Thread() {
  const { id = '' } = useParams();
  const conversation = useConversation(id);
  return (
    <QueryState query={conversation}>
      {(c) => (
        <Grid>
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <ThreadView conversation={c} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Stack gap="sm">
              <ContactSidebar contactId={c.contact_id} conversationId={c.id} />
              <ReplayCard conversationId={c.id} />
              <SignalsCard contactId={c.contact_id} />
              <FeedbackCard conversationId={c.id} />
            </Stack>
          </Grid.Col>
        </Grid>
      )}
    </QueryState>
  );
}

function ThreadView({ conversation: c }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const socket = useOutletContext<InboxContext>();
  const messages = useMessages(c.id);
  const notes = useNotes(c.id);
  const update = useUpdateConversation(c.id);
  const teams = useTeams();
  const composer = useRef<ComposerHandle>(null);
  const [snoozeOpen, setSnoozeOpen] = useState(false);
  const bottom = useRef<HTMLDivElement>(null);
  const lastTyping = useRef(0);
  const last = messages.data?.at(-1)?.seq ?? 0;
  const timeline = mergeTimeline(messages.data ?? [], notes.data ?? []);

  // An open thread is read by the team up to its last message.
  useEffect(() => {
    if (last > c.agent_last_read_seq) void markRead(c.id, last);
    bottom.current?.scrollIntoView({ block: 'end' });
  }, [c.id, last, c.agent_last_read_seq, timeline.length]);

  const typing = socket.typing[c.id];
  const [, tick] = useState(0);
  useEffect(() => {
    if (!typing?.at) return;
    const timer = setTimeout(() => tick((n) => n + 1), TYPING_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [typing?.at]);
  const showTyping = typing && typing.at > 0 && Date.now() - typing.at < TYPING_SHOWN_MS;
  const mine = c.assignee_id === me.agent.id;

  useKeys({
    r: () => composer.current?.focus('reply'),
    n: () => composer.current?.focus('note'),
    a: () => update.mutate({ assignee_id: mine ? null : me.agent.id }),
    e: () => update.mutate({ state: c.state === 'closed' ? 'open' : 'closed' }),
    z: () => setSnoozeOpen(true),
  });

  return (
    <Card withBorder padding="sm">
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Group gap="xs">
          <Badge color={c.state === 'open' ? 'green' : c.state === 'snoozed' ? 'yellow' : 'gray'} data-testid="thread-state" data-state={c.state}>
            {t(`inbox.state.${c.state}`)}
          </Badge>
          {c.state === 'snoozed' && c.snoozed_until && (
            <Text size="xs" c="dimmed" data-testid="thread-snoozed-until">
              {t('inbox.snooze.until')}: {formatDateTime(c.snoozed_until)}
            </Text>
          )}
          <Button
            size="compact-xs"
            variant={c.priority ? 'filled' : 'subtle'}
            color="red"
            aria-pressed={c.priority}
            onClick={() => update.mutate({ priority: !c.priority })}
            data-testid="thread-priority"
          >
            {t(c.priority ? 'inbox.priority.on' : 'inbox.priority.mark')}
          </Button>
          {mine && <Badge variant="light">{t('inbox.assignedToYou')}</Badge>}
          <SlaBadge conversationId={c.id} lastSeq={c.last_seq} />
          {c.csat_rating !== null && (
            <Badge variant="outline" color={c.csat_rating >= 4 ? 'green' : c.csat_rating >= 3 ? 'yellow' : 'red'} title={c.csat_comment ?? undefined} data-testid="thread-csat">
              {t('inbox.csat', { rating: c.csat_rating })}
            </Badge>
          )}
        </Group>
        <Group gap="xs">
          {!mine ? (
            <Button size="xs" variant="light" onClick={() => update.mutate({ assignee_id: me.agent.id })} data-testid="thread-assign-me">
              {t('inbox.assignToMe')}
            </Button>
          ) : (
            <Button size="xs" variant="subtle" onClick={() => update.mutate({ assignee_id: null })}>
              {t('inbox.unassign')}
            </Button>
          )}
          <AssigneeSelect conversation={c} />
          <Select
            size="xs"
            w={140}
            placeholder={t('inbox.team')}
            aria-label={t('inbox.team')}
            clearable
            value={c.team_id}
            data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
            onChange={(team_id) => update.mutate({ team_id })}
            data-testid="thread-team"
          />
          {c.state !== 'closed' && <SnoozeMenu conversation={c} opened={snoozeOpen} onChange={setSnoozeOpen} />}
          {c.state === 'closed' || c.state === 'snoozed' ? (
            <Button size="xs" variant="default" onClick={() => update.mutate({ state: 'open' })} data-testid="thread-reopen">
              {t('inbox.reopen')}
            </Button>
          ) : null}
          {/* Nobody reviews their own conversation (the server refuses it too). */}
          {c.state === 'closed' && !mine && (
            <Button size="xs" variant="default" component={Link} to={`/qa?conversation=${c.id}`} data-testid="thread-review">
              {t('inbox.reviewConversation')}
            </Button>
          )}
          {c.state !== 'closed' && (
            <Button size="xs" color="gray" onClick={() => update.mutate({ state: 'closed' })} data-testid="thread-close">
              {t('inbox.close')}
            </Button>
          )}
        </Group>
      </Group>
      <TagsBar conversation={c} />
      {update.isError && <ErrorAlert error={update.error} />}
      <ScrollArea.Autosize mah="calc(100vh - 400px)" type="auto" mt={6}>
        <Stack gap="xs" p="xs" data-testid="thread-messages">
          {messages.isError && <ErrorAlert error={messages.error} onRetry={() => void messages.refetch()} />}
          {timeline.map((item) =>
            item.kind === 'message' ? (
              <Bubble key={item.message.id} message={item.message} seenByContact={item.message.author_type !== 'contact' && item.message.seq <= c.contact_last_read_seq} />
            ) : (
              <NoteBubble key={item.note.id} note={item.note} />
            ),
          )}
          {showTyping && (
            <Text size="xs" c="dimmed" fs="italic" data-testid="thread-typing">
              {t('inbox.typing')}
            </Text>
          )}
          <div ref={bottom} />
        </Stack>
      </ScrollArea.Autosize>
      <Composer
        ref={composer}
        conversationId={c.id}
        onTyping={() => {
          if (Date.now() - lastTyping.current > 2000) {
            lastTyping.current = Date.now();
            socket.send({ type: 'typing', conversation_id: c.id });
          }
        }}
      />
    </Card>
  );
}

type TimelineItem = { kind: 'message'; at: string; message: Message } | { kind: 'note'; at: string; note: Note };

/** Messages in seq order with the notes placed by time between them. */
function mergeTimeline(messages: Message[], notes: Note[]): TimelineItem[] {
  const out: TimelineItem[] = [];
  let n = 0;
  for (const m of messages) {
    while (n < notes.length && notes[n]!.created_at < m.created_at) out.push({ kind: 'note', at: notes[n]!.created_at, note: notes[n++]! });
    out.push({ kind: 'message', at: m.created_at, message: m });
  }
  while (n < notes.length) out.push({ kind: 'note', at: notes[n]!.created_at, note: notes[n++]! });
  return out;
}

function NoteBubble({ note }: { note: Note }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2} align="flex-end" data-testid="thread-note">
      <Text size="xs" c="dimmed">
        {t('inbox.note.label', { name: note.author_name })} · {formatDateTime(note.created_at)}
      </Text>
      <Paper px="sm" py={6} radius="md" bg="var(--mantine-color-yellow-light)" maw="85%" withBorder>
        {/* body_html is rendered and sanitized by the server (markdown-it + sanitize-html). */}
        <Typography fz="sm">
          <div dangerouslySetInnerHTML={{ __html: note.body_html }} />
        </Typography>
      </Paper>
    </Stack>
  );
}

function Bubble({ message: m, seenByContact }: { message: Message; seenByContact: boolean }) {
  const { t } = useTranslation();
  const fromContact = m.author_type === 'contact';
  return (
    <Stack gap={2} align={fromContact ? 'flex-start' : 'flex-end'} data-testid="thread-message" data-seq={m.seq}>
      <Text size="xs" c="dimmed">
        {fromContact ? t('inbox.customer') : (m.author_name ?? t('inbox.bot'))} · {formatDateTime(m.created_at)}
      </Text>
      <Paper px="sm" py={6} radius="md" bg={fromContact ? 'var(--mantine-color-default-hover)' : 'var(--mantine-color-indigo-light)'} maw="85%">
        {/* body_html is rendered and sanitized by the server (markdown-it + sanitize-html). */}
        <Typography fz="sm">
          <div dangerouslySetInnerHTML={{ __html: m.body_html }} />
        </Typography>
        {m.attachments.map((a) => (
          <Anchor key={a.id} href={a.url} target="_blank" rel="noopener noreferrer" size="sm" display="block" data-testid="thread-attachment">
            {/^image\/(png|jpeg|gif|webp)$/.test(a.content_type) ? <Image src={a.url} alt={a.name} mah={160} w="auto" radius="sm" /> : (
              <Group component="span" gap={4} wrap="nowrap">
                <IconPaperclip size={14} />
                {a.name}
              </Group>
            )}
          </Anchor>
        ))}
      </Paper>
      {seenByContact && (
        <Text size="xs" c="dimmed" data-testid="thread-seen">
          {t('inbox.seen')}
        </Text>
      )}
      {m.author_type === 'agent' && m.body.trim() && <ToArticleButton conversationId={m.conversation_id} messageId={m.id} />}
    </Stack>
  );
}
