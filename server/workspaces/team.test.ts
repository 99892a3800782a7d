import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, signIn, waitForMail, type TestWorkspace } from '../../test/factories.ts';
import { newId } from '../platform/ids.ts';

let baton: TestBaton;
let ws: TestWorkspace;
beforeAll(async () => {
  baton = await startBaton();
  ws = await createWorkspace(baton, 'Team tests');
});
afterAll(() => baton?.stop());

type Headers = Record<string, string>;
const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, headers: Headers, payload?: object) =>
  baton.app.inject({ method, url, headers, payload });

/** Invites `email` as `role` and returns the token from the invitation mail. */
async function invite(email: string, role: 'owner' | 'admin' | 'agent', by: Headers = ws.agentHeaders): Promise<string> {
  const r = await call('POST', '/api/app/team/invites', by, { email, role });
  expect(r.statusCode).toBe(201);
  const mail = await waitForMail(baton, email, /accept-invite\?token=/);
  return decodeURIComponent(/token=(\S+)/.exec(mail.text)![1]!);
}

/** A new agent of `ws` with `role`, signed in. */
async function member(role: 'owner' | 'admin' | 'agent') {
  const email = `${role}-${newId()}@example.test`;
  const token = await invite(email, role);
  const r = await baton.app.inject({ method: 'POST', url: '/api/app/invites/accept', payload: { token, name: `A ${role}`, password: 'member password' } });
  expect(r.statusCode).toBe(200);
  const cookie = r.cookies.find((c) => c.name === 'baton_session')!;
  return { agentId: r.json().agent.id as string, email, headers: { cookie: `baton_session=${cookie.value}`, 'x-csrf-token': r.json().csrfToken as string } };
}

describe('invitations', () => {
  it('invites by e-mail with a link; accepting creates the agent, signs them in and lists them', async () => {
    const email = `new-${newId()}@example.test`;
    const token = await invite(email, 'admin');
    const mail = await waitForMail(baton, email);
    expect(mail.text).toContain(`${baton.ctx.config.publicUrl}/app/accept-invite?token=`);
    expect(mail.workspaceId).toBe(ws.workspaceId);

    const pending = (await call('GET', '/api/app/team', ws.agentHeaders)).json();
    expect(pending.invites).toContainEqual(expect.objectContaining({ email, role: 'admin', expiresAt: expect.any(String) }));

    const preview = await baton.app.inject({ url: `/api/app/invites/${encodeURIComponent(token)}` });
    expect(preview.json()).toEqual({ workspaceName: 'Team tests', email, role: 'admin', existingAccount: false });

    const accepted = await baton.app.inject({ method: 'POST', url: '/api/app/invites/accept', payload: { token, name: 'New Admin', password: 'new admin password' } });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ agent: { email, name: 'New Admin' }, workspace: { id: ws.workspaceId }, role: 'admin' });
    expect(accepted.cookies.find((c) => c.name === 'baton_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

    const team = (await call('GET', '/api/app/team', ws.agentHeaders)).json();
    expect(team.members).toContainEqual({ agentId: accepted.json().agent.id, name: 'New Admin', email, role: 'admin', capacity: null });
    expect(team.invites.map((i: { email: string }) => i.email)).not.toContain(email);

    const again = await baton.app.inject({ method: 'POST', url: '/api/app/invites/accept', payload: { token, name: 'Twice', password: 'new admin password' } });
    expect(again.statusCode).toBe(404);
    expect((await signIn(baton, email, 'new admin password'))['x-csrf-token']).toBeTruthy();
  });

  it('adds an existing account as a membership after it proves its password', async () => {
    const other = await createWorkspace(baton, 'Elsewhere');
    const token = await invite(other.owner.email, 'agent');
    expect((await baton.app.inject({ url: `/api/app/invites/${encodeURIComponent(token)}` })).json().existingAccount).toBe(true);
    const accept = (password: string) =>
      baton.app.inject({ method: 'POST', url: '/api/app/invites/accept', payload: { token, password }, remoteAddress: '10.9.9.9' });
    const wrong = await accept('not my password');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([expect.objectContaining({ field: 'body.password' })]);
    const ok = await accept(other.owner.password);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().workspaces).toHaveLength(2);
    expect(ok.json()).toMatchObject({ workspace: { id: ws.workspaceId }, role: 'agent', agent: { id: other.owner.agentId } });
  });

  it('requires a name for a new account and names the field', async () => {
    const token = await invite(`nameless-${newId()}@example.test`, 'agent');
    const r = await baton.app.inject({ method: 'POST', url: '/api/app/invites/accept', payload: { token, password: 'long enough pw' } });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors).toEqual([expect.objectContaining({ field: 'body.name' })]);
  });

  it('revokes an invitation: its link stops working', async () => {
    const email = `revoked-${newId()}@example.test`;
    const token = await invite(email, 'agent');
    const { invites } = (await call('GET', '/api/app/team', ws.agentHeaders)).json();
    const id = invites.find((i: { email: string }) => i.email === email).id;
    expect((await call('DELETE', `/api/app/team/invites/${id}`, ws.agentHeaders)).statusCode).toBe(204);
    expect((await baton.app.inject({ url: `/api/app/invites/${encodeURIComponent(token)}` })).statusCode).toBe(404);
    expect((await call('DELETE', `/api/app/team/invites/${id}`, ws.agentHeaders)).statusCode).toBe(404);
  });

  it('lets only owners and admins invite, and only owners invite owners', async () => {
    const agent = await member('agent');
    const admin = await member('admin');
    expect((await call('POST', '/api/app/team/invites', agent.headers, { email: 'x@example.test', role: 'agent' })).statusCode).toBe(403);
    expect((await call('POST', '/api/app/team/invites', admin.headers, { email: 'y@example.test', role: 'owner' })).statusCode).toBe(403);
    expect((await call('POST', '/api/app/team/invites', admin.headers, { email: `z-${newId()}@example.test`, role: 'admin' })).statusCode).toBe(201);
  });

  it('refuses to invite a member again and names the bad field of a malformed invite', async () => {
    const dup = await call('POST', '/api/app/team/invites', ws.agentHeaders, { email: ws.owner.email, role: 'agent' });
    expect(dup.statusCode).toBe(409);
    const bad = await call('POST', '/api/app/team/invites', ws.agentHeaders, { email: 'not-an-email', role: 'boss' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.email', 'body.role']);
  });
});

describe('members and roles', () => {
  it('changes roles; admins cannot touch owners; the last owner stays', async () => {
    const admin = await member('admin');
    const agent = await member('agent');
    const promoted = await call('PATCH', `/api/app/team/members/${agent.agentId}`, admin.headers, { role: 'admin' });
    expect(promoted.json()).toMatchObject({ agentId: agent.agentId, role: 'admin' });
    expect((await call('PATCH', `/api/app/team/members/${agent.agentId}`, admin.headers, { role: 'owner' })).statusCode).toBe(403);
    expect((await call('PATCH', `/api/app/team/members/${ws.owner.agentId}`, admin.headers, { role: 'agent' })).statusCode).toBe(403);
    expect((await call('DELETE', `/api/app/team/members/${ws.owner.agentId}`, admin.headers)).statusCode).toBe(403);

    const demoteLast = await call('PATCH', `/api/app/team/members/${ws.owner.agentId}`, ws.agentHeaders, { role: 'admin' });
    expect(demoteLast.statusCode).toBe(409);
    expect((await call('DELETE', `/api/app/team/members/${ws.owner.agentId}`, ws.agentHeaders)).statusCode).toBe(409);

    // With a second owner, the first may step down.
    const second = await member('owner');
    expect((await call('PATCH', `/api/app/team/members/${ws.owner.agentId}`, second.headers, { role: 'admin' })).statusCode).toBe(200);
    expect((await call('PATCH', `/api/app/team/members/${ws.owner.agentId}`, second.headers, { role: 'owner' })).statusCode).toBe(200);
  });

  it('removing a member ends their sessions in the workspace', async () => {
    const agent = await member('agent');
    expect((await call('GET', '/api/app/auth/me', agent.headers)).statusCode).toBe(200);
    expect((await call('DELETE', `/api/app/team/members/${agent.agentId}`, ws.agentHeaders)).statusCode).toBe(204);
    expect((await call('GET', '/api/app/auth/me', agent.headers)).statusCode).toBe(401);
    const team = (await call('GET', '/api/app/team', ws.agentHeaders)).json();
    expect(team.members.map((m: { agentId: string }) => m.agentId)).not.toContain(agent.agentId);
    // No workspace left: signing in fails like any wrong sign-in.
    const r = await baton.app.inject({ method: 'POST', url: '/api/app/auth/login', payload: { email: agent.email, password: 'member password' } });
    expect(r.statusCode).toBe(401);
  });
});

describe('teams', () => {
  it('creates, renames, re-staffs and deletes teams of members only', async () => {
    const agent = await member('agent');
    const created = await call('POST', '/api/app/teams', ws.agentHeaders, { name: 'Billing', agentIds: [agent.agentId] });
    expect(created.statusCode).toBe(201);
    const team = created.json();
    expect(team).toMatchObject({ name: 'Billing', agentIds: [agent.agentId] });

    expect((await call('POST', '/api/app/teams', ws.agentHeaders, { name: 'Billing' })).statusCode).toBe(409);
    const stranger = await createWorkspace(baton, 'Strangers');
    const bad = await call('POST', '/api/app/teams', ws.agentHeaders, { name: 'Mixed', agentIds: [agent.agentId, stranger.owner.agentId] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'body.agentIds.1' })]);

    const patched = await call('PATCH', `/api/app/teams/${team.id}`, ws.agentHeaders, { name: 'Billing EU', agentIds: [ws.owner.agentId] });
    expect(patched.json()).toEqual({ id: team.id, name: 'Billing EU', agentIds: [ws.owner.agentId], agentCapacity: null });
    const listed = (await call('GET', '/api/app/teams', agent.headers)).json();
    expect(listed).toContainEqual(patched.json());
    expect(listed.map((t: { name: string }) => t.name)).not.toContain('Mixed');

    expect((await call('POST', '/api/app/teams', agent.headers, { name: 'Agents cannot' })).statusCode).toBe(403);
    expect((await call('DELETE', `/api/app/teams/${team.id}`, ws.agentHeaders)).statusCode).toBe(204);
    expect((await call('PATCH', `/api/app/teams/${team.id}`, ws.agentHeaders, { name: 'Gone' })).statusCode).toBe(404);
  });
});

describe('workspace settings and keys', () => {
  it('shows keys to owners and admins, updates settings and rotates the identity secret', async () => {
    const settings = (await call('GET', '/api/app/workspace', ws.agentHeaders)).json();
    expect(settings).toMatchObject({ id: ws.workspaceId, name: 'Team tests', writeKey: ws.writeKey, isDemo: false, defaultLocale: 'en' });
    expect(settings.identitySecret.length).toBeGreaterThanOrEqual(40);

    const patched = await call('PATCH', '/api/app/workspace', ws.agentHeaders, { name: 'Team tests 2', defaultLocale: 'kk', identityVerificationEnforced: true });
    expect(patched.json()).toMatchObject({ name: 'Team tests 2', defaultLocale: 'kk', identityVerificationEnforced: true });
    const bad = await call('PATCH', '/api/app/workspace', ws.agentHeaders, { defaultLocale: 'xx', name: '' });
    expect(bad.statusCode).toBe(400);
    expect((await call('GET', '/api/app/workspace', ws.agentHeaders)).json().defaultLocale).toBe('kk');

    const rotated = (await call('POST', '/api/app/workspace/rotate-identity-secret', ws.agentHeaders)).json();
    expect(rotated.identitySecret).not.toBe(settings.identitySecret);

    const agent = await member('agent');
    expect((await call('GET', '/api/app/workspace', agent.headers)).statusCode).toBe(403);
    expect((await call('GET', '/api/app/api-keys', agent.headers)).statusCode).toBe(403);
  });

  it('shows a new API key once, lists it without the secret, records its use and revokes it', async () => {
    const created = await call('POST', '/api/app/api-keys', ws.agentHeaders, { name: 'CRM sync' });
    expect(created.statusCode).toBe(201);
    const { id, key, prefix } = created.json();
    expect(key).toMatch(/^bk_/);
    expect(key.startsWith(prefix)).toBe(true);

    const listed = (await call('GET', '/api/app/api-keys', ws.agentHeaders)).json();
    expect(JSON.stringify(listed)).not.toContain(key);
    expect(listed.find((k: { id: string }) => k.id === id)).toMatchObject({ name: 'CRM sync', lastUsedAt: null, revokedAt: null });
    const stored = await baton.ctx.database.query('select key_hash from api_keys where id = $1', [id]);
    expect(stored.rows[0]).not.toMatchObject({ key_hash: key });

    // Any authenticated REST call with the key marks it used.
    await baton.app.inject({ url: '/api/v1/contacts', headers: { authorization: `Bearer ${key}` } });
    const used = (await call('GET', '/api/app/api-keys', ws.agentHeaders)).json().find((k: { id: string }) => k.id === id);
    expect(used.lastUsedAt).toEqual(expect.any(String));

    expect((await call('DELETE', `/api/app/api-keys/${id}`, ws.agentHeaders)).statusCode).toBe(204);
    expect((await baton.app.inject({ url: '/api/v1/contacts', headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(401);
    const revoked = (await call('GET', '/api/app/api-keys', ws.agentHeaders)).json().find((k: { id: string }) => k.id === id);
    expect(revoked.revokedAt).toEqual(expect.any(String));
  });

  it('never reaches another workspace: its ids answer 404 and change nothing', async () => {
    const other = await createWorkspace(baton, 'Other tenant');
    const key = (await call('POST', '/api/app/api-keys', other.agentHeaders, { name: 'theirs' })).json();
    const team = (await call('POST', '/api/app/teams', other.agentHeaders, { name: 'Theirs' })).json();
    await call('POST', '/api/app/team/invites', other.agentHeaders, { email: `theirs-${newId()}@example.test`, role: 'agent' });
    const inviteId = (await call('GET', '/api/app/team', other.agentHeaders)).json().invites[0].id;

    expect((await call('DELETE', `/api/app/api-keys/${key.id}`, ws.agentHeaders)).statusCode).toBe(404);
    expect((await call('PATCH', `/api/app/teams/${team.id}`, ws.agentHeaders, { name: 'Mine now' })).statusCode).toBe(404);
    expect((await call('DELETE', `/api/app/teams/${team.id}`, ws.agentHeaders)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/app/team/invites/${inviteId}`, ws.agentHeaders)).statusCode).toBe(404);
    expect((await call('PATCH', `/api/app/team/members/${other.owner.agentId}`, ws.agentHeaders, { role: 'agent' })).statusCode).toBe(404);
    expect((await call('DELETE', `/api/app/team/members/${other.owner.agentId}`, ws.agentHeaders)).statusCode).toBe(404);
    expect((await call('PUT', `/api/app/team/members/${other.owner.agentId}/capacity`, ws.agentHeaders, { capacity: 99 })).statusCode).toBe(404);
    expect((await call('PATCH', `/api/app/teams/${team.id}`, ws.agentHeaders, { agentCapacity: 99 })).statusCode).toBe(404);

    expect((await call('GET', '/api/app/api-keys', other.agentHeaders)).json().find((k: { id: string }) => k.id === key.id).revokedAt).toBeNull();
    expect((await call('GET', '/api/app/teams', other.agentHeaders)).json()).toEqual([{ id: team.id, name: 'Theirs', agentIds: [], agentCapacity: null }]);
    expect((await call('GET', '/api/app/team', other.agentHeaders)).json()).toMatchObject({
      members: [{ agentId: other.owner.agentId, role: 'owner', capacity: null }],
      invites: [{ id: inviteId }],
    });
  });
});

describe('ids', () => {
  /** UUIDv7: version nibble 7, RFC variant, millisecond time prefix, then random bits. */
  const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('every id that reaches a URL is a UUIDv7 that cannot be guessed from its neighbour', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await call('POST', '/api/app/api-keys', ws.agentHeaders, { name: `k${i}` })).json().id);
      ids.push((await call('POST', '/api/app/teams', ws.agentHeaders, { name: `Team ${i}-${newId()}` })).json().id);
      ids.push((await call('POST', '/api/app/team/invites', ws.agentHeaders, { email: `id-${i}-${newId()}@example.test`, role: 'agent' })).json().id);
    }
    ids.push(ws.workspaceId, ws.owner.agentId);
    for (const id of ids) expect(id).toMatch(V7);
    expect(new Set(ids).size).toBe(ids.length);
    // Consecutive ids differ in their random tail by far more than a counter would.
    const tail = (id: string) => BigInt(`0x${id.replace(/-/g, '').slice(-16)}`) & ((1n << 62n) - 1n);
    for (let i = 1; i < ids.length; i++) {
      const gap = tail(ids[i]!) - tail(ids[i - 1]!);
      expect(gap < 0n ? -gap : gap).toBeGreaterThan(1_000_000n);
    }
  });
});
