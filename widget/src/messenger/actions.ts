import type { Realtime } from '../realtime.ts';
import type { Runtime } from '../runtime.ts';
import type { View } from '../store.ts';
import { calls } from './calls.ts';

export type Actions = ReturnType<typeof createActions>;

const newClientId = () =>
  typeof crypto.randomUUID === 'function' ? crypto.randomUUID().replace(/-/g, '') : `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;

/** What the Messenger's screens can do; the screens themselves only render state. */
export function createActions(runtime: Runtime) {
  const store = runtime.store;
  let realtime: Realtime | null = null;

  /** The open chat is read up to its last message. */
  const markRead = () => {
    const s = store.get();
    if (!s.open || s.view.name !== 'chat' || !s.view.conversationId) return;
    const c = store.conversation(s.view.conversationId);
    const last = c.messages[c.messages.length - 1]?.seq ?? 0;
    if (last > c.contactReadSeq) {
      store.putConversation({ ...c, contactReadSeq: last });
      realtime?.send({ type: 'read', conversation_id: c.id, seq: last });
    }
  };

  const actions = {
    connect(r: Realtime) {
      realtime = r;
      r.onAck = (f) => {
        const s = store.get();
        // The first message of a new conversation: the chat now has its id.
        if (s.view.name === 'chat' && s.view.conversationId === null) {
          store.set({ view: { name: 'chat', conversationId: f.message.conversation_id } });
        }
      };
      r.onMessage = () => markRead();
    },
    open(view: View) {
      store.set({ open: true, view });
      markRead();
    },
    close() {
      store.set({ open: false });
    },
    /** Opens where the visitor left it. */
    reopen() {
      actions.open(store.get().view);
    },
    toggle() {
      if (store.get().open) actions.close();
      else actions.reopen();
    },
    newMessage(draft: string) {
      store.set({ open: true, view: { name: 'chat', conversationId: null }, draft });
    },
    setDraft(draft: string) {
      store.set({ draft });
    },
    /** Queued until acknowledged: the socket resends it on every reconnect with the same client id. */
    send(conversationId: string | null, body: string) {
      const text = body.trim();
      if (!text) return;
      const clientId = newClientId();
      store.set((s) => ({ pending: [...s.pending, { clientId, conversationId, body: text, at: Date.now() }], draft: '' }));
      realtime?.send({ type: 'send', client_id: clientId, body: text, ...(conversationId ? { conversation_id: conversationId } : {}) });
      const s = store.get();
      if (s.session && s.session.settings.agents_online === 0 && !s.session.email_known && s.emailAsked === 'no') {
        store.set({ emailAsked: 'asking' });
      }
    },
    /** Uploads one file into the conversation; the message arrives like any other. */
    async attach(conversationId: string, file: File) {
      store.set({ upload: { name: file.name, error: null } });
      try {
        const message = await calls.upload(runtime.http!, conversationId, file, newClientId());
        store.receive(message);
        store.set({ upload: null });
      } catch (err) {
        store.set({ upload: { name: file.name, error: err instanceof Error ? err.message : String(err) } });
      }
    },
    async rate(conversationId: string, rating: number, comment: string) {
      const rated = await calls.rate(runtime.http!, conversationId, rating, comment);
      store.putConversation({ ...store.conversation(conversationId), csatRating: rated.csat_rating });
    },
    typing(conversationId: string) {
      realtime?.send({ type: 'typing', conversation_id: conversationId });
    },
    async saveEmail(email: string) {
      const result = await calls.email(runtime.http!, email);
      store.set({ emailAsked: result.saved ? 'thanks' : 'taken', email: result.saved ? email : null });
    },
    markRead,
  };
  // Mounted after the session's socket was made: listen to it now.
  if (runtime.realtime) actions.connect(runtime.realtime);
  return actions;
}
