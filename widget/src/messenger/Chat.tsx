import { useEffect, useRef, useState } from 'preact/hooks';
import { QuestionSuggestions } from '../help/InMessenger.tsx';
import type { ScreenProps } from './Messenger.tsx';
import { useStore } from './useStore.ts';

const TYPING_SHOWN_MS = 5000;
const TYPING_SENT_EVERY_MS = 2000;

export function Chat({ runtime, actions, conversationId }: ScreenProps & { conversationId: string | null }) {
  const state = useStore(runtime.store);
  const t = runtime.t;
  const log = useRef<HTMLDivElement>(null);
  const lastTyping = useRef(0);
  const c = conversationId ? runtime.store.conversation(conversationId) : null;
  const messages = c?.messages ?? [];
  const pending = state.pending.filter((p) => p.conversationId === conversationId);
  const [typingName, setTypingName] = useState<string | null>(null);

  // A typing notice fades unless renewed.
  useEffect(() => {
    if (c?.typing === null || c?.typing === undefined) return setTypingName(null);
    setTypingName(c.typing || t('someone'));
    const timer = setTimeout(() => setTypingName(null), TYPING_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [c?.typing, messages.length]);

  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [messages.length, pending.length, typingName]);

  useEffect(() => actions.markRead(), [messages.length, conversationId]);

  const lastMine = [...messages].reverse().find((m) => m.author_type === 'contact');
  const seen = lastMine && c && c.agentReadSeq >= lastMine.seq;

  const submit = (e: Event) => {
    e.preventDefault();
    // The store, not this render's state: a key pressed before the re-render must send the text.
    actions.send(conversationId, runtime.store.get().draft);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) submit(e);
  };
  const onInput = (e: Event) => {
    actions.setDraft((e.target as HTMLTextAreaElement).value);
    if (conversationId && Date.now() - lastTyping.current > TYPING_SENT_EVERY_MS) {
      lastTyping.current = Date.now();
      actions.typing(conversationId);
    }
  };

  return (
    <div class="body chat">
      <div class="log" ref={log} role="log" aria-live="polite" data-testid="messenger-log">
        {messages.map((m) => (
          <div key={m.id} class={m.author_type === 'contact' ? 'msg mine' : 'msg theirs'} data-testid="messenger-message" data-seq={m.seq}>
            {m.author_type !== 'contact' && <span class="author">{m.author_name ?? t('team', { name: state.session!.settings.workspace_name })}</span>}
            {m.attachments.length === 0 || m.body !== m.attachments[0]!.name ? <div class="bubble" dangerouslySetInnerHTML={{ __html: m.body_html }} /> : null}
            {m.attachments.map((a) => (
              <a key={a.id} class="file" href={runtime.base + a.url} target="_blank" rel="noopener noreferrer" data-testid="messenger-attachment">
                {/^image\/(png|jpeg|gif|webp)$/.test(a.content_type) ? <img src={runtime.base + a.url} alt={a.name} /> : (
                  <span>
                    <Paperclip /> {a.name}
                  </span>
                )}
              </a>
            ))}
          </div>
        ))}
        {pending.map((p) => (
          <div key={p.clientId} class="msg mine pending" data-testid="messenger-pending">
            <div class="bubble">{p.body}</div>
            <span class="meta">{state.connected ? t('sending') : t('notSent')}</span>
          </div>
        ))}
        {seen && <span class="meta seen" data-testid="messenger-seen">{t('seen')}</span>}
        {typingName && <p class="typing" data-testid="messenger-typing">{t('typing', { name: typingName })}</p>}
        {c?.state === 'closed' && <p class="notice">{t('closed')}</p>}
        {c?.state === 'closed' && messages.length > 0 && <Csat runtime={runtime} actions={actions} conversationId={c.id} rating={c.csatRating} />}
        {state.upload && (
          <p class="notice" role="status">
            {state.upload.error ? t('uploadFailed', { name: state.upload.name, reason: state.upload.error }) : t('uploading', { name: state.upload.name })}
          </p>
        )}
        {state.emailAsked !== 'no' && <EmailAsk runtime={runtime} actions={actions} />}
      </div>
      {conversationId === null && state.session?.can_chat && <QuestionSuggestions runtime={runtime} />}
      {state.session?.can_chat ? (
        <form class="composer" onSubmit={submit}>
          <textarea
            rows={2}
            value={state.draft}
            placeholder={t('placeholder')}
            aria-label={t('placeholder')}
            onInput={onInput}
            onKeyDown={onKeyDown}
            data-autofocus
            data-testid="messenger-input"
          />
          {conversationId && (
            <label class="icon attach" title={t('attach')}>
              <Paperclip />
              <input
                type="file"
                class="visually-hidden"
                aria-label={t('attach')}
                onChange={(e) => {
                  const input = e.target as HTMLInputElement;
                  const file = input.files?.[0];
                  if (file) void actions.attach(conversationId, file);
                  input.value = '';
                }}
                data-testid="messenger-file"
              />
            </label>
          )}
          <button type="submit" class="primary" disabled={!state.draft.trim()} data-testid="messenger-send">
            {t('send')}
          </button>
        </form>
      ) : (
        <p class="notice">{t('cannotChat')}</p>
      )}
    </div>
  );
}

function EmailAsk({ runtime, actions }: ScreenProps) {
  const state = useStore(runtime.store);
  const t = runtime.t;
  const [email, setEmail] = useState('');
  if (state.emailAsked === 'taken') return <p class="notice">{t('emailTaken')}</p>;
  if (state.emailAsked === 'thanks') return <p class="notice" data-testid="messenger-email-saved">{t('emailSaved', { email: state.email ?? '' })}</p>;
  return (
    <form
      class="card"
      onSubmit={(e) => {
        e.preventDefault();
        void actions.saveEmail(email);
      }}
      data-testid="messenger-email-ask"
    >
      <p>{t('askEmail')}</p>
      <label>
        <span class="label">{t('emailLabel')}</span>
        <input type="email" required value={email} onInput={(e) => setEmail((e.target as HTMLInputElement).value)} autocomplete="email" />
      </label>
      <button type="submit" class="primary">
        {t('save')}
      </button>
    </form>
  );
}

/** Drawn, not an emoji: pages may run where no emoji font is installed. */
function Paperclip() {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" class="clip">
      <path d="M16.5 6.5l-7.8 7.8a2 2 0 0 0 2.8 2.8l7.8-7.8a4 4 0 0 0-5.7-5.7l-7.8 7.8a6 6 0 0 0 8.5 8.5l6.4-6.4" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
    </svg>
  );
}

function Csat({ runtime, actions, conversationId, rating }: ScreenProps & { conversationId: string; rating: number | null }) {
  const t = runtime.t;
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  if (rating !== null) return <p class="notice" data-testid="messenger-csat-thanks">{t('csatThanks', { score: rating })}</p>;
  return (
    <form
      class="card"
      onSubmit={(e) => {
        e.preventDefault();
        if (score !== null) void actions.rate(conversationId, score, comment);
      }}
      data-testid="messenger-csat"
    >
      <p id="csat-question">{t('csatQuestion')}</p>
      <div class="scores" role="group" aria-labelledby="csat-question">
        {[1, 2, 3, 4, 5].map((n) => (
          <button key={n} type="button" class={score === n ? 'score on' : 'score'} aria-pressed={score === n} aria-label={t('csatScore', { score: n })} onClick={() => setScore(n)}>
            {n}
          </button>
        ))}
      </div>
      <label>
        <span class="label">{t('csatComment')}</span>
        <textarea rows={2} value={comment} onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)} />
      </label>
      <button type="submit" class="primary" disabled={score === null}>
        {t('csatSubmit')}
      </button>
    </form>
  );
}
