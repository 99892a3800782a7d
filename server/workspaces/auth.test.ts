import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, signIn, waitForMail, type TestWorkspace } from '../../test/factories.ts';
import { newId } from '../platform/ids.ts';
import { LIMITS } from '../platform/auth/rate-limit.ts';

let baton: TestBaton;
let ws: TestWorkspace;
beforeAll(async () => {
  baton = await startBaton();
  ws = await createWorkspace(baton, 'Auth tests');
});
afterAll(() => baton?.stop());

/** Each test sends from addresses of its own so per-IP budgets do not leak between tests. */
let ipSeq = 0;
const freshIp = () => `10.${++ipSeq}.0.1`;

const login = (email: string, password: string, remoteAddress = freshIp()) =>
  baton.app.inject({ method: 'POST', url: '/api/app/auth/login', payload: { email, password }, remoteAddress });

const me = (headers: Record<string, string>) => baton.app.inject({ url: '/api/app/auth/me', headers });

describe('sign-in', () => {
  it('signs in with e-mail and password and answers Me with a session cookie', async () => {
    const r = await login(ws.owner.email.toUpperCase(), ws.owner.password);
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({
      agent: { id: ws.owner.agentId, email: ws.owner.email, name: 'Owner' },
      workspace: { id: ws.workspaceId, name: 'Auth tests', isDemo: false },
      role: 'owner',
      workspaces: [{ id: ws.workspaceId, name: 'Auth tests', role: 'owner' }],
    });
    expect(body.csrfToken).toEqual(expect.any(String));
    const cookie = r.cookies.find((c) => c.name === 'baton_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy();
  });

  it('marks the cookie Secure when Baton is served over https', async () => {
    const before = baton.ctx.config.publicUrl;
    baton.ctx.config.publicUrl = 'https://baton.example.com';
    try {
      const r = await login(ws.owner.email, ws.owner.password);
      expect(r.cookies.find((c) => c.name === 'baton_session')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax' });
    } finally {
      baton.ctx.config.publicUrl = before;
    }
  });

  it('answers every failed sign-in with the same 401 and sets no cookie', async () => {
    const wrongPassword = await login(ws.owner.email, 'not-the-password');
    const noAccount = await login(`nobody-${newId()}@example.test`, ws.owner.password);
    const notAnEmail = await login('x', 'y');
    for (const r of [wrongPassword, noAccount, notAnEmail]) {
      expect(r.statusCode).toBe(401);
      expect(r.json()).toMatchObject({ code: 'unauthorized', detail: 'Invalid e-mail or password' });
      expect(r.cookies).toHaveLength(0);
    }
  });

  it('names the missing field of a malformed request', async () => {
    const r = await baton.app.inject({ method: 'POST', url: '/api/app/auth/login', payload: { email: 'a@b.test' }, remoteAddress: freshIp() });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors).toEqual([expect.objectContaining({ field: 'body.password' })]);
  });

  it('logs out: the session stops working', async () => {
    const headers = await signIn(baton, ws.owner.email, ws.owner.password, freshIp());
    expect((await me(headers)).statusCode).toBe(200);
    const r = await baton.app.inject({ method: 'POST', url: '/api/app/auth/logout', headers });
    expect(r.statusCode).toBe(204);
    expect(r.cookies.find((c) => c.name === 'baton_session')?.value).toBe('');
    expect((await me(headers)).statusCode).toBe(401);
  });

  it('switches to another workspace the agent belongs to, and only to those', async () => {
    const other = await createWorkspace(baton, 'Second');
    // Make the owner of `ws` an agent of `other` too.
    await baton.services.workspaces.team.accept(
      {
        token: await inviteToken(other, ws.owner.email, 'agent'),
        password: ws.owner.password,
      },
      {},
    );
    const headers = await signIn(baton, ws.owner.email, ws.owner.password, freshIp());
    const r = await baton.app.inject({
      method: 'POST',
      url: '/api/app/auth/switch-workspace',
      headers,
      payload: { workspaceId: other.workspaceId },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ workspace: { id: other.workspaceId, name: 'Second' }, role: 'agent' });
    expect(r.json().workspaces).toHaveLength(2);
    expect((await me(headers)).json().workspace.id).toBe(other.workspaceId);

    const stranger = await createWorkspace(baton, 'Not mine');
    const refused = await baton.app.inject({
      method: 'POST',
      url: '/api/app/auth/switch-workspace',
      headers,
      payload: { workspaceId: stranger.workspaceId },
    });
    expect(refused.statusCode).toBe(404);
    expect((await me(headers)).json().workspace.id).toBe(other.workspaceId);
  });
});

/** Invites `email` into `into` as `role` and returns the token from the invitation mail. */
async function inviteToken(into: TestWorkspace, email: string, role: 'owner' | 'admin' | 'agent'): Promise<string> {
  const r = await baton.app.inject({ method: 'POST', url: '/api/app/team/invites', headers: into.agentHeaders, payload: { email, role } });
  expect(r.statusCode).toBe(201);
  const mail = await waitForMail(baton, email, /accept-invite\?token=/);
  return decodeURIComponent(/token=([^\s]+)/.exec(mail.text)![1]!);
}

describe('passwords', () => {
  it('changing the password ends the other sessions and keeps this one', async () => {
    const agent = await createWorkspace(baton, 'Change password');
    const here = await signIn(baton, agent.owner.email, agent.owner.password, freshIp());
    const elsewhere = await signIn(baton, agent.owner.email, agent.owner.password, freshIp());
    const r = await baton.app.inject({
      method: 'POST',
      url: '/api/app/auth/change-password',
      headers: here,
      payload: { currentPassword: agent.owner.password, newPassword: 'a brand new password' },
    });
    expect(r.statusCode).toBe(204);
    expect((await me(here)).statusCode).toBe(200);
    expect((await me(elsewhere)).statusCode).toBe(401);
    expect((await me(agent.agentHeaders)).statusCode).toBe(401);
    expect((await login(agent.owner.email, agent.owner.password)).statusCode).toBe(401);
    expect((await login(agent.owner.email, 'a brand new password')).statusCode).toBe(200);
  });

  it('refuses a wrong current password and keeps the old one', async () => {
    const agent = await createWorkspace(baton, 'Wrong current');
    const r = await baton.app.inject({
      method: 'POST',
      url: '/api/app/auth/change-password',
      headers: agent.agentHeaders,
      payload: { currentPassword: 'wrong wrong', newPassword: 'another new password' },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors).toEqual([expect.objectContaining({ field: 'body.currentPassword' })]);
    expect((await me(agent.agentHeaders)).statusCode).toBe(200);
  });

  it('resets a forgotten password by a single-use e-mailed link and ends all sessions', async () => {
    const agent = await createWorkspace(baton, 'Reset');
    const ask = await baton.app.inject({
      method: 'POST',
      url: '/api/app/auth/password-reset',
      payload: { email: agent.owner.email },
      remoteAddress: freshIp(),
    });
    expect(ask.statusCode).toBe(202);
    const mail = await waitForMail(baton, agent.owner.email, /reset-password\?token=/);
    expect(mail.text).toContain(`${baton.ctx.config.publicUrl}/app/reset-password?token=`);
    const token = decodeURIComponent(/token=([^\s]+)/.exec(mail.text)![1]!);

    const confirm = (password: string) =>
      baton.app.inject({ method: 'POST', url: '/api/app/auth/password-reset/confirm', payload: { token, password }, remoteAddress: freshIp() });
    expect((await confirm('reset password 1')).statusCode).toBe(204);
    expect((await me(agent.agentHeaders)).statusCode).toBe(401);
    expect((await login(agent.owner.email, 'reset password 1')).statusCode).toBe(200);

    const again = await confirm('reset password 2');
    expect(again.statusCode).toBe(400);
    expect(again.json().errors).toEqual([expect.objectContaining({ field: 'body.token' })]);
    expect((await login(agent.owner.email, 'reset password 1')).statusCode).toBe(200);
  });

  it('answers a reset for an unknown address the same way and sends nothing', async () => {
    const nobody = `nobody-${newId()}@example.test`;
    const r = await baton.app.inject({ method: 'POST', url: '/api/app/auth/password-reset', payload: { email: nobody }, remoteAddress: freshIp() });
    expect(r.statusCode).toBe(202);
    expect(r.body).toBe('');
    await resetJobsDone();
    const sent = await baton.ctx.database.query('select 1 from outbox_emails where "to" = $1', [nobody]);
    expect(sent.rowCount).toBe(0);
  });

  it('refuses a reset link once it expired', async () => {
    const agent = await createWorkspace(baton, 'Expired');
    await baton.app.inject({ method: 'POST', url: '/api/app/auth/password-reset', payload: { email: agent.owner.email }, remoteAddress: freshIp() });
    const mail = await waitForMail(baton, agent.owner.email);
    const token = decodeURIComponent(/token=([^\s]+)/.exec(mail.text)![1]!);
    await baton.ctx.database.query(`update password_resets set expires_at = now() - interval '1 second' where agent_id = $1`, [agent.owner.agentId]);
    const r = await baton.app.inject({
      method: 'POST',
      url: '/api/app/auth/password-reset/confirm',
      payload: { token, password: 'too late password' },
      remoteAddress: freshIp(),
    });
    expect(r.statusCode).toBe(400);
  });
});

/** Polls the job queue until every password-reset job has finished (30 s at most: a loaded machine is slow). */
async function resetJobsDone(): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = await baton.ctx.database.query(
      `select 1 from pgboss.job where name = 'auth.password-reset' and state in ('created', 'retry', 'active')`,
    );
    if (r.rowCount === 0) return;
    if (Date.now() > deadline) throw new Error('password-reset jobs still pending');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('CSRF', () => {
  it('refuses a session-authenticated POST without the x-csrf-token header', async () => {
    const { 'x-csrf-token': _csrf, ...cookieOnly } = ws.agentHeaders;
    const r = await baton.app.inject({ method: 'POST', url: '/api/app/teams', headers: cookieOnly, payload: { name: 'csrf-less' } });
    expect(r.statusCode).toBe(403);
    const list = await baton.app.inject({ url: '/api/app/teams', headers: ws.agentHeaders });
    expect(list.json()).not.toContainEqual(expect.objectContaining({ name: 'csrf-less' }));
  });

  it('refuses a session-authenticated POST with a wrong token', async () => {
    const r = await baton.app.inject({
      method: 'POST',
      url: '/api/app/teams',
      headers: { ...ws.agentHeaders, 'x-csrf-token': 'guess' },
      payload: { name: 'wrong-token' },
    });
    expect(r.statusCode).toBe(403);
  });

  it('refuses a POST from a foreign origin even with the right token', async () => {
    const r = await baton.app.inject({
      method: 'POST',
      url: '/api/app/teams',
      headers: { ...ws.agentHeaders, origin: 'https://evil.example' },
      payload: { name: 'cross-site' },
    });
    expect(r.statusCode).toBe(403);
    const ok = await baton.app.inject({ method: 'POST', url: '/api/app/teams', headers: ws.agentHeaders, payload: { name: 'same-site' } });
    expect(ok.statusCode).toBe(201);
  });
});

// Each attempt verifies an argon2id hash (64 MiB): slow on a busy machine, so more time than the default.
describe('rate limits', { timeout: 60_000 }, () => {
  it('locks sign-in per e-mail across IPs, then per IP across e-mails, with Retry-After', async () => {
    const agent = await createWorkspace(baton, 'Locked');
    for (let i = 0; i < LIMITS.perAccount; i++) expect((await login(agent.owner.email, 'wrong password')).statusCode).toBe(401);
    // The right password from a new address is still refused: the account is locked, saying nothing more.
    const locked = await login(agent.owner.email, agent.owner.password);
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.cookies).toHaveLength(0);

    // One address spends its own budget on the locked account, then cannot try any other.
    const ip = freshIp();
    for (let i = 0; i < LIMITS.perIp; i++) expect((await login(agent.owner.email, 'x', ip)).statusCode).toBe(429);
    expect((await login(ws.owner.email, ws.owner.password, ip)).statusCode).toBe(429);
    expect((await login(ws.owner.email, ws.owner.password, freshIp())).statusCode).toBe(200);
  });

  it('limits password-reset requests per e-mail and per IP', async () => {
    const email = `reset-${newId()}@example.test`;
    const ask = (address: string, remoteAddress: string) =>
      baton.app.inject({ method: 'POST', url: '/api/app/auth/password-reset', payload: { email: address }, remoteAddress });
    for (let i = 0; i < LIMITS.perAccount; i++) expect((await ask(email, freshIp())).statusCode).toBe(202);
    expect((await ask(email, freshIp())).statusCode).toBe(429);

    const ip = freshIp();
    for (let i = 0; i < LIMITS.perIp; i++) expect((await ask(`other-${i}-${newId()}@example.test`, ip)).statusCode).toBe(202);
    const r = await ask(`fresh-${newId()}@example.test`, ip);
    expect(r.statusCode).toBe(429);
    expect(r.headers['retry-after']).toBeDefined();
  });

  it('limits invitation acceptance per invited e-mail and per IP', async () => {
    const inviter = await createWorkspace(baton, 'Inviter');
    // An existing account must give its current password to accept: guesses are limited per address.
    const invitee = await createWorkspace(baton, 'Invitee home');
    const token = await inviteToken(inviter, invitee.owner.email, 'agent');
    const accept = (password: string, remoteAddress = freshIp(), t = token) =>
      baton.app.inject({ method: 'POST', url: '/api/app/invites/accept', payload: { token: t, password }, remoteAddress });
    for (let i = 0; i < LIMITS.perAccount; i++) expect((await accept('wrong password')).statusCode).toBe(400);
    expect((await accept(invitee.owner.password)).statusCode).toBe(429);

    const ip = freshIp();
    for (let i = 0; i < LIMITS.perIp; i++) expect((await accept('whatever pw', ip, `guess-${i}`)).statusCode).toBe(404);
    expect((await accept('whatever pw', ip, `guess-last`)).statusCode).toBe(429);
  });
});
