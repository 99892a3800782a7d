import { newId } from '../server/platform/ids.ts';
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
