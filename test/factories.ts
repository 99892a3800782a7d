import { desc, eq } from 'drizzle-orm';
import { newId } from '../server/platform/ids.ts';
import { outboxEmails } from '../server/platform/mail/schema.ts';
import { createSession } from '../server/platform/auth/sessions.ts';
import type { TestBaton } from './harness.ts';

export interface TestWorkspace {
  workspaceId: string;
  writeKey: string;
  /** REST API key: send as `Authorization: Bearer <apiKey>`. */
  apiKey: string;
  owner: { agentId: string; email: string; password: string };
  /** Headers of a signed-in owner for dashboard calls (cookie + CSRF token). */
  agentHeaders: Record<string, string>;
}

/** A fresh workspace with an owner who is already signed in. */
export async function createWorkspace(baton: TestBaton, name = 'Test workspace'): Promise<TestWorkspace> {
  const email = `owner-${newId()}@example.test`;
  const password = `pw-${newId()}`;
  const ws = await baton.services.workspaces.create({ name, owner: { email, password, name: 'Owner' } });
  const session = await createSession(baton.ctx.db, { agentId: ws.ownerAgentId, workspaceId: ws.workspaceId });
  return {
    workspaceId: ws.workspaceId,
    writeKey: ws.writeKey,
    apiKey: ws.apiKey,
    owner: { agentId: ws.ownerAgentId, email, password },
    agentHeaders: { cookie: `baton_session=${session.token}`, 'x-csrf-token': session.csrfToken },
  };
}

/** Signs in through the real login route; returns headers for later dashboard calls. */
export async function signIn(
  baton: TestBaton,
  email: string,
  password: string,
  remoteAddress = '127.0.0.1',
): Promise<Record<string, string>> {
  const r = await baton.app.inject({ method: 'POST', url: '/api/app/auth/login', payload: { email, password }, remoteAddress });
  if (r.statusCode !== 200) throw new Error(`sign-in failed: ${r.statusCode} ${r.body}`);
  const cookie = r.cookies.find((c) => c.name === 'baton_session');
  return { cookie: `baton_session=${cookie!.value}`, 'x-csrf-token': r.json<{ csrfToken: string }>().csrfToken };
}

/** Waits (up to 30 s: the outbox is a job, slow on a loaded machine) for a mail to `to` whose text matches, and returns it. */
export async function waitForMail(baton: TestBaton, to: string, match: RegExp = /./) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const rows = await baton.ctx.db.select().from(outboxEmails).where(eq(outboxEmails.to, to)).orderBy(desc(outboxEmails.createdAt));
    const found = rows.find((r) => match.test(r.text));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${match}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export type RestClient = <T = unknown>(
  method: string,
  url: string,
  payload?: unknown,
) => Promise<{ status: number; body: T; headers: Record<string, unknown> }>;

/** REST calls with one workspace's API key, through Fastify's inject (no port). */
export function restClient(baton: TestBaton, ws: TestWorkspace): RestClient {
  return async <T>(method: string, url: string, payload?: unknown) => {
    const res = await baton.app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${ws.apiKey}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return { status: res.statusCode, body: (res.body ? res.json() : null) as T, headers: res.headers };
  };
}
