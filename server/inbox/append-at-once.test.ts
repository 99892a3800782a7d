import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation, Message } from '../../contracts/messenger.ts';
import type { DomainEvent } from '../platform/bus.ts';
import { AppError } from '../platform/errors.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, type TestWorkspace } from '../../test/factories.ts';
import { conversations, messages } from './schema.ts';
import type { Actor, Viewer } from './service.ts';

/**
 * The chat hot path (append-at-once.ts) writes a message in one statement; these pin what the
 * transactional path it replaced guaranteed. On PostgreSQL the concurrent sends really race
 * for the conversation's row lock; on PGlite they queue on its single connection.
 */
let baton: TestBaton;
let ws: TestWorkspace;
let other: TestWorkspace;
let n = 0;

async function visitor(w = ws): Promise<{ viewer: Viewer; actor: Actor }> {
  const booted = await baton.services.inbox.boot({ app_id: w.writeKey }, async () => undefined);
  const viewer = await baton.services.inbox.viewer(w.writeKey, booted.visitor_token);
  return { viewer, actor: { kind: 'visitor', viewer } };
}

async function chat() {
  const v = await visitor();
  const started = await baton.services.inbox.start(ws.workspaceId, v.actor, { contactId: v.viewer.contactId, body: 'hello', clientId: `start-${++n}` });
  return { ...v, id: started.conversation.id };
}

const agent = (w = ws): Actor => ({ kind: 'agent', agentId: w.owner.agentId });
const stored = (id: string) =>
  baton.ctx.db.select().from(messages).where(and(eq(messages.workspaceId, ws.workspaceId), eq(messages.conversationId, id))).orderBy(messages.seq);
const row = async (id: string) =>
  (await baton.ctx.db.select().from(conversations).where(and(eq(conversations.workspaceId, ws.workspaceId), eq(conversations.id, id))))[0]!;
const refusal = (p: Promise<unknown>) => p.then(() => null, (err: unknown) => (err instanceof AppError ? err.code : String(err)));

beforeAll(async () => {
  baton = await startBaton();
  ws = await createWorkspace(baton, 'Hot path Co');
  other = await createWorkspace(baton, 'Elsewhere Co');
});
afterAll(() => baton?.stop());

describe('sending a chat message', () => {
  it('numbers concurrent sends from both sides 1, 2, 3… without a gap or a repeat', async () => {
    const c = await chat();
    const sends = Array.from({ length: 24 }, (_, i) =>
      baton.services.inbox.send(ws.workspaceId, i % 2 ? agent() : c.actor, c.id, { body: `message ${i}`, clientId: `race-${n}-${i}` }),
    );
    const sent = await Promise.all(sends);
    expect(sent.map((s) => s.message.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, i) => i + 2));
    const all = await stored(c.id);
    expect(all.map((m) => m.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect((await row(c.id)).lastSeq).toBe(25);
    expect(all.find((m) => m.body === 'message 1')).toMatchObject({ authorType: 'agent', authorName: 'Owner' });
  });

  it('stores a message sent again with its client id once, even when the copies race', async () => {
    const c = await chat();
    const copies = await Promise.all(
      Array.from({ length: 6 }, () => baton.services.inbox.send(ws.workspaceId, c.actor, c.id, { body: 'Only once, please', clientId: 'the-same-one' })),
    );
    expect(new Set(copies.map((s) => s.message.id)).size).toBe(1);
    expect(copies.filter((s) => s.created)).toHaveLength(1);
    expect((await stored(c.id)).map((m) => [m.seq, m.body])).toEqual([
      [1, 'hello'],
      [2, 'Only once, please'],
    ]);
    const reused = await refusal(baton.services.inbox.send(ws.workspaceId, c.actor, c.id, { body: 'Something else', clientId: 'the-same-one' }));
    expect(reused).toBe('validation_failed');
  });

  it('refuses a stranger and an agent of another workspace, storing nothing', async () => {
    const c = await chat();
    const stranger = await visitor();
    expect(await refusal(baton.services.inbox.send(ws.workspaceId, stranger.actor, c.id, { body: 'let me in' }))).toBe('not_found');
    expect(await refusal(baton.services.inbox.send(ws.workspaceId, agent(other), c.id, { body: 'wrong team' }))).toBe('forbidden');
    expect(await refusal(baton.services.inbox.send(other.workspaceId, agent(other), c.id, { body: 'wrong workspace' }))).toBe('not_found');
    expect((await stored(c.id)).map((m) => m.body)).toEqual(['hello']);
    expect((await row(c.id)).lastSeq).toBe(1);
  });

  it('keeps the first response, reopens on the customer’s word only, and indexes the words', async () => {
    const c = await chat();
    const api: Actor = { kind: 'api_key' };
    await baton.services.inbox.send(ws.workspaceId, api, c.id, { body: 'An automated hello' });
    expect((await row(c.id)).firstResponseAt).toBeNull();
    const first = await baton.services.inbox.send(ws.workspaceId, agent(), c.id, { body: 'A human answer' });
    await baton.services.inbox.send(ws.workspaceId, agent(), c.id, { body: 'And a second one' });
    expect((await row(c.id)).firstResponseAt).toEqual(first.message.createdAt);
    expect(await row(c.id)).toMatchObject({ agentLastReadSeq: 4, contactLastReadSeq: 1, lastAgentMessageAt: (await stored(c.id))[3]!.createdAt });

    await baton.services.inbox.update(ws.workspaceId, c.id, { state: 'closed' });
    await baton.services.inbox.send(ws.workspaceId, agent(), c.id, { body: 'Closing note to the customer' });
    expect((await row(c.id)).state).toBe('closed');
    const back = await baton.services.inbox.send(ws.workspaceId, c.actor, c.id, { body: 'Actually, zephyrine again' });
    expect(back.conversation).toMatchObject({ state: 'open', closedAt: null, contactLastReadSeq: 6, lastSeq: 6 });
    const found = await baton.services.inbox.list(ws.workspaceId, { q: 'zephyrine', limit: 10 }, null);
    expect(found.data.map((x) => x.id)).toEqual([c.id]);
  });

  it('publishes the message with the conversation’s tags, after it is stored', async () => {
    const c = await chat();
    const tag = await baton.services.inboxTools.tags.create(ws.workspaceId, { name: `vip-${n}` });
    await baton.services.inboxTools.tags.add(ws.workspaceId, null, c.id, tag.id);
    const heard: DomainEvent[] = [];
    const off = baton.ctx.bus.onLocal('message.created', (e) => void heard.push(e));
    try {
      const sent = await baton.services.inbox.send(ws.workspaceId, c.actor, c.id, { body: 'Tagged?' });
      const deadline = Date.now() + 20_000;
      while (!heard.some((e) => (e.data as { message: Message }).message.id === sent.message.id) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const event = heard.find((e) => (e.data as { message: Message }).message.id === sent.message.id)!;
      expect((event.data as { conversation: Conversation }).conversation).toMatchObject({ id: c.id, tag_ids: [tag.id], last_seq: 2 });
    } finally {
      off();
    }
  });
});
