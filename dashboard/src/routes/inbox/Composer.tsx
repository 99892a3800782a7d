import { Button, FileButton, Group, Paper, SegmentedControl, Stack, Text, Textarea, UnstyledButton } from '@mantine/core';
import { IconPaperclip } from '@tabler/icons-react';
import { forwardRef, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { newClientId, useAttach, useReply } from '../../api/inbox.ts';
import { renderSavedReply, useCreateNote, useSavedReplies } from '../../api/inbox-tools.ts';
import { useTeam } from '../../api/settings.ts';
import { ErrorAlert } from '../../components/QueryState.tsx';

export type ComposerMode = 'reply' | 'note';
export interface ComposerHandle {
  focus(mode: ComposerMode): void;
}

interface Option {
  id: string;
  label: string;
  hint?: string;
}

/** The text after an `@` right before the caret, while a mention is being typed. */
const mentionQuery = (text: string, caret: number) => /(?:^|\s)@([\p{L}\p{N}_.-]*)$/u.exec(text.slice(0, caret))?.[1] ?? null;

/**
 * Reply to the customer or write an internal note. In a note, `@` offers teammates to mention;
 * in either, `/` at the start offers the saved replies, filled in for this conversation.
 */
export const Composer = forwardRef<ComposerHandle, { conversationId: string; onTyping: () => void }>(function Composer({ conversationId, onTyping }, ref) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<ComposerMode>('reply');
  const [draft, setDraft] = useState('');
  const [caret, setCaret] = useState(0);
  const [mentioned, setMentioned] = useState<Map<string, string>>(new Map());
  const [highlight, setHighlight] = useState(0);
  const [inserting, setInserting] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const clientId = useRef(newClientId());
  const reply = useReply(conversationId);
  const note = useCreateNote(conversationId);
  const attach = useAttach(conversationId);
  const team = useTeam();
  const replies = useSavedReplies();

  useImperativeHandle(ref, () => ({
    focus(m) {
      setMode(m);
      area.current?.focus();
    },
  }));

  const mention = mode === 'note' ? mentionQuery(draft, caret) : null;
  const slash = /^\/(\S*)$/.exec(draft)?.[1] ?? null;
  let options: Option[] = [];
  if (mention !== null) {
    const q = mention.toLowerCase();
    options = (team.data?.members ?? []).filter((m) => m.name.toLowerCase().includes(q) || m.email.toLowerCase().startsWith(q)).slice(0, 6).map((m) => ({ id: m.agentId, label: m.name, hint: m.email }));
  } else if (slash !== null) {
    const q = slash.toLowerCase();
    options = (replies.data ?? []).filter((r) => r.name.toLowerCase().includes(q)).slice(0, 8).map((r) => ({ id: r.id, label: r.name, hint: r.body.slice(0, 60) }));
  }
  const picking = options.length > 0;

  const pick = async (o: Option) => {
    if (mention !== null) {
      const before = draft.slice(0, caret).replace(/@[\p{L}\p{N}_.-]*$/u, `@${o.label} `);
      const next = before + draft.slice(caret);
      setDraft(next);
      setMentioned((m) => new Map(m).set(o.id, o.label));
      requestAnimationFrame(() => area.current?.setSelectionRange(before.length, before.length));
    } else {
      setInserting(true);
      try {
        setDraft((await renderSavedReply(conversationId, o.id)).body);
      } finally {
        setInserting(false);
      }
    }
    setHighlight(0);
    area.current?.focus();
  };

  const sent = () => {
    setDraft('');
    setMentioned(new Map());
    clientId.current = newClientId();
  };
  const send = () => {
    const body = draft.trim();
    if (!body) return;
    if (mode === 'reply') reply.mutate({ body, clientId: clientId.current }, { onSuccess: sent });
    else {
      // Only teammates whose @name is still in the text are notified.
      const mention_ids = [...mentioned].filter(([, name]) => body.includes(`@${name}`)).map(([id]) => id);
      note.mutate({ body, mention_ids }, { onSuccess: sent });
    }
  };
  const error = reply.error ?? note.error ?? attach.error;

  return (
    <Stack gap={6} mt="xs">
      {error && <ErrorAlert error={error} />}
      <Group justify="space-between">
        <SegmentedControl
          size="xs"
          value={mode}
          onChange={(v) => setMode(v as ComposerMode)}
          data={[
            { value: 'reply', label: t('inbox.reply') },
            { value: 'note', label: t('inbox.note.tab') },
          ]}
          data-testid="composer-mode"
        />
        <Text size="xs" c="dimmed">
          {mode === 'note' ? t('inbox.note.hint') : t('inbox.savedReplies.hint')}
        </Text>
      </Group>
      {picking && (
        <Paper withBorder p={4} shadow="sm" data-testid={mention !== null ? 'mention-options' : 'saved-reply-options'}>
          {options.map((o, i) => (
            <UnstyledButton
              key={o.id}
              display="block"
              w="100%"
              px="xs"
              py={4}
              style={{ borderRadius: 4, background: i === highlight ? 'var(--mantine-color-indigo-light)' : undefined }}
              onMouseDown={(e) => {
                e.preventDefault();
                void pick(o);
              }}
              data-testid="composer-option"
            >
              <Text size="sm">{o.label}</Text>
              {o.hint && (
                <Text size="xs" c="dimmed" lineClamp={1}>
                  {o.hint}
                </Text>
              )}
            </UnstyledButton>
          ))}
        </Paper>
      )}
      <Textarea
        ref={area}
        autosize
        minRows={2}
        maxRows={8}
        value={draft}
        placeholder={mode === 'note' ? t('inbox.note.placeholder') : t('inbox.replyPlaceholder')}
        aria-label={mode === 'note' ? t('inbox.note.tab') : t('inbox.reply')}
        styles={mode === 'note' ? { input: { background: 'var(--mantine-color-yellow-light)' } } : undefined}
        onChange={(e) => {
          setDraft(e.currentTarget.value);
          setCaret(e.currentTarget.selectionStart);
          setHighlight(0);
          if (mode === 'reply') onTyping();
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onKeyDown={(e) => {
          if (picking && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
            e.preventDefault();
            setHighlight((h) => (h + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
          } else if (picking && (e.key === 'Enter' || e.key === 'Tab') && !e.metaKey && !e.ctrlKey) {
            e.preventDefault();
            void pick(options[Math.min(highlight, options.length - 1)]!);
          } else if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) send();
          else if (e.key === 'Escape') area.current?.blur();
        }}
        data-testid="thread-reply"
        data-mode={mode}
      />
      <Group justify="space-between">
        <Group gap="xs">
          <FileButton onChange={(file) => file && attach.mutate(file)}>
            {(props) => (
              <Button {...props} size="xs" variant="default" leftSection={<IconPaperclip size={14} />} loading={attach.isPending} disabled={mode === 'note'} data-testid="thread-attach">
                {t('inbox.attach')}
              </Button>
            )}
          </FileButton>
          <Button size="xs" variant="subtle" loading={inserting} onClick={() => { setDraft('/'); area.current?.focus(); }} data-testid="saved-replies-open">
            {t('inbox.savedReplies.insert')}
          </Button>
          <Text size="xs" c="dimmed">
            {t('inbox.sendHint')}
          </Text>
        </Group>
        <Button onClick={send} loading={reply.isPending || note.isPending} disabled={!draft.trim()} color={mode === 'note' ? 'yellow' : undefined} data-testid="thread-send">
          {mode === 'note' ? t('inbox.note.add') : t('inbox.send')}
        </Button>
      </Group>
    </Stack>
  );
});
