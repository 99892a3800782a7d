import type { Message, MessageList, WidgetConversation } from '../../../contracts/messenger.ts';
import type { Http } from '../session.ts';

/** The Messenger's /widget calls (the loader's own Http carries only boot, flags and events). */
export const calls = {
  conversations: (http: Http) => http.call<{ data: WidgetConversation[] }>('GET', '/widget/conversations'),
  messages: (http: Http, id: string, afterSeq: number) => http.call<MessageList>('GET', `/widget/conversations/${id}/messages?after_seq=${afterSeq}&limit=200`),
  /** A message with a file; the client id makes a retried upload store nothing twice. */
  async upload(http: Http, conversationId: string, file: File, clientId: string): Promise<Message> {
    const form = new FormData();
    form.append('client_id', clientId);
    form.append('file', file, file.name);
    const res = await fetch(`${http.base}/widget/conversations/${conversationId}/attachments`, {
      method: 'POST',
      headers: { 'x-baton-app': http.appId, 'x-baton-visitor': http.token ?? '' },
      body: form,
      credentials: 'omit',
    });
    const data = (await res.json()) as Message & { detail?: string };
    if (!res.ok) throw new Error(data.detail ?? `HTTP ${res.status}`);
    return data;
  },
  rate: (http: Http, conversationId: string, rating: number, comment: string) =>
    http.call<WidgetConversation>('POST', `/widget/conversations/${conversationId}/csat`, { rating, ...(comment.trim() ? { comment } : {}) }),
  email: (http: Http, email: string) => http.call<{ saved: boolean }>('POST', '/widget/email', { email }),
};
