import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BootResponse, Conversation, Created, Message, MessageList, WidgetConversation } from '../../contracts/messenger.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, type TestWorkspace } from '../../test/factories.ts';
import { renderMessage } from './markdown.ts';

let baton: TestBaton;
let ws: TestWorkspace;
let other: TestWorkspace;
let ipCounter = 0;
/** Each visitor its own address, so the per-IP session limit is not what a test measures. */
const nextIp = () => `10.9.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

interface Visitor {
  boot: BootResponse;
  headers: Record<string, string>;
  ip: string;
}

async function boot(w: TestWorkspace, settings: Record<string, unknown> = {}, ip = nextIp()) {
  return baton.app.inject({ method: 'POST', url: '/widget/boot', payload: { app_id: w.writeKey, ...settings }, remoteAddress: ip });
}

async function visitor(w: TestWorkspace = ws, settings: Record<string, unknown> = {}): Promise<Visitor> {
  const ip = nextIp();
  const res = await boot(w, settings, ip);
  expect(res.statusCode, res.body).toBe(200);
  const b = res.json<BootResponse>();
  return { boot: b, ip, headers: { 'x-baton-app': w.writeKey, 'x-baton-visitor': b.visitor_token } };
}

const asVisitor = (v: Visitor, method: 'GET' | 'POST', url: string, payload?: object) =>
  baton.app.inject({ method, url, headers: v.headers, remoteAddress: v.ip, ...(payload ? { payload } : {}) });

const asAgent = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, w = ws) =>
  baton.app.inject({ method, url, headers: w.agentHeaders, ...(payload ? { payload } : {}) });

const clientId = () => `c${Math.random().toString(36).slice(2, 14)}`;

async function startChat(v: Visitor, body = 'Hello, I need help') {
  const res = await asVisitor(v, 'POST', '/widget/conversations', { body, client_id: clientId() });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Created>();
}

beforeAll(async () => {
  baton = await startBaton();
  ws = await createWorkspace(baton, 'Messenger Co');
  other = await createWorkspace(baton, 'Other Co');
});
afterAll(() => baton?.stop());

describe('markdown', () => {
  it('renders formatting and links, never raw HTML or script URLs', () => {
    expect(renderMessage('**bold** and https://example.com')).toBe(
      '<p><strong>bold</strong> and <a href="https://example.com" target="_blank" rel="noopener noreferrer nofollow">https://example.com</a></p>',
    );
    const evil = renderMessage('<img src=x onerror=alert(1)> [x](javascript:alert(1))');
    expect(evil).not.toContain('<img');
    expect(evil).not.toContain('href="javascript');
    expect(evil).toContain('&lt;img');
  });
});

describe('Messenger sessions', () => {
  it('makes an anonymous visitor a lead and finds it again by its token', async () => {
    const v = await visitor();
    expect(v.boot).toMatchObject({ verified: false, identified: false, can_chat: true, unread_count: 0 });
    const again = await boot(ws, { visitor_token: v.boot.visitor_token });
    expect(again.json<BootResponse>().visitor_id).toBe(v.boot.visitor_id);
    const lead = await baton.services.contacts.findContactId(ws.workspaceId, { anonymousId: v.boot.visitor_id });
    expect(lead?.role).toBe('lead');
  });

  it('refuses an unknown app id and bad bodies with a problem naming the field', async () => {
    const res = await baton.app.inject({ method: 'POST', url: '/widget/boot', payload: { app_id: 'wk_nope' } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'unauthorized', errors: [{ field: 'app_id' }] });
    const v = await visitor();
    const bad = await asVisitor(v, 'POST', '/widget/conversations', { body: '', client_id: clientId() });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.body');
    const none = await baton.app.inject({ method: 'GET', url: '/widget/conversations', headers: { 'x-baton-app': ws.writeKey, 'x-baton-visitor': 'vt_forged' } });
    expect(none.statusCode).toBe(401);
  });

  it('keeps the history across reloads and merges the lead into the user on boot with user_id', async () => {
    const v = await visitor();
    const { conversation } = await startChat(v, 'Before signing in');
    const signedIn = await boot(ws, { visitor_token: v.boot.visitor_token, user_id: 'u-merge-1', email: 'merge@example.test', name: 'Mae', plan: 'pro' });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    expect(signedIn.json<BootResponse>()).toMatchObject({ visitor_id: v.boot.visitor_id, identified: true, verified: false });
    const list = await asVisitor(v, 'GET', '/widget/conversations');
    expect(list.json<{ data: WidgetConversation[] }>().data.map((c) => c.id)).toEqual([conversation.id]);
    const users = await asAgent('GET', '/api/v1/contacts?q=merge@example.test');
    const user = users.json<{ data: Array<{ id: string; role: string; external_id: string; attributes: Record<string, unknown> }> }>().data[0]!;
    expect(user).toMatchObject({ role: 'user', external_id: 'u-merge-1', attributes: { plan: 'pro' } });
    const conv = await asAgent('GET', `/api/v1/conversations/${conversation.id}`);
    expect(conv.json<Conversation>().contact_id).toBe(user.id);
  });

  it('names the widget chunks a page needs: the Messenger once there are conversations, others by their probe', async () => {
    const v = await visitor(ws, { page_url: 'https://app.example.test/billing' });
    expect(v.boot.chunks).toEqual([]);
    await startChat(v, 'Chunks please');
    const pages: Array<string | undefined> = [];
    baton.services.inbox.registerWidgetChunk('engagement', async (viewer, page) => {
      pages.push(page);
      return viewer.workspaceId === ws.workspaceId && page?.endsWith('/billing') === true;
    });
    const billing = await boot(ws, { visitor_token: v.boot.visitor_token, page_url: 'https://app.example.test/billing' });
    expect(billing.json<BootResponse>().chunks).toEqual(['messenger', 'engagement']);
    const home = await boot(ws, { visitor_token: v.boot.visitor_token, page_url: 'https://app.example.test/' });
    expect(home.json<BootResponse>().chunks).toEqual(['messenger']);
    expect(pages).toEqual(['https://app.example.test/billing', 'https://app.example.test/']);
    // The page is not an attribute of the contact.
    const contact = await baton.services.contacts.getContact(ws.workspaceId, (await baton.services.inbox.viewer(ws.writeKey, v.boot.visitor_token)).contactId);
    expect(contact.attributes).not.toHaveProperty('page_url');
  });

  it('limits new sessions per IP', async () => {
    const ip = '10.200.0.1';
    let last = 0;
    for (let i = 0; i < 61; i++) last = (await boot(ws, {}, ip)).statusCode;
    expect(last).toBe(429);
    // A known visitor on that address still gets in.
    const known = await visitor();
    const res = await boot(ws, { visitor_token: known.boot.visitor_token }, ip);
    expect(res.statusCode).toBe(200);
  });
});

describe('conversations', () => {
  it('stores a visitor message once per client id and numbers messages in order', async () => {
    const v = await visitor();
    const cid = clientId();
    const first = await asVisitor(v, 'POST', '/widget/conversations', { body: 'Where is my invoice?', client_id: cid });
    expect(first.statusCode).toBe(201);
    const retry = await asVisitor(v, 'POST', '/widget/conversations', { body: 'Where is my invoice?', client_id: cid });
    expect(retry.statusCode).toBe(200);
    const a = first.json<Created>();
    expect(retry.json<Created>().message.id).toBe(a.message.id);
    const m2 = await asVisitor(v, 'POST', `/widget/conversations/${a.conversation.id}/messages`, { body: 'Order #42', client_id: clientId() });
    expect(m2.json<Message>().seq).toBe(2);
    const reused = await asVisitor(v, 'POST', `/widget/conversations/${a.conversation.id}/messages`, { body: 'something else', client_id: cid });
    expect(reused.statusCode).toBe(400);
    const msgs = await asVisitor(v, 'GET', `/widget/conversations/${a.conversation.id}/messages`);
    expect(msgs.json<MessageList>().data.map((m) => [m.seq, m.body])).toEqual([[1, 'Where is my invoice?'], [2, 'Order #42']]);
  });

  it('lets an agent list, reply, assign and close; the visitor sees the reply unread until read', async () => {
    const v = await visitor();
    const { conversation } = await startChat(v);
    const open = await asAgent('GET', '/api/v1/conversations?state=open&assignee=unassigned');
    expect(open.json<{ data: Conversation[] }>().data.map((c) => c.id)).toContain(conversation.id);
    const reply = await asAgent('POST', `/api/v1/conversations/${conversation.id}/messages`, { body: 'Happy to help **now**' });
    expect(reply.statusCode).toBe(201);
    expect(reply.json<Message>()).toMatchObject({ author_type: 'agent', author_name: 'Owner', seq: 2, body_html: '<p>Happy to help <strong>now</strong></p>' });
    const list = await asVisitor(v, 'GET', '/widget/conversations');
    expect(list.json<{ data: WidgetConversation[] }>().data[0]).toMatchObject({ id: conversation.id, unread: 1 });
    await asVisitor(v, 'POST', `/widget/conversations/${conversation.id}/read`, { seq: 2 });
    const after = await boot(ws, { visitor_token: v.boot.visitor_token });
    expect(after.json<BootResponse>().unread_count).toBe(0);

    const assigned = await asAgent('PATCH', `/api/v1/conversations/${conversation.id}`, { assignee_id: ws.owner.agentId });
    expect(assigned.json<Conversation>().assignee_id).toBe(ws.owner.agentId);
    const mine = await asAgent('GET', '/api/v1/conversations?assignee=me');
    expect(mine.json<{ data: Conversation[] }>().data.map((c) => c.id)).toEqual([conversation.id]);
    const closed = await asAgent('PATCH', `/api/v1/conversations/${conversation.id}`, { state: 'closed' });
    expect(closed.json<Conversation>()).toMatchObject({ state: 'closed' });
    expect(closed.json<Conversation>().first_response_at).not.toBeNull();
    // The customer writing again reopens it.
    await asVisitor(v, 'POST', `/widget/conversations/${conversation.id}/messages`, { body: 'One more thing', client_id: clientId() });
    const reopened = await asAgent('GET', `/api/v1/conversations/${conversation.id}`);
    expect(reopened.json<Conversation>().state).toBe('open');
  });

  it('takes a CSAT rating only for a closed conversation, and only from its visitor', async () => {
    const v = await visitor();
    const { conversation } = await startChat(v);
    const early = await asVisitor(v, 'POST', `/widget/conversations/${conversation.id}/csat`, { rating: 5 });
    expect(early.statusCode).toBe(409);
    await asAgent('PATCH', `/api/v1/conversations/${conversation.id}`, { state: 'closed' });
    const bad = await asVisitor(v, 'POST', `/widget/conversations/${conversation.id}/csat`, { rating: 6 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.rating');
    const stranger = await visitor();
    expect((await asVisitor(stranger, 'POST', `/widget/conversations/${conversation.id}/csat`, { rating: 1 })).statusCode).toBe(404);
    const rated = await asVisitor(v, 'POST', `/widget/conversations/${conversation.id}/csat`, { rating: 4, comment: 'Quick, thanks' });
    expect(rated.json<WidgetConversation>().csat_rating).toBe(4);
    const seen = await asAgent('GET', `/api/v1/conversations/${conversation.id}`);
    expect(seen.json<Conversation>()).toMatchObject({ csat_rating: 4, csat_comment: 'Quick, thanks' });
  });

  it('refuses assignment to someone outside the workspace', async () => {
    const v = await visitor();
    const { conversation } = await startChat(v);
    const res = await asAgent('PATCH', `/api/v1/conversations/${conversation.id}`, { assignee_id: other.owner.agentId });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('body.assignee_id');
    const snooze = await asAgent('PATCH', `/api/v1/conversations/${conversation.id}`, { state: 'snoozed' });
    expect(snooze.json().errors[0].field).toBe('body.snoozed_until');
  });

  it('works over the REST API with an API key (integration messages are from a bot)', async () => {
    const contact = await baton.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: { authorization: `Bearer ${ws.apiKey}` }, payload: { email: 'rest@example.test' } });
    const created = await baton.app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      headers: { authorization: `Bearer ${ws.apiKey}` },
      payload: { contact_id: contact.json().id, body: 'From our form', client_id: 'form-submission-1' },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<Conversation>().id;
    const botReply = await baton.app.inject({ method: 'POST', url: `/api/v1/conversations/${id}/messages`, headers: { authorization: `Bearer ${ws.apiKey}` }, payload: { body: 'Auto-reply' } });
    expect(botReply.json<Message>().author_type).toBe('bot');
    // Workspace B's key finds nothing of A's.
    const foreign = await baton.app.inject({ method: 'GET', url: `/api/v1/conversations/${id}`, headers: { authorization: `Bearer ${other.apiKey}` } });
    expect(foreign.statusCode).toBe(404);
  });
});

describe('identity', () => {
  const hmac = (secret: string, s: string) => createHmac('sha256', secret).update(s).digest('hex');
  let secret = '';
  let strict: TestWorkspace;

  beforeAll(async () => {
    strict = await createWorkspace(baton, 'Strict Co');
    await baton.services.workspaces.update(strict.workspaceId, { identityVerificationEnforced: true });
    secret = (await baton.services.workspaces.settings(strict.workspaceId)).identitySecret;
  });

  it('refuses a missing or wrong user_hash when enforced, and accepts the right one', async () => {
    const missing = await boot(strict, { user_id: 'u-1' });
    expect(missing.statusCode).toBe(401);
    expect(missing.json().errors[0].field).toBe('body.user_hash');
    const wrong = await boot(strict, { user_id: 'u-1', user_hash: hmac('not the secret', 'u-1') });
    expect(wrong.statusCode).toBe(401);
    const right = await boot(strict, { user_id: 'u-1', user_hash: hmac(secret, 'u-1') });
    expect(right.statusCode).toBe(200);
    expect(right.json<BootResponse>()).toMatchObject({ verified: true, can_chat: true });
    const byEmail = await boot(strict, { email: 'only-mail@example.test', user_hash: hmac(secret, 'only-mail@example.test') });
    expect(byEmail.json<BootResponse>().verified).toBe(true);
  });

  it('lets unverified visitors read nothing new and start no chat when enforced', async () => {
    const anon = await visitor(strict);
    expect(anon.boot).toMatchObject({ verified: false, can_chat: false });
    const res = await asVisitor(anon, 'POST', '/widget/conversations', { body: 'hi', client_id: clientId() });
    expect(res.statusCode).toBe(403);
  });

  it('accepts a short-lived HS256 JWT and its signed attributes; refuses a forged or long-lived one', async () => {
    const key = new TextEncoder().encode(secret);
    const jwt = await new SignJWT({ user_id: 'jwt-user', email: 'jwt@example.test', tier: 'gold' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('10m')
      .sign(key);
    const ok = await boot(strict, { user_jwt: jwt, tier: 'forged-by-page' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<BootResponse>().verified).toBe(true);
    const contacts = await asAgent('GET', '/api/v1/contacts?q=jwt@example.test', undefined, strict);
    expect(contacts.json().data[0]).toMatchObject({ external_id: 'jwt-user', attributes: { tier: 'gold' } });

    const forged = await new SignJWT({ user_id: 'jwt-user' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('10m').sign(new TextEncoder().encode('x'.repeat(40)));
    expect((await boot(strict, { user_jwt: forged })).statusCode).toBe(401);
    const forever = await new SignJWT({ user_id: 'jwt-user' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('30d').sign(key);
    expect((await boot(strict, { user_jwt: forever })).statusCode).toBe(401);
    const noExp = await new SignJWT({ user_id: 'jwt-user' }).setProtectedHeader({ alg: 'HS256' }).sign(key);
    expect((await boot(strict, { intercom_user_jwt: noExp })).statusCode).toBe(401);
  });

  it('a verified user sees their conversations from any browser; a new browser claiming them without proof does not', async () => {
    const hash = hmac(secret, 'u-owner');
    const laptop = await visitor(strict, { user_id: 'u-owner', user_hash: hash });
    const { conversation } = await startChat(laptop, 'My private question');
    const phone = await visitor(strict, { user_id: 'u-owner', user_hash: hash });
    const seen = await asVisitor(phone, 'GET', '/widget/conversations');
    expect(seen.json<{ data: WidgetConversation[] }>().data.map((c) => c.id)).toEqual([conversation.id]);
    // Verified, then booted without proof on the same browser: a fresh visitor, no history.
    const after = await boot(strict, { visitor_token: laptop.boot.visitor_token });
    expect(after.json<BootResponse>().visitor_id).not.toBe(laptop.boot.visitor_id);
  });

  it('typing another contact’s e-mail never opens their history (verification off)', async () => {
    const victim = await visitor(ws, { email: 'victim@example.test' });
    const { conversation } = await startChat(victim, 'Victim secret');
    expect(victim.boot.email_known).toBe(true);

    const attacker = await visitor(ws);
    const claimed = await asVisitor(attacker, 'POST', '/widget/email', { email: 'victim@example.test' });
    expect(claimed.json()).toEqual({ saved: false });
    const rebooted = await boot(ws, { visitor_token: attacker.boot.visitor_token, email: 'victim@example.test' });
    expect(rebooted.statusCode).toBe(200);
    const list = await asVisitor(attacker, 'GET', '/widget/conversations');
    expect(list.json<{ data: WidgetConversation[] }>().data).toEqual([]);
    const direct = await asVisitor(attacker, 'GET', `/widget/conversations/${conversation.id}/messages`);
    expect(direct.statusCode).toBe(404);
    const write = await asVisitor(attacker, 'POST', `/widget/conversations/${conversation.id}/messages`, { body: 'hijack', client_id: clientId() });
    expect(write.statusCode).toBe(404);
    // A fresh browser claiming the victim's user id (unverified) sees none of the victim's conversations either.
    const fresh = await visitor(ws, { email: 'victim@example.test' });
    const freshList = await asVisitor(fresh, 'GET', '/widget/conversations');
    expect(freshList.json<{ data: WidgetConversation[] }>().data).toEqual([]);
  });
});
