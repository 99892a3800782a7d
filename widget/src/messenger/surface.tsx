import { render } from 'preact';
import { translator } from '../i18n/index.ts';
import { Realtime } from '../realtime.ts';
import type { Runtime, Surface } from '../runtime.ts';
import css from '../styles.css?inline';
import { calls } from './calls.ts';
import { Messenger } from './Messenger.tsx';
import { createActions, type Actions } from './actions.ts';

/**
 * The Messenger chunk: launcher, home, conversation list and chat, and the socket that keeps
 * them live. Loaded when the visitor opens it, a command needs it, or the server says the
 * visitor has conversations (their replies and the unread count must arrive live).
 */
export function createMessenger(): Surface {
  let root: HTMLElement | null = null;
  let actions: Actions | null = null;
  let runtime: Runtime | null = null;

  /** Every conversation of the session, then the socket, which resumes each from its last seq. */
  const load = async (rt: Runtime) => {
    const http = rt.http!;
    rt.realtime?.stop();
    rt.realtime = null;
    rt.store.set({ conversations: {}, pending: [] });
    const { data } = await calls.conversations(http);
    for (const c of data) {
      const { data: messages } = await calls.messages(http, c.id, 0);
      rt.store.putConversation({
        id: c.id,
        state: c.state,
        messages,
        contactReadSeq: c.contact_last_read_seq,
        agentReadSeq: c.agent_last_read_seq,
        typing: null,
        csatRating: c.csat_rating,
      });
    }
    if (runtime !== rt) return;
    const realtime = new Realtime(rt.base.replace(/^http/, 'ws') + '/widget/ws', http.appId, http.token!, rt.store);
    rt.realtime = realtime;
    actions?.connect(realtime);
    realtime.start();
  };

  return {
    id: 'messenger',
    commands: {
      show: () => actions?.reopen(),
      showMessages: () => actions?.open({ name: 'list' }),
      showSpace: (space: unknown) => actions?.open(space === 'messages' ? { name: 'list' } : { name: 'home' }),
      hide: () => actions?.close(),
      showNewMessage: (text: unknown) => actions?.newMessage(typeof text === 'string' ? text : ''),
      showConversation: (id: unknown) => actions?.open({ name: 'chat', conversationId: String(id) }),
    },
    mount(el: HTMLElement, rt: Runtime) {
      root = el;
      runtime = rt;
      rt.t = translator(rt.locale);
      rt.addStyle(css);
      actions = createActions(rt);
      render(<Messenger runtime={rt} actions={actions} />, el);
      void load(rt).catch((err: unknown) => console.warn('[Baton Messenger] conversations unavailable', err));
      // The home screen shows the help space and this page's suggested articles.
      void rt.need('help').catch((err: unknown) => console.warn('[Baton Messenger] help unavailable', err));
    },
    unmount() {
      runtime?.realtime?.stop();
      if (root) render(null, root);
      root = null;
      actions = null;
      runtime = null;
    },
    async onSession(changed: boolean) {
      const rt = runtime;
      if (!rt) return;
      rt.t = translator(rt.locale);
      if (changed || !rt.realtime) return load(rt);
      // Same browser, maybe a different contact now (a lead merged into the user): the socket
      // authenticates again and resumes every conversation from its last seq.
      rt.realtime.stop();
      rt.realtime.start();
    },
  };
}

export default createMessenger;
