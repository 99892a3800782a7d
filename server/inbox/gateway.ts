import type { FastifyInstance, FastifyRequest } from 'fastify';
import type {} from '@fastify/websocket';
import type { WebSocket } from 'ws';
import { ClientFrame, PROTOCOL_VERSION, type ServerFrame } from '../../contracts/messenger.ts';
import type { DomainEvent } from '../platform/bus.ts';
import type { Ctx } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import type { IpLimit } from '../platform/auth/rate-limit.ts';
import type { Services } from '../services.ts';
import { frameOrder, type Parsed } from './frame-order.ts';
import { toMessage, type ConversationAudience } from './records.ts';
import type { Actor, InboxService, Sent, Viewer } from './service.ts';
import type { Message } from '../../contracts/messenger.ts';
import type { AgentNotification, Note } from '../../contracts/inbox-tools.ts';

const PRESENCE_BEAT_MS = 30_000;
const RESUME_PAGE = 200;

type Frame = ServerFrame;
type Distributed = Exclude<Frame, { v: number; type: 'ack' | 'ready' | 'error' | 'pong' }>;

/** One open socket: a Messenger visitor or a signed-in agent. */
class Connection {
  /** While a resume is being answered, live frames wait here so none overtakes or repeats it. */
  private held: Distributed[] | null = null;
  private resumed = new Map<string, Set<number>>();

  constructor(
    readonly socket: WebSocket,
    readonly workspaceId: string,
    readonly actor: Actor,
  ) {}

  send(frame: Frame): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(wire(frame));
  }

  /** A live frame from the bus. */
  deliver(frame: Distributed): void {
    if (this.held) this.held.push(frame);
    else this.send(frame);
  }

  hold(): void {
    this.held ??= [];
  }

  sendResumed(message: Message, conversation: Frame & { type: 'message' }): void {
    const seen = this.resumed.get(message.conversation_id) ?? new Set<number>();
    seen.add(message.seq);
    this.resumed.set(message.conversation_id, seen);
    this.send(conversation);
  }

  /** Ends a resume: queued live frames go out, minus the messages the resume already sent. */
  release(): void {
    const queued = this.held ?? [];
    this.held = null;
    for (const f of queued) {
      if (f.type === 'message' && this.resumed.get(f.message.conversation_id)?.has(f.message.seq)) continue;
      this.send(f);
    }
    this.resumed.clear();
  }
}

const frame = <T extends Omit<Frame, 'v'>>(f: T) => ({ v: PROTOCOL_VERSION, ...f }) as Frame;

// A frame fanned out to many sockets is serialized once.
const serialized = new WeakMap<Frame, string>();
function wire(f: Frame): string {
  let text = serialized.get(f);
  if (text === undefined) serialized.set(f, (text = JSON.stringify(f)));
  return text;
}

const summary = (a: ConversationAudience) => ({ id: a.id, state: a.state, assignee_id: a.assignee_id, last_seq: a.last_seq });

function problem(err: unknown): { code: string; detail: string } {
  if (err instanceof AppError) return { code: err.code, detail: err.message };
  return { code: 'internal', detail: 'Something went wrong on our side. It has been logged.' };
}

/**
 * This node's open sockets by workspace: its agents, and its visitors by contact. An event goes
 * to the workspace's agents and the conversation's contact only, so its cost does not grow with
 * every idle Messenger on the node.
 */
function createConnectionIndex() {
  const byWorkspace = new Map<string, { agents: Set<Connection>; contacts: Map<string, Set<Connection>> }>();
  const slot = (conn: Connection) => {
    let w = byWorkspace.get(conn.workspaceId);
    if (!w) byWorkspace.set(conn.workspaceId, (w = { agents: new Set(), contacts: new Map() }));
    if (conn.actor.kind !== 'visitor') return { w, set: w.agents, contactId: null };
    const contactId = conn.actor.viewer.contactId;
    let set = w.contacts.get(contactId);
    if (!set) w.contacts.set(contactId, (set = new Set()));
    return { w, set, contactId };
  };
  return {
    add(conn: Connection): void {
      slot(conn).set.add(conn);
    },
    delete(conn: Connection): void {
      const { w, set, contactId } = slot(conn);
      set.delete(conn);
      if (contactId && set.size === 0) w.contacts.delete(contactId);
      if (w.agents.size === 0 && w.contacts.size === 0) byWorkspace.delete(conn.workspaceId);
    },
    agents(workspaceId: string): Iterable<Connection> {
      return byWorkspace.get(workspaceId)?.agents ?? [];
    },
    *audience(workspaceId: string, contactId: string): Iterable<Connection> {
      const w = byWorkspace.get(workspaceId);
      if (!w) return;
      yield* w.agents;
      yield* w.contacts.get(contactId) ?? [];
    },
  };
}

/**
 * The one WebSocket gateway: the Messenger at /widget/ws (authenticates in its `hello` frame)
 * and the Inbox at /api/app/ws (the session cookie). Every node keeps its own sockets and
 * hears every conversation event through the bus's broadcast listeners (Redis across nodes).
 */
export async function registerGateway(app: FastifyInstance, ctx: Ctx, services: Services, limits: { conversations: IpLimit }) {
  const inbox: InboxService = services.inbox;
  const open = createConnectionIndex();
  const agentSockets = new Map<string, number>();
  const publicOrigin = new URL(ctx.config.publicUrl).origin;

  const mayReceive = (conn: Connection, a: ConversationAudience) =>
    conn.actor.kind !== 'visitor' || inbox.canSee(conn.actor.viewer, { contactId: a.contact_id, visitorId: a.visitor_id });
  const fanOut = (e: DomainEvent, make: (conn: Connection, a: ConversationAudience) => Distributed | null) => {
    const a = (e.data as { audience?: ConversationAudience }).audience;
    if (!a) return;
    for (const conn of open.audience(e.workspaceId, a.contact_id)) {
      if (!mayReceive(conn, a)) continue;
      const f = make(conn, a);
      if (f) conn.deliver(f);
    }
  };
  const offs = [
    ctx.bus.onBroadcast('message.created', (e) => {
      let f: Distributed | undefined;
      fanOut(e, (_c, a) => (f ??= frame({ type: 'message', message: (e.data as { message: Message }).message, conversation: summary(a) }) as Distributed));
    }),
    ...['conversation.assigned', 'conversation.team_assigned', 'conversation.prioritized', 'conversation.closed', 'conversation.snoozed', 'conversation.reopened'].map((type) =>
      ctx.bus.onBroadcast(type, (e) => fanOut(e, (_c, a) => frame({ type: 'conversation', conversation: summary(a), event: type.slice('conversation.'.length) }) as Distributed)),
    ),
    ctx.bus.onBroadcast('conversation.tagged', (e) => fanOut(e, (_c, a) => frame({ type: 'conversation', conversation: summary(a), event: 'tagged' }) as Distributed)),
    // Internal notes and notifications go to agents' sockets only; a visitor's is never a candidate.
    ctx.bus.onBroadcast('conversation.note_created', (e) =>
      fanOut(e, (conn) => (conn.actor.kind === 'agent' ? (frame({ type: 'note', note: (e.data as { note: Note }).note }) as Distributed) : null)),
    ),
    ctx.bus.onBroadcast('agent.notification', (e) => {
      const { agent_id, notification } = e.data as { agent_id: string; notification: AgentNotification };
      for (const conn of open.agents(e.workspaceId)) {
        if (conn.actor.kind === 'agent' && conn.actor.agentId === agent_id) {
          conn.deliver(frame({ type: 'notification', notification }) as Distributed);
        }
      }
    }),
    ctx.bus.onBroadcast('agent.presence', (e) => {
      const { agent_id, status } = e.data as { agent_id: string; status: 'online' | 'away' | 'offline' };
      for (const conn of open.agents(e.workspaceId)) {
        if (conn.actor.kind === 'agent') conn.deliver(frame({ type: 'presence', agent_id, status }) as Distributed);
      }
    }),
    ctx.bus.onBroadcast('conversation.read', (e) => {
      const { reader, seq } = e.data as { reader: 'contact' | 'agent'; seq: number };
      fanOut(e, (_c, a) => frame({ type: 'read', conversation_id: a.id, reader, seq }) as Distributed);
    }),
    ctx.bus.onBroadcast('conversation.typing', (e) => {
      const { author_type, author_name } = e.data as { author_type: 'contact' | 'agent' | 'bot'; author_name: string | null };
      // Typing goes to the other side only.
      fanOut(e, (conn, a) =>
        (author_type === 'contact') === (conn.actor.kind === 'visitor')
          ? null
          : (frame({ type: 'typing', conversation_id: a.id, author_type, author_name }) as Distributed),
      );
    }),
  ];

  app.addHook('onClose', async () => {
    for (const off of offs) off();
  });

  /** Sends every message after each given seq, in order, then the live frames held meanwhile. */
  async function resume(conn: Connection, items: Array<{ conversation_id: string; after_seq: number }>) {
    conn.hold();
    try {
      for (const item of items) {
        let after = item.after_seq;
        for (;;) {
          let page;
          try {
            const row = await inbox.row(conn.workspaceId, item.conversation_id, conn.actor);
            page = await inbox.messages(conn.workspaceId, row.id, conn.actor, { after_seq: after, limit: RESUME_PAGE });
            const conversation = { id: row.id, state: row.state, assignee_id: row.assigneeId, last_seq: row.lastSeq };
            for (const m of page.data) conn.sendResumed(m, frame({ type: 'message', message: m, conversation }) as Frame & { type: 'message' });
          } catch (err) {
            conn.send(frame({ type: 'error', ...problem(err) }));
            break;
          }
          if (!page.has_more || page.data.length === 0) break;
          after = page.data[page.data.length - 1]!.seq;
        }
      }
    } finally {
      conn.release();
    }
  }

  /** The frame, or the problem to answer instead. */
  function parse(raw: string): Parsed {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return { problem: 'frame is not JSON' };
    }
    const result = ClientFrame.safeParse(parsed);
    if (result.success) return result.data;
    return { problem: result.error.issues.map((i) => `${i.path.join('.') || 'frame'}: ${i.message}`).join('; ') };
  }

  async function handle(conn: Connection, f: Parsed, ip: string) {
    if ('problem' in f) return conn.send(frame({ type: 'error', code: 'validation_failed', detail: f.problem }));
    const ws = conn.workspaceId;
    switch (f.type) {
      case 'hello':
      case 'resume':
        return resume(conn, f.resume);
      case 'ping':
        return conn.send(frame({ type: 'pong' }));
      case 'typing':
        return inbox.typing(ws, f.conversation_id, conn.actor).catch((err: unknown) => conn.send(frame({ type: 'error', ...problem(err) })));
      case 'read':
        return inbox.read(ws, f.conversation_id, conn.actor, f.seq).then(() => undefined, (err: unknown) => conn.send(frame({ type: 'error', ...problem(err) })));
      case 'send': {
        try {
          let sent: Sent;
          if (f.conversation_id) sent = await inbox.send(ws, conn.actor, f.conversation_id, { body: f.body, clientId: f.client_id });
          else if (conn.actor.kind === 'visitor') {
            await limits.conversations.consume(ip);
            sent = await inbox.start(ws, conn.actor, { contactId: conn.actor.viewer.contactId, body: f.body, clientId: f.client_id });
          } else throw new AppError('validation_failed', 'conversation_id: required for agents', [{ field: 'conversation_id', message: 'required' }]);
          const c = sent.conversation;
          // Only now, after commit: the ack is the promise that the message is stored.
          conn.send(
            frame({
              type: 'ack',
              client_id: f.client_id,
              message: toMessage(sent.message),
              conversation: { id: c.id, state: c.state, assignee_id: c.assigneeId, last_seq: c.lastSeq },
            }),
          );
        } catch (err) {
          conn.send(frame({ type: 'error', ...problem(err), client_id: f.client_id }));
        }
      }
    }
  }

  function attach(conn: Connection, ip: string, firstFrames: string[] = []) {
    open.add(conn);
    const order = frameOrder((f) => handle(conn, f, ip).catch((err: unknown) => ctx.log.error({ err }, 'websocket frame failed')));
    const onMessage = (data: unknown) => order.push(parse(String(data)));
    conn.socket.on('message', onMessage);
    conn.socket.on('close', () => open.delete(conn));
    conn.send(frame({ type: 'ready' }));
    for (const f of firstFrames) onMessage(f);
  }

  app.get('/widget/ws', { websocket: true, schema: { hide: true } }, (socket, req) => {
    // Until `hello` names the visitor nothing is handled; frames sent meanwhile wait their turn.
    const early: string[] = [];
    const collect = (data: unknown) => {
      early.push(String(data));
      if (early.length === 1) void authenticate(early[0]!);
    };
    socket.on('message', collect);
    const authenticate = async (raw: string) => {
      let viewer: Viewer;
      try {
        const hello = ClientFrame.parse(JSON.parse(raw));
        if (hello.type !== 'hello' || !hello.app_id || !hello.visitor_token) {
          throw new AppError('unauthorized', 'Send hello with app_id and visitor_token first');
        }
        viewer = await inbox.viewer(hello.app_id, hello.visitor_token);
      } catch (err) {
        const p = err instanceof AppError ? problem(err) : { code: 'unauthorized', detail: 'Send a valid hello frame first' };
        socket.send(JSON.stringify(frame({ type: 'error', ...p })));
        return socket.close(4401, p.code);
      }
      socket.off('message', collect);
      attach(new Connection(socket, viewer.workspaceId, { kind: 'visitor', viewer }), req.ip, early);
    };
  });

  app.get('/api/app/ws', { websocket: true, schema: { hide: true } }, (socket, req: FastifyRequest) => {
    const origin = req.headers.origin;
    // Browsers send cookies with cross-site WebSocket upgrades: only the dashboard's own origin may open one.
    if (origin && origin !== publicOrigin && new URL(origin).host !== req.headers.host) return socket.close(4403, 'forbidden');
    const auth = req.auth;
    if (!auth || auth.kind !== 'agent') return socket.close(4401, 'unauthorized');
    const { workspaceId, agentId } = auth;
    const key = `${workspaceId}:${agentId}`;
    agentSockets.set(key, (agentSockets.get(key) ?? 0) + 1);
    const beat = () => inbox.presence.touch(workspaceId, agentId).catch((err: unknown) => ctx.log.warn({ err }, 'presence update failed'));
    void beat();
    const timer = setInterval(beat, PRESENCE_BEAT_MS);
    socket.on('close', () => {
      clearInterval(timer);
      const left = (agentSockets.get(key) ?? 1) - 1;
      if (left > 0) agentSockets.set(key, left);
      else {
        agentSockets.delete(key);
        void inbox.presence.leave(workspaceId, agentId).catch((err: unknown) => ctx.log.warn({ err }, 'presence update failed'));
      }
    });
    attach(new Connection(socket, workspaceId, { kind: 'agent', agentId }), req.ip);
  });
}
