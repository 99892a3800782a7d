import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/harness.ts';

/**
 * Boots a real Baton (server/main.ts) at LOG_LEVEL=debug with an SMTP URL that carries a
 * password, drives requests that carry every kind of secret, and then reads all it printed.
 */

const SMTP_PASSWORD = 'smtp-Pa55word-do-not-log';
const SESSION_SECRET = 'session-secret-0123456789-abcdefghijklmnop';

let child: ChildProcess;
let output = '';
let base = '';
let dataDir = '';
let dropDb: (() => Promise<void>) | undefined;

/** A local port nothing listens on: SMTP delivery fails there, and its error must stay clean. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`gave up waiting for ${what}:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-secrets-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'debug',
    BATON_DEMO: '1',
    DATA_DIR: dataDir,
    SMTP_URL: `smtp://baton:${SMTP_PASSWORD}@127.0.0.1:${await closedPort()}`,
    SESSION_SECRET,
  };
  // Shared Redis rate limits would carry this run's sign-ins into the next one.
  delete env.REDIS_URL;
  delete env.DATABASE_URL;
  if (process.env.DATABASE_URL) {
    const db = await testDatabase();
    env.DATABASE_URL = db.url;
    dropDb = db.drop;
  }
  const main = path.resolve(import.meta.dirname, '../main.ts');
  child = spawn(process.execPath, ['--import', 'tsx', main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  // It listens after the first start has seeded the whole demo workspace.
  base = await until('Baton to listen', () => jsonLines().find((l) => l.msg === 'Baton is up')?.listening as string | undefined, 110_000);
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('close', resolve));
  }
  await dropDb?.();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function jsonLines(): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function http(method: string, url: string, opts: { body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(base + url, {
    method,
    headers: { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
    body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
  });
  return { status: res.status, text: await res.text(), cookie: res.headers.get('set-cookie') };
}

describe('secrets stay out of logs and error responses', () => {
  it('never logs or echoes passwords, SMTP credentials, identity secrets, keys or session tokens', async () => {
    const password = await until('the demo login', () => /password: (\S+)/.exec(output)?.[1]);
    const secrets = new Set<string>([SMTP_PASSWORD, SESSION_SECRET, password]);
    const errorBodies: string[] = [];

    const wrong = await http('POST', '/api/app/auth/login', { body: { email: 'demo@baton.local', password: 'wrong-guess-password' } });
    expect(wrong.status).toBe(401);
    secrets.add('wrong-guess-password');
    errorBodies.push(wrong.text);

    const login = await http('POST', '/api/app/auth/login', { body: { email: 'demo@baton.local', password } });
    expect(login.status).toBe(200);
    const token = /baton_session=([^;]+)/.exec(login.cookie!)![1]!;
    const csrf = JSON.parse(login.text).csrfToken as string;
    secrets.add(token).add(csrf);
    const headers = { cookie: `baton_session=${token}`, 'x-csrf-token': csrf };

    const settings = JSON.parse((await http('GET', '/api/app/workspace', { headers })).text);
    const rotated = JSON.parse((await http('POST', '/api/app/workspace/rotate-identity-secret', { headers })).text);
    secrets.add(settings.identitySecret).add(rotated.identitySecret);

    const key = JSON.parse((await http('POST', '/api/app/api-keys', { headers, body: { name: 'logged?' } })).text).key as string;
    secrets.add(key);
    expect((await http('GET', '/api/v1/contacts?limit=1', { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    const badKey = await http('GET', '/api/v1/contacts', { headers: { authorization: `Bearer ${key}x` } });
    expect(badKey.status).toBe(401);
    errorBodies.push(badKey.text);

    // Malformed and invalid bodies that carry a password must not be echoed back.
    const malformed = await http('POST', '/api/app/auth/login', { body: `{"email":"a@b.c","password":"${password}"`, headers: {} });
    expect(malformed.status).toBe(400);
    const short = await http('POST', '/api/app/auth/change-password', { headers, body: { currentPassword: password, newPassword: 'short-pw' } });
    expect(short.status).toBe(400);
    secrets.add('short-pw');
    const wrongCurrent = await http('POST', '/api/app/auth/change-password', {
      headers,
      body: { currentPassword: 'not-the-current-one', newPassword: 'a long new password' },
    });
    expect(wrongCurrent.status).toBe(400);
    secrets.add('not-the-current-one').add('a long new password');
    errorBodies.push(malformed.text, short.text, wrongCurrent.text);

    // Mail through the SMTP URL fails (nothing listens); its error must not carry the URL's password.
    const invite = await http('POST', '/api/app/team/invites', { headers, body: { email: 'someone@example.test', role: 'agent' } });
    expect(invite.status).toBe(201);
    const mailId = JSON.parse((await http('GET', '/api/app/mailbox', { headers })).text).find(
      (m: { to: string }) => m.to === 'someone@example.test',
    ).id as string;
    const smtpError = await until(
      'a delivery attempt',
      async () => (JSON.parse((await http('GET', `/api/app/mailbox/${mailId}`, { headers })).text).error as string | null) ?? undefined,
      30_000,
    );
    expect(smtpError).not.toContain(SMTP_PASSWORD);
    // The invitation's token travels in a URL; request logs must not keep it.
    const inviteText = JSON.parse((await http('GET', `/api/app/mailbox/${mailId}`, { headers })).text).text as string;
    const inviteToken = decodeURIComponent(/token=(\S+)/.exec(inviteText)![1]!);
    secrets.add(inviteToken);
    expect((await http('GET', `/api/app/invites/${encodeURIComponent(inviteToken)}`)).status).toBe(200);
    const reset = await http('POST', '/api/app/auth/password-reset', { body: { email: 'demo@baton.local' } });
    expect(reset.status).toBe(202);

    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('close', resolve));

    const logs = output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .join('\n');
    // The debug log really saw these requests, so a leak would have had its chance.
    expect(logs).toContain('/api/app/auth/login');
    expect(logs).toContain('/api/app/workspace/rotate-identity-secret');
    for (const secret of secrets) {
      expect(logs, `log output contains a secret`).not.toContain(secret);
      for (const body of errorBodies) expect(body).not.toContain(secret);
    }
    expect(logs).not.toContain(`baton:${SMTP_PASSWORD}`);
  }, 120_000);
});
