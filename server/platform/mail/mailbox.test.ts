import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailboxItem, MailboxMessage } from '../../../contracts/mail.ts';
import { startBaton, type TestBaton } from '../../../test/harness.ts';
import { createWorkspace, type TestWorkspace } from '../../../test/factories.ts';
import { createSession } from '../auth/sessions.ts';
import { newId } from '../ids.ts';
import { agents, memberships } from '../../workspaces/schema.ts';
import { outboxEmails } from './schema.ts';
import { OUTBOX_DAYS } from './service.ts';

let baton: TestBaton;
let ws: TestWorkspace;
let other: TestWorkspace;

beforeAll(async () => {
  baton = await startBaton(); // no SMTP_URL: every mail is captured
  ws = await createWorkspace(baton, 'Mailbox');
  other = await createWorkspace(baton, 'Elsewhere');
});
afterAll(() => baton?.stop());

const list = async (headers: Record<string, string>) => {
  const r = await baton.app.inject({ url: '/api/app/mailbox', headers });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as MailboxItem[];
};

describe('dev mailbox', () => {
  it("captures mail without SMTP and shows the workspace's mail and its agents' own mail", async () => {
    const mine = await baton.services.mail.send({
      workspaceId: ws.workspaceId,
      to: 'new.teammate@example.test',
      subject: 'You are invited',
      text: 'Join us',
      html: '<p onclick="steal()">Join <a href="https://baton.test/app/accept-invite?token=t">here</a></p><script>alert(1)</script><img src="javascript:alert(2)">',
    });
    // Password resets belong to no workspace; the owner's own shows here, a teammate's or a stranger's does not.
    const reset = await baton.services.mail.send({
      workspaceId: null,
      to: ws.owner.email.toUpperCase(),
      subject: 'Reset your password',
      text: 'link',
    });
    await baton.services.mail.send({ workspaceId: null, to: 'stranger@example.test', subject: 'Not yours', text: 'x' });
    const mateId = newId();
    await baton.ctx.db.insert(agents).values({ id: mateId, email: `mate-${mateId}@example.test`, name: 'Mate' });
    await baton.ctx.db.insert(memberships).values({ workspaceId: ws.workspaceId, agentId: mateId, role: 'agent' });
    await baton.services.mail.send({ workspaceId: null, to: `mate-${mateId}@example.test`, subject: 'Mate reset', text: 'x' });
    const theirs = await baton.services.mail.send({ workspaceId: other.workspaceId, to: 'x@example.test', subject: 'Theirs', text: 'x' });

    const items = await list(ws.agentHeaders);
    expect(items.map((i) => i.id).sort()).toEqual([mine, reset].sort());
    expect(items.every((i) => i.status === 'captured')).toBe(true);
    expect((await list(other.agentHeaders)).map((i) => i.id)).toEqual([theirs]);

    const r = await baton.app.inject({ url: `/api/app/mailbox/${mine}`, headers: ws.agentHeaders });
    const mail = r.json() as MailboxMessage;
    expect(mail).toMatchObject({ subject: 'You are invited', text: 'Join us', status: 'captured', to: 'new.teammate@example.test' });
    expect(mail.html).toContain('href="https://baton.test/app/accept-invite?token=t"');
    expect(mail.html).toContain('target="_blank"');
    expect(mail.html).not.toMatch(/script|onclick|javascript:/);
  });

  it('prunes old mail but keeps mail still waiting to be sent', async () => {
    const old = new Date(Date.now() - (OUTBOX_DAYS + 1) * 86_400_000);
    const row = (status: 'captured' | 'queued') => ({
      id: newId(),
      workspaceId: ws.workspaceId,
      to: 'old@example.test',
      from: 'Baton <baton@localhost>',
      subject: `Old ${status}`,
      text: 'x',
      status,
      createdAt: old,
    });
    const [captured, queued] = [row('captured'), row('queued')];
    await baton.ctx.db.insert(outboxEmails).values([captured, queued]);
    await baton.services.mail.prune();
    const ids = (await list(ws.agentHeaders)).map((i) => i.id);
    expect(ids).not.toContain(captured.id);
    expect(ids).toContain(queued.id);
  });

  it("hides another workspace's mail and refuses plain agents", async () => {
    const theirs = await baton.services.mail.send({ workspaceId: other.workspaceId, to: 'y@example.test', subject: 'Private', text: 'y' });
    const r = await baton.app.inject({ url: `/api/app/mailbox/${theirs}`, headers: ws.agentHeaders });
    expect(r.statusCode).toBe(404);
    expect(r.body).not.toContain('Private');
    expect((await baton.app.inject({ url: '/api/app/mailbox/not-an-id', headers: ws.agentHeaders })).statusCode).toBe(400);
    expect((await baton.app.inject({ url: '/api/app/mailbox', headers: { authorization: `Bearer ${ws.apiKey}` } })).statusCode).toBe(401);

    const agentId = newId();
    await baton.ctx.db.insert(agents).values({ id: agentId, email: `agent-${agentId}@example.test`, name: 'Agent' });
    await baton.ctx.db.insert(memberships).values({ workspaceId: ws.workspaceId, agentId, role: 'agent' });
    const session = await createSession(baton.ctx.db, { agentId, workspaceId: ws.workspaceId });
    const asAgent = { cookie: `baton_session=${session.token}`, 'x-csrf-token': session.csrfToken };
    expect((await baton.app.inject({ url: '/api/app/mailbox', headers: asAgent })).statusCode).toBe(403);
  });
});
