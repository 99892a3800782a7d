import { describe, expect, it } from 'vitest';
import type { ServerFrame } from '../../api/types.ts';
import { alertFor } from './desktop-notify.ts';

const me = '00000000-0000-4000-8000-000000000001';
const other = '00000000-0000-4000-8000-000000000002';
const cid = '00000000-0000-4000-8000-0000000000aa';
const summary = (assignee: string | null) => ({ id: cid, state: 'open' as const, assignee_id: assignee, last_seq: 2 });
const message = (author: 'contact' | 'agent', assignee: string | null): ServerFrame => ({
  v: 1,
  type: 'message',
  conversation: summary(assignee),
  message: { id: cid, conversation_id: cid, seq: 2, client_id: 'c', author_type: author, author_id: null, author_name: null, body: 'Help please', body_html: '', attachments: [], created_at: '' },
});

describe('desktop notification choice', () => {
  it('alerts for mentions, assignments to me and customer messages in my conversations only', () => {
    const mention: ServerFrame = { v: 1, type: 'notification', notification: { id: cid, kind: 'mention', conversation_id: cid, actor_name: 'Ana', excerpt: 'look', read_at: null, created_at: '' } };
    expect(alertFor(mention, me)).toMatchObject({ kind: 'mention', text: 'Ana: look' });
    expect(alertFor({ v: 1, type: 'conversation', conversation: summary(me), event: 'assigned' }, me)).toMatchObject({ kind: 'conversation' });
    expect(alertFor({ v: 1, type: 'conversation', conversation: summary(me), event: 'tagged' }, me)).toBeNull();
    expect(alertFor({ v: 1, type: 'conversation', conversation: summary(other), event: 'assigned' }, me)).toBeNull();
    expect(alertFor(message('contact', me), me)).toMatchObject({ kind: 'message', text: 'Help please' });
    expect(alertFor(message('contact', other), me)).toBeNull();
    expect(alertFor(message('agent', me), me)).toBeNull();
  });
});
