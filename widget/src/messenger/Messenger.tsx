import { useEffect, useRef } from 'preact/hooks';
import { helpFor, isHelpView } from '../help/controller.ts';
import { HelpScreen } from '../help/HelpScreens.tsx';
import type { Runtime } from '../runtime.ts';
import { unreadCount } from '../store.ts';
import type { Actions } from './actions.ts';
import { Chat } from './Chat.tsx';
import { Home } from './Home.tsx';
import { ConversationList } from './ConversationList.tsx';
import { useStore } from './useStore.ts';

export interface ScreenProps {
  runtime: Runtime;
  actions: Actions;
}

export function Messenger({ runtime, actions }: ScreenProps) {
  const state = useStore(runtime.store);
  const t = runtime.t;
  const launcher = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const unread = unreadCount(state);
  const wasOpen = useRef(false);

  // Focus follows the panel: into it on open, back to the launcher on close.
  useEffect(() => {
    if (state.open && !wasOpen.current) {
      const el = panel.current;
      (el?.querySelector<HTMLElement>('[data-autofocus]') ?? el?.querySelector<HTMLElement>('button, textarea, input'))?.focus();
    }
    if (!state.open && wasOpen.current) launcher.current?.focus();
    wasOpen.current = state.open;
  }, [state.open]);

  if (!state.session) return null;
  const hideLauncher = runtime.setting<boolean>('hide_default_launcher') === true;
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && state.open) {
      e.stopPropagation();
      actions.close();
    }
  };

  return (
    // Escape closes from anywhere in the Messenger, the launcher included.
    <div class="messenger" onKeyDown={onKeyDown}>
      {state.open && (
        <div ref={panel} class="panel" role="dialog" aria-modal="false" aria-label={state.session.settings.workspace_name} data-testid="messenger-panel">
          <header class="header">
            {state.view.name !== 'home' && (
              <button class="icon" type="button" aria-label={t('back')} onClick={() => (isHelpView(state.view) ? helpFor(runtime).back() : actions.open(state.view.name === 'chat' ? { name: 'list' } : { name: 'home' }))}>
                <span aria-hidden="true" class="chevron" />
              </button>
            )}
            <h2 class="title">{state.session.settings.workspace_name}</h2>
            <button class="icon" type="button" aria-label={t('closeMessenger')} onClick={() => actions.close()} data-testid="messenger-close">
              <span aria-hidden="true">×</span>
            </button>
          </header>
          {!state.connected && <p class="banner" role="status">{t('offlineBanner')}</p>}
          {state.view.name === 'home' && <Home runtime={runtime} actions={actions} />}
          {state.view.name === 'list' && <ConversationList runtime={runtime} actions={actions} />}
          {state.view.name === 'chat' && <Chat runtime={runtime} actions={actions} conversationId={state.view.conversationId} />}
          {isHelpView(state.view) && <HelpScreen runtime={runtime} actions={actions} view={state.view} />}
        </div>
      )}
      {!hideLauncher && (
        <button
          ref={launcher}
          type="button"
          class="launcher"
          aria-label={state.open ? t('closeMessenger') : t('openMessenger')}
          aria-expanded={state.open}
          onClick={() => actions.toggle()}
          data-testid="messenger-launcher"
        >
          <svg viewBox="0 0 24 24" width="26" height="26" aria-hidden="true">
            {state.open ? <path d="M6 6l12 12M18 6L6 18" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" fill="none" /> : <path d="M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.5 4v-4h0A2.5 2.5 0 0 1 4 13.5z" fill="currentColor" />}
          </svg>
          {unread > 0 && (
            <span class="badge" data-testid="messenger-unread" aria-label={t('unread', { count: unread })}>
              {unread}
            </span>
          )}
        </button>
      )}
    </div>
  );
}
