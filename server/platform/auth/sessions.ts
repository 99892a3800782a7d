import { and, eq, gt, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db.ts';
import { hashToken, randomToken } from '../ids.ts';
import { memberships, sessions } from '../../workspaces/schema.ts';

export const SESSION_COOKIE = 'baton_session';
export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

export type Role = 'owner' | 'admin' | 'agent';

export interface AgentSession {
  tokenHash: string;
  agentId: string;
  workspaceId: string;
  role: Role;
  csrfToken: string;
}

export async function createSession(
  db: DbOrTx,
  input: { agentId: string; workspaceId: string; userAgent?: string; ip?: string },
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomToken('', 32);
  const csrfToken = randomToken('', 24);
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await db.insert(sessions).values({
    tokenHash: hashToken(token),
    agentId: input.agentId,
    workspaceId: input.workspaceId,
    csrfToken,
    userAgent: input.userAgent?.slice(0, 300),
    ip: input.ip,
    expiresAt,
  });
  return { token, csrfToken, expiresAt };
}

/** A session is valid only while unexpired and while the agent is still a member. */
export async function findSession(db: DbOrTx, token: string): Promise<AgentSession | null> {
  const tokenHash = hashToken(token);
  const [row] = await db
    .select({
      tokenHash: sessions.tokenHash,
      agentId: sessions.agentId,
      workspaceId: sessions.workspaceId,
      csrfToken: sessions.csrfToken,
      role: memberships.role,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .innerJoin(
      memberships,
      and(eq(memberships.agentId, sessions.agentId), eq(memberships.workspaceId, sessions.workspaceId)),
    )
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, sql`now()`)));
  if (!row) return null;
  if (Date.now() - row.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.tokenHash, tokenHash));
  }
  return { tokenHash: row.tokenHash, agentId: row.agentId, workspaceId: row.workspaceId, csrfToken: row.csrfToken, role: row.role };
}

export async function destroySession(db: DbOrTx, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

/** Ends every session of an agent but the one given (after a password change). */
export async function destroyOtherSessions(db: DbOrTx, agentId: string, keepTokenHash?: string): Promise<void> {
  await db
    .delete(sessions)
    .where(keepTokenHash ? and(eq(sessions.agentId, agentId), ne(sessions.tokenHash, keepTokenHash)) : eq(sessions.agentId, agentId));
}
