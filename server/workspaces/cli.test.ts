import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaton, testDatabase, type TestBaton } from '../../test/harness.ts';
import { signIn } from '../../test/factories.ts';
import { main } from '../cli.ts';
import { newId } from '../platform/ids.ts';
import { DEMO_EMAIL, DEMO_WORKSPACE_NAME, firstStart } from './first-start.ts';

let baton: TestBaton;
beforeAll(async () => {
  baton = await startBaton();
});
afterAll(() => baton?.stop());

/** Runs the CLI in this process on the test database and captures what it prints. */
async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    env: { PUBLIC_URL: 'http://baton.test' },
    database: baton.ctx.database,
    io: { out: (t) => out.push(t), err: (t) => err.push(t) },
  });
  return { code, out: out.join('\n'), err: err.join('\n'), json: () => JSON.parse(out.join('\n')) };
}

const sessionWorks = async (headers: Record<string, string>) =>
  (await baton.app.inject({ url: '/api/app/auth/me', headers })).statusCode === 200;

// First start runs on the still empty database, so these come first.
describe('first start', () => {
  it('with BATON_DEMO=0 and no workspace, says how to create one with the CLI', async () => {
    baton.ctx.config.BATON_DEMO = false;
    const lines = (await firstStart(baton.ctx, baton.services)).join('\n');
    expect(lines).toContain('npx baton create-workspace');
    expect(await baton.services.workspaces.list()).toEqual([]);
  });

  it('creates the demo workspace once and prints a working login', async () => {
    baton.ctx.config.BATON_DEMO = true;
    const lines = (await firstStart(baton.ctx, baton.services)).join('\n');
    expect(lines).toContain(`${baton.ctx.config.publicUrl}/app/`);
    expect(lines).toContain(DEMO_EMAIL);
    const password = /password: (\S+)/.exec(lines)![1]!;

    const r = await baton.app.inject({ method: 'POST', url: '/api/app/auth/login', payload: { email: DEMO_EMAIL, password } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ workspace: { name: DEMO_WORKSPACE_NAME, isDemo: true }, role: 'owner' });
    const headers = await signIn(baton, DEMO_EMAIL, password);
    const contacts = await baton.app.inject({ url: '/api/v1/contacts?limit=5', headers });
    expect(contacts.json().data.length).toBeGreaterThan(0);

    const later = (await firstStart(baton.ctx, baton.services)).join('\n');
    expect(later).toContain('printed on the first start');
    expect(later).not.toContain(password);
    expect(await baton.services.workspaces.list()).toHaveLength(1);
    // The whole demo (people, experiments, support history, campaigns) is seeded inside this test.
  }, 90_000);
});

describe('baton CLI', () => {
  it('create-workspace prints ids, keys and the login URL, and the owner can sign in', async () => {
    const email = `cli-${newId()}@example.test`;
    const r = await cli('create-workspace', '--name', 'CLI Co', '--email', email, '--password', 'cli password 1');
    expect(r.code).toBe(0);
    const out = r.json();
    expect(out).toEqual({
      workspace_id: expect.any(String),
      write_key: expect.stringMatching(/^wk_/),
      api_key: expect.stringMatching(/^bk_/),
      login_url: 'http://baton.test/app/',
    });
    const me = await baton.app.inject({ method: 'POST', url: '/api/app/auth/login', payload: { email, password: 'cli password 1' } });
    expect(me.json().workspace).toMatchObject({ id: out.workspace_id, name: 'CLI Co' });
    const api = await baton.app.inject({ url: '/api/v1/contacts', headers: { authorization: `Bearer ${out.api_key}` } });
    expect(api.statusCode).toBe(200);
  });

  it('create-api-key prints a working key; reset-password sets or generates one and ends sessions', async () => {
    const email = `keys-${newId()}@example.test`;
    const ws = (await cli('create-workspace', '--name', 'Keys', '--email', email, '--password', 'keys password 1')).json();
    const key = await cli('create-api-key', '--workspace', ws.workspace_id, '--name', 'From CLI');
    expect(key.code).toBe(0);
    expect(key.json()).toMatchObject({ name: 'From CLI', key: expect.stringMatching(/^bk_/) });
    const api = await baton.app.inject({ url: '/api/v1/contacts', headers: { authorization: `Bearer ${key.json().key}` } });
    expect(api.statusCode).toBe(200);

    const session = await signIn(baton, email, 'keys password 1');
    const set = await cli('reset-password', '--email', email, '--password', 'keys password 2');
    expect(set.code).toBe(0);
    expect(set.out).not.toContain('keys password 2');
    expect(await sessionWorks(session)).toBe(false);
    await signIn(baton, email, 'keys password 2');

    const generated = await cli('reset-password', '--email', email.toUpperCase());
    expect(generated.code).toBe(0);
    const password = generated.json().password as string;
    expect(password.length).toBeGreaterThanOrEqual(10);
    await signIn(baton, email, password);
  });

  it('migrate succeeds on an up-to-date database', async () => {
    const r = await cli('migrate');
    expect(r.code).toBe(0);
    expect(r.json()).toEqual({ migrated: true });
  });

  it('exits 2 naming the flag for bad arguments, and 1 when the target does not exist', async () => {
    const before = (await baton.services.workspaces.list()).length;
    const missing = await cli('create-workspace', '--name', 'X', '--email', 'not-an-email');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--email');
    expect(missing.err).toContain('--password: is required');
    const short = await cli('create-workspace', '--name', 'X', '--email', 'a@b.test', '--password', 'short');
    expect(short.code).toBe(2);
    expect(short.err).toContain('--password');
    expect(short.err).not.toContain('short');
    expect((await cli('create-workspace', '--bogus', '1')).code).toBe(2);
    expect((await cli('nonsense')).code).toBe(2);
    expect((await cli()).code).toBe(2);
    expect((await cli('create-api-key', '--workspace', 'not-a-uuid', '--name', 'x')).code).toBe(2);
    expect((await baton.services.workspaces.list()).length).toBe(before);

    const unknown = await cli('create-api-key', '--workspace', newId(), '--name', 'x');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('Workspace not found');
    expect((await cli('reset-password', '--email', `nobody-${newId()}@example.test`)).code).toBe(1);
  });

  it('runs as `baton` through bin/baton.mjs on the configured database', async () => {
    // A database of its own, reached the way an operator's shell would: DATABASE_URL or DATA_DIR.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-cli-'));
    const own = process.env.DATABASE_URL ? await testDatabase() : undefined;
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
      if (own) env.DATABASE_URL = own.url;
      else delete env.DATABASE_URL;
      const run = (...args: string[]) => runBin(args, env);
      const bad = await run('create-workspace', '--name', 'X');
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--email: is required');

      const ok = await run('create-workspace', '--name', 'Bin', '--email', 'bin@example.test', '--password', 'bin password 1');
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.stdout)).toMatchObject({ workspace_id: expect.any(String), api_key: expect.stringMatching(/^bk_/) });
      if (!own) expect(fs.existsSync(path.join(dataDir, 'pglite'))).toBe(true);
    } finally {
      await own?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

function runBin(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const bin = path.resolve(import.meta.dirname, '../../bin/baton.mjs');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
