import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ConversationCounts, Note, NotificationList, PresenceList, RenderedReply, SavedReply, Tag } from '../../../contracts/inbox-tools.ts';
import type { BootResponse, Conversation, ConversationPage, Created, MessageList, ServerFrame } from '../../../contracts/messenger.ts';
import { createSession } from '../../platform/auth/sessions.ts';
import { newId } from '../../platform/ids.ts';
import { agents, memberships } from '../../workspaces/schema.ts';
import { startBaton, type TestBaton } from '../../../test/harness.ts';
import { createWorkspace, waitForMail, type TestWorkspace } from '../../../test/factories.ts';
import { documentTerms, queryClauses } from './search-terms.ts';
import { pickVersion, renderTemplate, unknownPlaceholder } from './template.ts';

let baton: TestBaton;
let ws: TestWorkspace;
let other: TestWorkspace;
let mate: { agentId: string; email: string; headers: Record<string, string> };
let ip = 0;

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
const call = async <T = unknown>(method: Method, url: string, payload?: object, headers = ws.agentHeaders) => {
  const res = await baton.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: (res.body ? res.json() : null) as T, type: String(res.headers['content-type'] ?? '') };
};

async function teammate(w: TestWorkspace, name: string) {
  const agentId = newId();
  const email = `mate-${agentId}@example.test`;
  await baton.ctx.db.insert(agents).values({ id: agentId, email, name });
  await baton.ctx.db.insert(memberships).values({ workspaceId: w.workspaceId, agentId, role: 'agent' });
  const session = await createSession(baton.ctx.db, { agentId, workspaceId: w.workspaceId });
  return { agentId, email, headers: { cookie: `baton_session=${session.token}`, 'x-csrf-token': session.csrfToken } };
}

async function visitor(w: TestWorkspace = ws, settings: object = {}) {
  const remoteAddress = `10.44.${Math.floor(++ip / 250)}.${ip % 250}`;
  const res = await baton.app.inject({ method: 'POST', url: '/widget/boot', payload: { app_id: w.writeKey, ...settings }, remoteAddress });
  const boot = res.json<BootResponse>();
  return { boot, remoteAddress, headers: { 'x-baton-app': w.writeKey, 'x-baton-visitor': boot.visitor_token } };
}

async function chat(body: string, w: TestWorkspace = ws, settings: object = {}) {
  const v = await visitor(w, settings);
  const res = await baton.app.inject({ method: 'POST', url: '/widget/conversations', headers: v.headers, remoteAddress: v.remoteAddress, payload: { body, client_id: `c${newId()}` } });
  expect(res.statusCode, res.body).toBe(201);
  const agentView = await baton.app.inject({ method: 'GET', url: `/api/v1/conversations/${res.json<Created>().conversation.id}`, headers: w.agentHeaders });
  return { v, conversation: agentView.json<Conversation>() };
}

const search = async (q: string, w = ws) =>
  (await call<ConversationPage>('GET', `/api/v1/conversations?q=${encodeURIComponent(q)}`, undefined, w.agentHeaders)).body.data.map((c) => c.id);

beforeAll(async () => {
  baton = await startBaton({ listen: true });
  ws = await createWorkspace(baton, 'Tools Co');
  other = await createWorkspace(baton, 'Other Co');
  mate = await teammate(ws, 'Maria Teammate');
});
afterAll(() => baton?.stop());

describe('saved-reply templates (pure)', () => {
  it('fills variables, uses fallbacks and names unknown ones', () => {
    const body = 'Hi {{contact.first_name | fallback: "there"}}, {{agent.name}} from {{company.name|fallback:"us"}}';
    expect(renderTemplate(body, { 'contact.first_name': 'Ann', 'agent.name': 'Bo', 'company.name': 'Acme' })).toBe('Hi Ann, Bo from Acme');
    expect(renderTemplate(body, { 'agent.name': 'Bo' })).toBe('Hi there, Bo from us');
    expect(unknownPlaceholder(body)).toBeNull();
    expect(unknownPlaceholder('Hi {{contact.nmae}}')).toBe('{{contact.nmae}}');
    expect(unknownPlaceholder('Hi {{ broken')).toBeNull();
    expect(pickVersion('hi', { ru: 'привет', 'zh-Hant': '你好' }, 'ru-RU')).toEqual({ body: 'привет', locale: 'ru' });
    expect(pickVersion('hi', { 'zh-Hant': '你好' }, 'zh-TW')).toEqual({ body: '你好', locale: 'zh-Hant' });
    expect(pickVersion('hi', { ru: 'привет' }, 'kk')).toEqual({ body: 'hi', locale: 'default' });
  });

  it('search terms: Chinese without spaces through bigrams, Russian by stem', () => {
    const doc = new Set(documentTerms('我无法重置密码, оплату не провели'));
    for (const clause of queryClauses('重置密码')) expect(clause.anyOf.some((t) => doc.has(t))).toBe(true);
    expect(queryClauses('оплата')[0]!.prefix).not.toBeNull();
  });
});

describe('internal notes and mentions', () => {
  it('notifies the mentioned teammate in the dashboard and by e-mail, and never reaches the customer', async () => {
    const { v, conversation } = await chat('My invoice is wrong');
    const visitorSocket = new WebSocket(baton.url.replace(/^http/, 'ws') + '/widget/ws');
    const mateSocket = new WebSocket(baton.url.replace(/^http/, 'ws') + '/api/app/ws', { headers: { cookie: mate.headers.cookie!, origin: baton.url } });
    const seen: { visitor: ServerFrame[]; mate: ServerFrame[] } = { visitor: [], mate: [] };
    visitorSocket.on('message', (d) => seen.visitor.push(JSON.parse(String(d)) as ServerFrame));
    mateSocket.on('message', (d) => seen.mate.push(JSON.parse(String(d)) as ServerFrame));
    await new Promise((r) => visitorSocket.once('open', r));
    visitorSocket.send(JSON.stringify({ v: 1, type: 'hello', app_id: ws.writeKey, visitor_token: v.boot.visitor_token, resume: [] }));
    await expect.poll(() => seen.visitor.some((f) => f.type === 'ready') && seen.mate.some((f) => f.type === 'ready'), { timeout: 30_000 }).toBe(true);

    const secret = 'Refund approved internally, do not promise a date';
    const res = await call<Note>('POST', `/api/v1/conversations/${conversation.id}/notes`, { body: `@Maria ${secret}`, mention_ids: [mate.agentId] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ author_id: ws.owner.agentId, mention_ids: [mate.agentId] });

    // The mentioned agent: a live frame, the note itself, a stored notification and an e-mail.
    await expect.poll(() => seen.mate.some((f) => f.type === 'notification'), { timeout: 30_000 }).toBe(true);
    // Its own frame, published apart from the notification's: it may arrive second.
    await expect.poll(() => seen.mate.some((f) => f.type === 'note' && f.note.id === res.body.id), { timeout: 30_000 }).toBe(true);
    const list = await call<NotificationList>('GET', '/api/v1/notifications', undefined, mate.headers);
    expect(list.body.unread).toBe(1);
    expect(list.body.data[0]).toMatchObject({ kind: 'mention', conversation_id: conversation.id, actor_name: 'Owner' });
    const mail = await waitForMail(baton, mate.email, /Refund approved/);
    expect(mail.subject).toContain('mentioned you');
    expect(mail.text).toContain(`/app/inbox/${conversation.id}`);
    expect((await call('POST', '/api/v1/notifications/read', {}, mate.headers)).status).toBe(204);
    expect((await call<NotificationList>('GET', '/api/v1/notifications', undefined, mate.headers)).body.unread).toBe(0);

    // The customer: an agent reply after the note arrives on the socket; the note never does.
    await call('POST', `/api/v1/conversations/${conversation.id}/messages`, { body: 'We are on it' });
    await expect.poll(() => seen.visitor.some((f) => f.type === 'message' && f.message.body === 'We are on it'), { timeout: 30_000 }).toBe(true);
    expect(JSON.stringify(seen.visitor)).not.toContain(secret);
    const widgetMessages = await baton.app.inject({ method: 'GET', url: `/widget/conversations/${conversation.id}/messages`, headers: v.headers, remoteAddress: v.remoteAddress });
    expect(widgetMessages.statusCode).toBe(200);
    expect(widgetMessages.body).not.toContain(secret);
    const widgetList = await baton.app.inject({ method: 'GET', url: '/widget/conversations', headers: v.headers, remoteAddress: v.remoteAddress });
    expect(widgetList.body).not.toContain(secret);
    const agentMessages = await call<MessageList>('GET', `/api/v1/conversations/${conversation.id}/messages`);
    expect(agentMessages.body.data.map((m) => m.body)).toEqual(['My invoice is wrong', 'We are on it']);
    // Resuming from 0 replays messages only.
    const before = seen.visitor.length;
    visitorSocket.send(JSON.stringify({ v: 1, type: 'resume', resume: [{ conversation_id: conversation.id, after_seq: 0 }] }));
    await expect.poll(() => seen.visitor.slice(before).filter((f) => f.type === 'message').length, { timeout: 30_000 }).toBe(2);
    expect(JSON.stringify(seen.visitor)).not.toContain(secret);
    visitorSocket.terminate();
    mateSocket.terminate();

    const notes = await call<{ data: Note[] }>('GET', `/api/v1/conversations/${conversation.id}/notes`);
    expect(notes.body.data.map((n) => n.body)).toEqual([`@Maria ${secret}`]);
  });

  it('refuses a mention of someone outside the workspace, and another workspace cannot read or write notes', async () => {
    const { conversation } = await chat('Hello');
    const stranger = await teammate(other, 'Stranger');
    const bad = await call('POST', `/api/v1/conversations/${conversation.id}/notes`, { body: 'hi', mention_ids: [stranger.agentId] });
    expect(bad.status).toBe(400);
    expect(bad.type).toContain('application/problem+json');
    expect(JSON.stringify(bad.body)).toContain('body.mention_ids.0');
    const empty = await call('POST', `/api/v1/conversations/${conversation.id}/notes`, { body: '   ' });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain('body');
    expect((await call('GET', `/api/v1/conversations/${conversation.id}/notes`, undefined, other.agentHeaders)).status).toBe(404);
    expect((await call('POST', `/api/v1/conversations/${conversation.id}/notes`, { body: 'x' }, other.agentHeaders)).status).toBe(404);
    expect((await call<{ data: Note[] }>('GET', `/api/v1/conversations/${conversation.id}/notes`)).body.data).toEqual([]);
  });
});

describe('tags', () => {
  it('keeps a workspace tag list, tags conversations and filters by tag', async () => {
    const bug = await call<Tag>('POST', '/api/v1/tags', { name: 'Bug', color: 'red' });
    expect(bug.status).toBe(201);
    const dup = await call('POST', '/api/v1/tags', { name: 'bug' });
    expect(dup.status).toBe(409);
    expect(JSON.stringify(dup.body)).toContain('body.name');
    expect((await call('POST', '/api/v1/tags', { name: 'x', color: 'plaid' })).status).toBe(400);
    const { conversation: a } = await chat('It crashes');
    const { conversation: b } = await chat('Just a question');
    const put = await call<{ tag_ids: string[] }>('PUT', `/api/v1/conversations/${a.id}/tags/${bug.body.id}`);
    expect(put.body.tag_ids).toEqual([bug.body.id]);
    await call('PUT', `/api/v1/conversations/${a.id}/tags/${bug.body.id}`);
    const filtered = await call<ConversationPage>('GET', `/api/v1/conversations?tag_id=${bug.body.id}`);
    expect(filtered.body.data.map((c) => c.id)).toEqual([a.id]);
    expect(filtered.body.data[0]!.tag_ids).toEqual([bug.body.id]);
    expect((await call<{ data: Tag[] }>('GET', '/api/v1/tags')).body.data.find((t) => t.id === bug.body.id)!.conversation_count).toBe(1);
    // Another workspace sees neither the tag nor may use it.
    expect((await call<{ data: Tag[] }>('GET', '/api/v1/tags', undefined, other.agentHeaders)).body.data).toEqual([]);
    expect((await call('PUT', `/api/v1/conversations/${a.id}/tags/${bug.body.id}`, undefined, other.agentHeaders)).status).toBe(404);
    expect((await call('DELETE', `/api/v1/tags/${bug.body.id}`, undefined, other.agentHeaders)).status).toBe(404);
    const otherTag = await call<Tag>('POST', '/api/v1/tags', { name: 'Theirs' }, other.agentHeaders);
    expect((await call('PUT', `/api/v1/conversations/${b.id}/tags/${otherTag.body.id}`)).status).toBe(404);
    const removed = await call<{ tag_ids: string[] }>('DELETE', `/api/v1/conversations/${a.id}/tags/${bug.body.id}`);
    expect(removed.body.tag_ids).toEqual([]);
    expect((await call('DELETE', `/api/v1/tags/${bug.body.id}`)).status).toBe(204);
  });
});

describe('saved replies', () => {
  it('fills variables for the conversation in the contact locale, and refuses unknown variables', async () => {
    const bad = await call('POST', '/api/v1/saved-replies', { name: 'Broken', body: 'Hi {{contact.frist_name}}' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('body.body');
    const badRu = await call('POST', '/api/v1/saved-replies', { name: 'Broken', body: 'Hi', translations: { ru: 'Привет {{x.y}}' } });
    expect(JSON.stringify(badRu.body)).toContain('body.translations.ru');
    const created = await call<SavedReply>('POST', '/api/v1/saved-replies', {
      name: 'Greeting',
      body: 'Hi {{contact.first_name | fallback: "there"}}, {{agent.first_name}} from {{workspace.name}} here.',
      translations: { ru: 'Здравствуйте, {{contact.first_name | fallback: "друг"}}! Это {{agent.name}}.' },
    });
    expect(created.status).toBe(201);
    const { conversation: ru } = await chat('Помогите', ws, { user_id: `u-${newId()}`, name: 'Иван Петров' });
    await baton.services.contacts.updateContact(ws.workspaceId, ru.contact_id, { locale: 'ru-RU' });
    const { conversation: anon } = await chat('Hello');
    const inRu = await call<RenderedReply>('GET', `/api/v1/conversations/${ru.id}/saved-replies/${created.body.id}`);
    expect(inRu.body).toEqual({ body: 'Здравствуйте, Иван! Это Owner.', locale: 'ru' });
    const inEn = await call<RenderedReply>('GET', `/api/v1/conversations/${anon.id}/saved-replies/${created.body.id}`);
    expect(inEn.body).toEqual({ body: 'Hi there, Owner from Tools Co here.', locale: 'default' });
    expect((await call('GET', `/api/v1/conversations/${anon.id}/saved-replies/${created.body.id}`, undefined, other.agentHeaders)).status).toBe(404);
    expect((await call<{ data: SavedReply[] }>('GET', '/api/v1/saved-replies', undefined, other.agentHeaders)).body.data).toEqual([]);
    const patched = await call<SavedReply>('PATCH', `/api/v1/saved-replies/${created.body.id}`, { name: 'Hello' });
    expect(patched.body.name).toBe('Hello');
    expect((await call('DELETE', `/api/v1/saved-replies/${created.body.id}`)).status).toBe(204);
  });
});

describe('snooze, search, counts, presence', () => {
  it('wakes a snoozed conversation through the job queue', async () => {
    const { conversation } = await chat('Remind me later');
    const until = new Date(Date.now() + 1500).toISOString();
    const res = await call<Conversation>('PATCH', `/api/v1/conversations/${conversation.id}`, { state: 'snoozed', snoozed_until: until });
    expect(res.body.state).toBe('snoozed');
    const missing = await call('PATCH', `/api/v1/conversations/${conversation.id}`, { state: 'snoozed' });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('snoozed_until');
    await expect
      .poll(async () => (await call<Conversation>('GET', `/api/v1/conversations/${conversation.id}`)).body.state, { timeout: 20_000, interval: 250 })
      .toBe('open');
  });

  it('finds conversations by words in Chinese, Russian and Kazakh, within the workspace only', async () => {
    const { conversation: zh } = await chat('我无法重置密码，请帮忙');
    const { conversation: ru } = await chat('Не могу оплатить подписку картой');
    const { conversation: kk } = await chat('Менің кітабым қайда?');
    const { conversation: en } = await chat('The reimbursements were duplicated');
    const { conversation: theirs } = await chat('重置密码 reimbursements', other);
    expect(await search('重置密码')).toEqual([zh.id]);
    expect(await search('密码')).toEqual([zh.id]);
    expect(await search('оплата подписки')).toEqual([ru.id]);
    expect(await search('кітап')).toEqual([kk.id]);
    expect(await search('reimbursement')).toEqual([en.id]);
    expect(await search('reimb')).toEqual([en.id]);
    expect(await search('duplicated refund')).toEqual([]);
    expect(await search('重置密码', other)).toEqual([theirs.id]);
    // A note's words are found too.
    await call('POST', `/api/v1/conversations/${en.id}/notes`, { body: 'escalated to billing' });
    expect(await search('billing')).toEqual([en.id]);
    const byContact = await call<ConversationPage>('GET', `/api/v1/conversations?contact_id=${zh.contact_id}`);
    expect(byContact.body.data.map((c) => c.id)).toEqual([zh.id]);
  });

  it('counts each view and reports presence, away agents not counting as online', async () => {
    const counts = await call<ConversationCounts>('GET', '/api/v1/conversations/counts');
    const list = await call<ConversationPage>('GET', '/api/v1/conversations?state=open&assignee=unassigned&limit=100');
    expect(counts.body.unassigned).toBe(list.body.data.length);
    expect(counts.body.mine).toBe(0);
    expect((await call<ConversationCounts>('GET', '/api/v1/conversations/counts', undefined, other.agentHeaders)).body.all).toBeLessThan(counts.body.all);

    expect((await call('PUT', '/api/v1/presence/me', { status: 'online' }, mate.headers)).status).toBe(204);
    const boot1 = await visitor();
    expect(boot1.boot.settings.agents_online).toBe(1);
    expect((await call('PUT', '/api/v1/presence/me', { status: 'busy' }, mate.headers)).status).toBe(400);
    await call('PUT', '/api/v1/presence/me', { status: 'away' }, mate.headers);
    const presence = await call<PresenceList>('GET', '/api/v1/presence');
    expect(presence.body.data).toContainEqual({ agent_id: mate.agentId, status: 'away' });
    expect(presence.body.data).toContainEqual({ agent_id: ws.owner.agentId, status: 'offline' });
    expect((await visitor()).boot.settings.agents_online).toBe(0);
    expect((await call<PresenceList>('GET', '/api/v1/presence', undefined, other.agentHeaders)).body.data.map((p) => p.agent_id)).not.toContain(mate.agentId);
  });
});

describe('presence in routing', () => {
  it("assigns a routed conversation to the team's least-loaded online agent, never to an away one", async () => {
    const desk = await createWorkspace(baton, 'Routed desk');
    const [ana, bo, cy] = [await teammate(desk, 'Ana'), await teammate(desk, 'Bo'), await teammate(desk, 'Cy')];
    const team = await baton.services.workspaces.teams.create(desk.workspaceId, { name: 'Desk', agentIds: [ana.agentId, bo.agentId, cy.agentId] });
    const rule = await call('POST', '/api/v1/routing-rules', { name: 'All', rule: { type: 'group', match: 'all', conditions: [] }, team_id: team.id }, desk.agentHeaders);
    expect(rule.status).toBe(201);
    await call('PUT', '/api/v1/presence/me', { status: 'online' }, ana.headers);
    await call('PUT', '/api/v1/presence/me', { status: 'online' }, bo.headers);
    await call('PUT', '/api/v1/presence/me', { status: 'away' }, cy.headers);
    const assigneeOf = async (id: string) => (await call<Conversation>('GET', `/api/v1/conversations/${id}`, undefined, desk.agentHeaders)).body.assignee_id;
    const first = (await chat('First', desk)).conversation;
    await expect.poll(() => assigneeOf(first.id), { timeout: 30_000 }).not.toBeNull();
    const second = (await chat('Second', desk)).conversation;
    await expect.poll(() => assigneeOf(second.id), { timeout: 30_000 }).not.toBeNull();
    // One each: the second goes to whoever had none; the away agent gets nothing.
    expect(new Set([await assigneeOf(first.id), await assigneeOf(second.id)])).toEqual(new Set([ana.agentId, bo.agentId]));
    await call('PUT', '/api/v1/presence/me', { status: 'away' }, ana.headers);
    await call('PUT', '/api/v1/presence/me', { status: 'away' }, bo.headers);
    const third = (await chat('Third', desk)).conversation;
    await expect.poll(async () => (await call<Conversation>('GET', `/api/v1/conversations/${third.id}`, undefined, desk.agentHeaders)).body.team_id, { timeout: 30_000 }).toBe(team.id);
    expect(await assigneeOf(third.id)).toBeNull();
  });
});
