import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { eq } from 'drizzle-orm';
import { startBaton, type TestBaton } from '../../../test/harness.ts';
import { createWorkspace, type TestWorkspace } from '../../../test/factories.ts';
import { waitFor } from '../webhooks/testing.ts';
import { outboxEmails } from './schema.ts';

const USER = 'baton-mailer';
const PASSWORD = 'smtp-Pa55word-that-must-never-leak';

let smtp: SMTPServer;
let port: number;
let refuseLogins = false;
const inbox: ParsedMail[] = [];
/** Everything Baton's loggers (pino → stdout/stderr) write while this file runs. */
const logged: string[] = [];

let baton: TestBaton;
let ws: TestWorkspace;

function captureLogs() {
  const capture = (fd: unknown, data: unknown) => {
    if (fd !== 1 && fd !== 2) return false;
    logged.push(Buffer.isBuffer(data) ? data.toString('utf8') : String(data));
    return true;
  };
  const realWrite = fs.write;
  const realWriteSync = fs.writeSync;
  vi.spyOn(fs, 'write').mockImplementation(((fd: number, data: string | Buffer, ...rest: unknown[]) => {
    if (!capture(fd, data)) return (realWrite as (...a: unknown[]) => void)(fd, data, ...rest);
    const callback = rest.find((r) => typeof r === 'function') as ((e: null, n: number) => void) | undefined;
    process.nextTick(() => callback?.(null, Buffer.byteLength(data)));
  }) as typeof fs.write);
  vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, data: string | Buffer, ...rest: unknown[]) =>
    capture(fd, data)
      ? Buffer.byteLength(data)
      : (realWriteSync as (...a: unknown[]) => number)(fd, data, ...rest)) as typeof fs.writeSync);
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (!refuseLogins && auth.username === USER && auth.password === PASSWORD) return callback(null, { user: USER });
      callback(Object.assign(new Error('Authentication refused'), { responseCode: 535 }));
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          inbox.push(parsed);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  port = (smtp.server.address() as AddressInfo).port;
  captureLogs();
  baton = await startBaton({
    env: { SMTP_URL: `smtp://${USER}:${PASSWORD}@127.0.0.1:${port}`, MAIL_FROM: 'Baton <no-reply@baton.test>', LOG_LEVEL: 'trace' },
  });
  ws = await createWorkspace(baton);
});
afterAll(async () => {
  await baton?.stop();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  vi.restoreAllMocks();
});

describe('mail through SMTP', () => {
  it('delivers through the SMTP server with authentication', async () => {
    const id = await baton.services.mail.send({
      workspaceId: ws.workspaceId,
      to: 'айгерим@example.test',
      subject: 'Welcome to Baton — 欢迎',
      text: 'Your workspace is ready.\nСәлем!',
      html: '<p>Your workspace is <b>ready</b>.</p>',
    });
    const mail = await waitFor(() => inbox.find((m) => m.subject === 'Welcome to Baton — 欢迎'), 'the mail to arrive');
    expect(mail.text?.trim()).toBe('Your workspace is ready.\nСәлем!');
    expect(mail.html).toContain('<b>ready</b>');
    const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
    expect(to?.value[0]?.address).toBe('айгерим@example.test');
    expect(mail.from?.value[0]?.address).toBe('no-reply@baton.test');

    const row = await waitFor(async () => {
      const [r] = await baton.ctx.db.select().from(outboxEmails).where(eq(outboxEmails.id, id));
      return r?.status === 'sent' ? r : null;
    }, 'the outbox row to be marked sent');
    expect(row.messageId).toBeTruthy();
    expect(row.sentAt).toBeInstanceOf(Date);

    const list = await baton.app.inject({ url: '/api/app/mailbox', headers: ws.agentHeaders });
    expect(list.json()).toEqual([expect.objectContaining({ id, status: 'sent', subject: 'Welcome to Baton — 欢迎' })]);
  });

  it('keeps a refused mail queued for retry without leaking the SMTP password anywhere', async () => {
    refuseLogins = true;
    // Refused to the end of the test: a retry let through before the mailbox is read would send it.
    onTestFinished(() => {
      refuseLogins = false;
    });
    const id = await baton.services.mail.send({ workspaceId: ws.workspaceId, to: 'x@example.test', subject: 'Refused', text: 'x' });
    const row = await waitFor(async () => {
      const [r] = await baton.ctx.db.select().from(outboxEmails).where(eq(outboxEmails.id, id));
      return r?.error ? r : null;
    }, 'the failed attempt to be recorded');
    expect(row.status).toBe('queued');
    expect(row.error).toContain('EAUTH');

    const shown = await baton.app.inject({ url: `/api/app/mailbox/${id}`, headers: ws.agentHeaders });
    expect(shown.json()).toMatchObject({ id, status: 'queued', error: row.error });
    const jobs = await baton.ctx.database.query<{ output: unknown }>(`select output from pgboss.job where name = 'mail.send'`);
    const everything = [row.error, shown.body, JSON.stringify(jobs.rows), logged.join('')].join('\n');
    expect(logged.length).toBeGreaterThan(0);
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(encodeURIComponent(PASSWORD));
  });

  it('sends mail written in a transaction once dispatched, and mail stranded before dispatch from the sweep', async () => {
    const queued = (subject: string) =>
      baton.ctx.db.transaction((tx) =>
        baton.services.mail.queue(tx, {
          workspaceId: ws.workspaceId,
          to: 'series@example.test',
          subject,
          text: 'x',
          headers: { 'List-Unsubscribe': '<https://baton.test/e/u>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        }),
      );
    const id = await queued('Written in a transaction');
    await baton.services.mail.dispatch([id]);
    const mail = await waitFor(() => inbox.find((m) => m.subject === 'Written in a transaction'), 'the dispatched mail');
    // mailparser folds the List-* headers into one `list` entry.
    expect(mail.headers.get('list')).toMatchObject({ unsubscribe: { url: 'https://baton.test/e/u' } });
    expect(mail.headerLines.map((h) => h.line)).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');

    // The process stopped between commit and dispatch: the sweep hands the mail over later.
    const stranded = await queued('Stranded before dispatch');
    await baton.ctx.db.update(outboxEmails).set({ createdAt: new Date(Date.now() - 5 * 60_000) }).where(eq(outboxEmails.id, stranded));
    await baton.services.mail.sweep();
    await waitFor(() => inbox.find((m) => m.subject === 'Stranded before dispatch'), 'the swept mail');
    const [row] = await baton.ctx.db.select().from(outboxEmails).where(eq(outboxEmails.id, stranded));
    expect(row?.dispatchedAt).toBeInstanceOf(Date);
  });
});
