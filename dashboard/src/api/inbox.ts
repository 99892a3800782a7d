import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api, postForm } from './client.ts';
import type { Conversation, ConversationPage, MessageList, ServerFrame } from './types.ts';

export const INBOX_VIEWS = ['unassigned', 'mine', 'all', 'sla_at_risk', 'snoozed', 'closed'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number] | `team:${string}`;

const VIEW_QUERY: Record<(typeof INBOX_VIEWS)[number], Record<string, string>> = {
  unassigned: { state: 'open', assignee: 'unassigned' },
  mine: { state: 'open', assignee: 'me' },
  all: { state: 'open' },
  sla_at_risk: { state: 'open', sla: 'at_risk' },
  snoozed: { state: 'snoozed' },
  closed: { state: 'closed' },
};

/** What narrows a view: words, a tag, a contact. */
export interface InboxFilters {
  q?: string;
  tag_id?: string;
  contact_id?: string;
}

const viewQuery = (view: InboxView) => (view.startsWith('team:') ? { state: 'open', team_id: view.slice(5) } : VIEW_QUERY[view as (typeof INBOX_VIEWS)[number]]);

const listKey = ['conversations'] as const;
const conversationKey = (id: string) => ['conversation', id] as const;
const messagesKey = (id: string) => ['conversation', id, 'messages'] as const;

export function useConversations(view: InboxView, filters: InboxFilters = {}) {
  // A search or contact looks across every state: what was asked for may be closed.
  const base = filters.q || filters.contact_id ? {} : viewQuery(view);
  return useQuery({
    queryKey: [...listKey, view, filters],
    queryFn: () => api.get<ConversationPage>('/api/v1/conversations', { ...base, ...filters, limit: 100 }),
  });
}

/** A contact's conversations, for the customer sidebar. */
export function useContactConversations(contactId: string) {
  return useQuery({
    queryKey: [...listKey, 'contact', contactId],
    queryFn: () => api.get<ConversationPage>('/api/v1/conversations', { contact_id: contactId, limit: 20 }),
  });
}

export function useConversation(id: string) {
  return useQuery({ queryKey: conversationKey(id), queryFn: () => api.get<Conversation>(`/api/v1/conversations/${id}`) });
}

/** The whole thread, in seq order (paged through 200 at a time). */
export function useMessages(id: string) {
  return useQuery({
    queryKey: messagesKey(id),
    queryFn: async () => {
      const all: MessageList['data'] = [];
      for (;;) {
        const page = await api.get<MessageList>(`/api/v1/conversations/${id}/messages`, { after_seq: all.at(-1)?.seq ?? 0, limit: 200 });
        all.push(...page.data);
        if (!page.has_more) return all;
      }
    },
  });
}

const newClientId = () => crypto.randomUUID().replace(/-/g, '');

export function useReply(id: string) {
  const qc = useQueryClient();
  return useMutation({
    // One client id per reply, kept across retries, so a retry never sends it twice.
    mutationFn: (v: { body: string; clientId: string }) => api.post(`/api/v1/conversations/${id}/messages`, { body: v.body, client_id: v.clientId }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: messagesKey(id) });
      void qc.invalidateQueries({ queryKey: listKey });
    },
  });
}
export { newClientId };

export function useAttach(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('client_id', newClientId());
      form.append('file', file, file.name);
      return postForm(`/api/v1/conversations/${id}/attachments`, form);
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: messagesKey(id) });
      void qc.invalidateQueries({ queryKey: listKey });
    },
  });
}

export function useUpdateConversation(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: { state?: 'open' | 'closed' | 'snoozed'; snoozed_until?: string; assignee_id?: string | null; team_id?: string | null; priority?: boolean }) =>
      api.patch<Conversation>(`/api/v1/conversations/${id}`, patch),
    onSuccess: (c) => {
      qc.setQueryData(conversationKey(id), c);
      void qc.invalidateQueries({ queryKey: listKey });
    },
  });
}

export function markRead(id: string, seq: number) {
  return api.post(`/api/v1/conversations/${id}/read`, { seq });
}

export type SocketStatus = 'connecting' | 'live' | 'offline';

/** A conversation's live extras that are not stored: who is typing. */
export type Typing = Record<string, { name: string | null; at: number }>;

/** Frames worth a desktop notification (see desktop-notify.ts). */
export type NotifyHook = (f: ServerFrame) => void;

function applyFrame(qc: QueryClient, f: ServerFrame, setTyping: (fn: (t: Typing) => Typing) => void) {
  if (f.type === 'note') {
    void qc.invalidateQueries({ queryKey: ['conversation', f.note.conversation_id, 'notes'] });
  } else if (f.type === 'notification') {
    void qc.invalidateQueries({ queryKey: ['notifications'] });
  } else if (f.type === 'presence') {
    void qc.invalidateQueries({ queryKey: ['presence'] });
  } else if (f.type === 'message') {
    const id = f.message.conversation_id;
    const cached = qc.getQueryData<MessageList['data']>(messagesKey(id));
    const last = cached?.at(-1)?.seq ?? 0;
    // The next one is appended; anything else (a gap, a repeat) makes the thread reload from the server.
    if (cached && f.message.seq === last + 1) qc.setQueryData(messagesKey(id), [...cached, f.message]);
    else if (cached && f.message.seq > last) void qc.invalidateQueries({ queryKey: messagesKey(id) });
    setTyping((t) => ({ ...t, [id]: { name: null, at: 0 } }));
    void qc.invalidateQueries({ queryKey: listKey });
    void qc.invalidateQueries({ queryKey: conversationKey(id), exact: true });
  } else if (f.type === 'conversation') {
    void qc.invalidateQueries({ queryKey: listKey });
    void qc.invalidateQueries({ queryKey: conversationKey(f.conversation.id), exact: true });
  } else if (f.type === 'read') {
    void qc.invalidateQueries({ queryKey: conversationKey(f.conversation_id), exact: true });
  } else if (f.type === 'typing') {
    setTyping((t) => ({ ...t, [f.conversation_id]: { name: f.author_name, at: Date.now() } }));
  }
}

/**
 * The Inbox's socket (/api/app/ws, the session cookie): keeps lists and open threads current
 * and reconnects with backoff; on every (re)connect the lists reload, so nothing missed while
 * offline stays missing.
 */
export function useInboxSocket(onFrame?: NotifyHook): { status: SocketStatus; typing: Typing; send: (frame: object) => void } {
  const qc = useQueryClient();
  const [status, setStatus] = useState<SocketStatus>('connecting');
  const [typing, setTyping] = useState<Typing>({});
  const socket = useRef<WebSocket | null>(null);
  const notify = useRef(onFrame);
  notify.current = onFrame;

  useEffect(() => {
    let stopped = false;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/app/ws`);
      socket.current = ws;
      ws.onmessage = (e) => {
        const f = JSON.parse(String(e.data)) as ServerFrame;
        if (f.type === 'ready') {
          attempt = 0;
          setStatus('live');
          void qc.invalidateQueries({ queryKey: listKey });
          void qc.invalidateQueries({ queryKey: ['conversation'] });
          return;
        }
        applyFrame(qc, f, setTyping);
        notify.current?.(f);
      };
      ws.onclose = () => {
        if (stopped) return;
        setStatus('offline');
        timer = setTimeout(connect, Math.min(10_000, 500 * 2 ** attempt++));
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      socket.current?.close();
    };
  }, [qc]);

  const send = (frame: object) => {
    if (socket.current?.readyState === WebSocket.OPEN) socket.current.send(JSON.stringify({ v: 1, ...frame }));
  };
  return { status, typing, send };
}
