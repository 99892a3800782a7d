import { HelpOnHome } from '../help/InMessenger.tsx';
import type { ScreenProps } from './Messenger.tsx';
import { useStore } from './useStore.ts';

/** The team's honest expected reply time: its recent median, or when it is back if closed. */
function ReplyTime({ runtime }: Pick<ScreenProps, 'runtime'>) {
  const { reply_minutes: m, back_at } = runtime.store.get().session!.settings;
  const l = runtime.locale;
  const r = new Intl.RelativeTimeFormat(l);
  const text = back_at
    ? runtime.t('backAt', { when: new Date(back_at).toLocaleString(l, { weekday: 'long', hour: '2-digit', minute: '2-digit' }) })
    : m && runtime.t('replyIn', { in: m < 60 ? r.format(m, 'minute') : m < 1440 ? r.format(Math.round(m / 60), 'hour') : r.format(Math.round(m / 1440), 'day') });
  return text ? <p class="muted" data-testid="messenger-reply-time">{text}</p> : null;
}

export function Home({ runtime, actions }: ScreenProps) {
  const state = useStore(runtime.store);
  const t = runtime.t;
  const session = state.session!;
  const name = runtime.setting<string>('name');
  const online = session.settings.agents_online > 0;
  const recent = Object.values(state.conversations).filter((c) => c.messages.length > 0);
  return (
    <div class="body home">
      <h3 class="greeting">{name ? t('greetingName', { name: name.split(' ')[0]! }) : t('greeting')}</h3>
      <p class="muted">{t('intro')}</p>
      <p class="status" data-testid="messenger-team-status" data-online={online}>
        <span class={online ? 'dot on' : 'dot'} aria-hidden="true" />
        {online ? t('online') : t('offline')}
      </p>
      <ReplyTime runtime={runtime} />
      {session.can_chat ? (
        <button type="button" class="primary" onClick={() => actions.newMessage('')} data-autofocus data-testid="messenger-new">
          {t('newConversation')}
        </button>
      ) : (
        <p class="notice">{t('cannotChat')}</p>
      )}
      {recent.length > 0 && (
        <button type="button" class="link" onClick={() => actions.open({ name: 'list' })} data-testid="messenger-see-conversations">
          {t('conversations')} ({recent.length})
        </button>
      )}
      <HelpOnHome runtime={runtime} />
    </div>
  );
}
