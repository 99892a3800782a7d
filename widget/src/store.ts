import type { BootResponse, Message, WidgetConversation } from '../../contracts/messenger.ts';

/** A message the visitor wrote that the server has not acknowledged yet. */
export interface Pending {
  clientId: string;
  conversationId: string | null;
  body: string;
  at: number;
}

export interface ConversationState {
  id: string;
  state: WidgetConversation['state'];
  /** Contiguous from seq 1: a message is added only when it is the next one. */
  messages: Message[];
  contactReadSeq: number;
  agentReadSeq: number;
  typing: string | null;
  csatRating: number | null;
}

export type View =
  | { name: 'home' }
  | { name: 'list' }
  | { name: 'chat'; conversationId: string | null }
  // The help space (widget/src/help).
  | { name: 'help' }
  | { name: 'collection'; id: string }
  | { name: 'article'; ref: string };

export interface State {
  session: BootResponse | null;
  open: boolean;
  view: View;
  conversations: Record<string, ConversationState>;
  pending: Pending[];
  connected: boolean;
  draft: string;
  /** The e-mail prompt shown when nobody is online: not needed, showing, thanked for one, refused. */
  emailAsked: 'no' | 'asking' | 'thanks' | 'taken';
  email: string | null;
  /** A file being sent, or the reason it could not be. */
  upload: { name: string; error: string | null } | null;
}

export const initialState = (): State => ({
  session: null,
  open: false,
  view: { name: 'home' },
  conversations: {},
  pending: [],
  connected: false,
  draft: '',
  emailAsked: 'no',
  email: null,
  upload: null,
});

const lastSeq = (c: ConversationState) => c.messages[c.messages.length - 1]?.seq ?? 0;

/** Messages from the team the visitor has not read. */
export function unreadCount(s: State): number {
  let n = 0;
  for (const c of Object.values(s.conversations)) {
    for (const m of c.messages) if (m.author_type !== 'contact' && m.seq > c.contactReadSeq) n++;
  }
  return n;
}

/** The one state of the widget; surfaces read it and change it only through `set`. */
export class Store {
  private state: State = initialState();
  private listeners = new Set<(s: State) => void>();

  get(): State {
    return this.state;
  }

  set(patch: Partial<State> | ((s: State) => Partial<State>)): void {
    const next = typeof patch === 'function' ? patch(this.state) : patch;
    this.state = { ...this.state, ...next };
    for (const l of this.listeners) l(this.state);
  }

  subscribe(listener: (s: State) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  reset(): void {
    this.set(initialState());
  }

  conversation(id: string): ConversationState {
    return (
      this.state.conversations[id] ?? { id, state: 'open', messages: [], contactReadSeq: 0, agentReadSeq: 0, typing: null, csatRating: null }
    );
  }

  putConversation(c: ConversationState): void {
    this.set((s) => ({ conversations: { ...s.conversations, [c.id]: c } }));
  }

  /**
   * Adds a message if it is the next in its conversation. Returns the seq to resume after when
   * a gap shows (something was missed), else null. Repeats are ignored.
   */
  receive(m: Message, conversationState?: WidgetConversation['state']): number | null {
    const c = this.conversation(m.conversation_id);
    const last = lastSeq(c);
    if (m.seq <= last) return null;
    if (m.seq > last + 1) return last;
    const mine = m.author_type === 'contact';
    this.putConversation({
      ...c,
      state: conversationState ?? c.state,
      messages: [...c.messages, m],
      contactReadSeq: mine ? m.seq : c.contactReadSeq,
      typing: mine ? c.typing : null,
    });
    this.set((s) => ({ pending: s.pending.filter((p) => p.clientId !== m.client_id) }));
    return null;
  }

  lastSeqs(): Array<{ conversation_id: string; after_seq: number }> {
    return Object.values(this.state.conversations).map((c) => ({ conversation_id: c.id, after_seq: lastSeq(c) }));
  }
}
