import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Me } from '../../contracts/auth.ts';
import type { Ctx } from '../platform/context.ts';
import type { DbOrTx } from '../platform/db.ts';
import { AppError, badField } from '../platform/errors.ts';
import { hashToken, randomToken } from '../platform/ids.ts';
import { hashPassword, verifyPassword } from '../platform/auth/passwords.ts';
import { createSession, destroyOtherSessions, destroySession, type AgentSession } from '../platform/auth/sessions.ts';
import type { MailService } from '../platform/mail/service.ts';
import { passwordResetMail } from './mails.ts';
import { agents, memberships, passwordResets, sessions, workspaces } from './schema.ts';

const INVALID_LOGIN = 'Invalid e-mail or password';
const RESET_TTL_MS = 3600 * 1000;
const RESET_QUEUE = 'auth.password-reset';

export interface SessionMeta {
  ip?: string;
  userAgent?: string;
}

/** What the routes need to sign someone in: the cookie's token and the Me to answer with. */
export interface SignedIn {
  token: string;
  expiresAt: Date;
  me: Me;
}

export async function findAgentByEmail(db: DbOrTx, email: string) {
  const [row] = await db
    .select()
    .from(agents)
    .where(sql`lower(${agents.email}) = ${email.trim().toLowerCase()}`);
  return row;
}

/** Sign-in, sessions and passwords of agents. */
export function createAccounts(ctx: Ctx, mail: MailService) {
  // The reset mail is made by a job so the request answers in the same time whether the
  // address has an account or not.
  ctx.jobs.define<{ email: string }>(
    RESET_QUEUE,
    async ({ email }) => {
      const agent = await findAgentByEmail(ctx.db, email);
      if (!agent) return;
      const token = randomToken('', 32);
      await ctx.db.insert(passwordResets).values({
        tokenHash: hashToken(token),
        agentId: agent.id,
        expiresAt: new Date(Date.now() + RESET_TTL_MS),
      });
      const link = `${ctx.config.publicUrl}/app/reset-password?token=${encodeURIComponent(token)}`;
      await mail.send(passwordResetMail(agent.email, link));
    },
    { retryLimit: 3, retryDelaySeconds: 5 },
  );

  async function me(session: Pick<AgentSession, 'agentId' | 'workspaceId' | 'csrfToken'>): Promise<Me> {
    const [agent] = await ctx.db.select().from(agents).where(eq(agents.id, session.agentId));
    const rows = await ctx.db
      .select({ id: workspaces.id, name: workspaces.name, slug: workspaces.slug, isDemo: workspaces.isDemo, role: memberships.role })
      .from(memberships)
      .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
      .where(eq(memberships.agentId, session.agentId))
      .orderBy(asc(workspaces.name), asc(workspaces.id));
    const current = rows.find((r) => r.id === session.workspaceId);
    if (!agent || !current) throw new AppError('unauthorized', 'Sign in first');
    return {
      agent: { id: agent.id, email: agent.email, name: agent.name, locale: agent.locale },
      workspace: { id: current.id, name: current.name, slug: current.slug, isDemo: current.isDemo },
      role: current.role,
      csrfToken: session.csrfToken,
      workspaces: rows.map((r) => ({ id: r.id, name: r.name, role: r.role })),
    };
  }

  async function startSession(agentId: string, workspaceId: string, meta: SessionMeta): Promise<SignedIn> {
    const s = await createSession(ctx.db, { agentId, workspaceId, ...meta });
    return { token: s.token, expiresAt: s.expiresAt, me: await me({ agentId, workspaceId, csrfToken: s.csrfToken }) };
  }

  /** Sets a password and ends every session but `keep` and every pending reset link. */
  async function setPasswordHash(db: DbOrTx, agentId: string, passwordHash: string, keep?: string) {
    await db.update(agents).set({ passwordHash, passwordChangedAt: new Date() }).where(eq(agents.id, agentId));
    await destroyOtherSessions(db, agentId, keep);
    await db
      .update(passwordResets)
      .set({ usedAt: new Date() })
      .where(and(eq(passwordResets.agentId, agentId), isNull(passwordResets.usedAt)));
  }

  return {
    me,
    startSession,

    /** Every failure (no account, wrong password, no workspace left) answers the same way. */
    async login(email: string, password: string, meta: SessionMeta): Promise<SignedIn> {
      const agent = await findAgentByEmail(ctx.db, email);
      const ok = await verifyPassword(agent?.passwordHash ?? null, password);
      if (!agent || !ok) throw new AppError('unauthorized', INVALID_LOGIN);
      const [membership] = await ctx.db
        .select({ workspaceId: memberships.workspaceId })
        .from(memberships)
        .where(eq(memberships.agentId, agent.id))
        .orderBy(asc(memberships.createdAt), asc(memberships.workspaceId))
        .limit(1);
      if (!membership) throw new AppError('unauthorized', INVALID_LOGIN);
      return startSession(agent.id, membership.workspaceId, meta);
    },

    async logout(session: AgentSession): Promise<void> {
      await destroySession(ctx.db, session.tokenHash);
    },

    /** Moves this session to another workspace the agent belongs to; the CSRF token stays. */
    async switchWorkspace(session: AgentSession, workspaceId: string): Promise<Me> {
      const [m] = await ctx.db
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.agentId, session.agentId), eq(memberships.workspaceId, workspaceId)));
      if (!m) throw new AppError('not_found', 'Workspace not found');
      await ctx.db.update(sessions).set({ workspaceId }).where(eq(sessions.tokenHash, session.tokenHash));
      return me({ ...session, workspaceId });
    },

    async requestPasswordReset(email: string): Promise<void> {
      await ctx.jobs.send(RESET_QUEUE, { email: email.trim().toLowerCase() });
    },

    async confirmPasswordReset(token: string, password: string): Promise<void> {
      const passwordHash = await hashPassword(password);
      await ctx.db.transaction(async (tx) => {
        const [reset] = await tx
          .update(passwordResets)
          .set({ usedAt: new Date() })
          .where(
            and(
              eq(passwordResets.tokenHash, hashToken(token)),
              isNull(passwordResets.usedAt),
              gt(passwordResets.expiresAt, sql`now()`),
            ),
          )
          .returning({ agentId: passwordResets.agentId });
        if (!reset) throw badField('body.token', 'is invalid, already used or expired');
        await setPasswordHash(tx, reset.agentId, passwordHash);
      });
    },

    /** Ends the agent's other sessions: whoever else was signed in must sign in again. */
    async changePassword(session: AgentSession, currentPassword: string, newPassword: string): Promise<void> {
      const [agent] = await ctx.db.select().from(agents).where(eq(agents.id, session.agentId));
      if (!agent || !(await verifyPassword(agent.passwordHash, currentPassword))) {
        throw badField('body.currentPassword', 'is not your current password');
      }
      const passwordHash = await hashPassword(newPassword);
      await ctx.db.transaction(async (tx) => setPasswordHash(tx, agent.id, passwordHash, session.tokenHash));
    },

    /** Operator reset (CLI): sets the password and ends all of the agent's sessions. */
    async setPassword(email: string, password: string): Promise<{ agentId: string; email: string }> {
      const agent = await findAgentByEmail(ctx.db, email);
      if (!agent) throw new AppError('not_found', `No agent with e-mail ${email}`);
      const passwordHash = await hashPassword(password);
      await ctx.db.transaction(async (tx) => setPasswordHash(tx, agent.id, passwordHash));
      return { agentId: agent.id, email: agent.email };
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
