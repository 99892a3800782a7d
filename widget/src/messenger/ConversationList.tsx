import type { ScreenProps } from './Messenger.tsx';
import { plainText } from './text.ts';
import { useStore } from './useStore.ts';

export function ConversationList({ runtime, actions }: ScreenProps) {
  const state = useStore(runtime.store);
  const t = runtime.t;
  const list = Object.values(state.conversations)
    .filter((c) => c.messages.length > 0)
    .sort((a, b) => b.messages[b.messages.length - 1]!.created_at.localeCompare(a.messages[a.messages.length - 1]!.created_at));
  return (
    <div class="body">
      <h3 class="subtitle">{t('conversations')}</h3>
      {list.length === 0 && <p class="muted">{t('noConversations')}</p>}
      <ul class="list">
        {list.map((c) => {
          const last = c.messages[c.messages.length - 1]!;
          const unread = c.messages.filter((m) => m.author_type !== 'contact' && m.seq > c.contactReadSeq).length;
          return (
            <li key={c.id}>
              <button type="button" class="row" onClick={() => actions.open({ name: 'chat', conversationId: c.id })} data-testid="messenger-conversation">
                <span class="preview">{last.author_type === 'contact' ? `${t('you')}: ` : ''}{plainText(last.body_html)}</span>
                {unread > 0 && <span class="count">{unread}</span>}
              </button>
            </li>
          );
        })}
      </ul>
      {state.session?.can_chat && (
        <button type="button" class="primary" onClick={() => actions.newMessage('')}>
          {t('newConversation')}
        </button>
      )}
    </div>
  );
}
