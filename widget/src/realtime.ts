import { PROTOCOL_VERSION } from '../../contracts/messenger-constants.ts';
import type { ClientFrame, ServerFrame } from '../../contracts/messenger.ts';
import type { Store } from './store.ts';

type Outgoing = ClientFrame extends infer F ? (F extends unknown ? Omit<F, 'v'> : never) : never;

const MAX_BACKOFF_MS = 10_000;

/**
 * The Messenger's socket. It resumes every conversation from its last seq on each (re)connect,
 * resends every unacknowledged message with its client id (the server stores each once), and
 * asks again for a conversation whenever a gap shows.
 */
export class Realtime {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  onError: (frame: Extract<ServerFrame, { type: 'error' }>) => void = () => undefined;
  onAck: (frame: Extract<ServerFrame, { type: 'ack' }>) => void = () => undefined;
  onMessage: (frame: Extract<ServerFrame, { type: 'message' }>) => void = () => undefined;

  constructor(
    private readonly url: string,
    private readonly appId: string,
    private readonly token: string,
    private readonly store: Store,
  ) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.socket?.close(1000);
    this.socket = null;
  }

  send(frame: Outgoing): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify({ v: PROTOCOL_VERSION, ...frame }));
    return true;
  }

  private connect(): void {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.send({ type: 'hello', app_id: this.appId, visitor_token: this.token, resume: this.store.lastSeqs() });
    };
    socket.onmessage = (e) => this.handle(JSON.parse(String(e.data)) as ServerFrame);
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.store.set({ connected: false });
      if (this.stopped) return;
      const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempt++);
      this.timer = setTimeout(() => this.connect(), delay);
    };
  }

  private handle(f: ServerFrame): void {
    switch (f.type) {
      case 'ready':
        this.attempt = 0;
        this.store.set({ connected: true });
        for (const p of this.store.get().pending) {
          this.send({ type: 'send', client_id: p.clientId, body: p.body, ...(p.conversationId ? { conversation_id: p.conversationId } : {}) });
        }
        return;
      case 'ack':
        this.onAck(f);
        return this.gap(this.store.receive(f.message, f.conversation.state), f.message.conversation_id);
      case 'message':
        this.gap(this.store.receive(f.message, f.conversation.state), f.message.conversation_id);
        return this.onMessage(f);
      case 'conversation': {
        const c = this.store.conversation(f.conversation.id);
        return this.store.putConversation({ ...c, state: f.conversation.state });
      }
      case 'typing': {
        const c = this.store.conversation(f.conversation_id);
        return this.store.putConversation({ ...c, typing: f.author_name ?? '' });
      }
      case 'read': {
        const c = this.store.conversation(f.conversation_id);
        return this.store.putConversation(f.reader === 'agent' ? { ...c, agentReadSeq: Math.max(c.agentReadSeq, f.seq) } : { ...c, contactReadSeq: Math.max(c.contactReadSeq, f.seq) });
      }
      case 'error':
        return this.onError(f);
      case 'pong':
        return;
    }
  }

  private gap(after: number | null, conversationId: string): void {
    if (after !== null) this.send({ type: 'resume', resume: [{ conversation_id: conversationId, after_seq: after }] });
  }
}
