import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { AcceptInviteBody, InvitePreview, Role } from '../../contracts/auth.ts';
import type { Invite, TeamMember, TeamOverview } from '../../contracts/workspaces.ts';
import type { Ctx } from '../platform/context.ts';
import type { DbOrTx } from '../platform/db.ts';
import { AppError, badField } from '../platform/errors.ts';
import { hashToken, newId, randomToken } from '../platform/ids.ts';
import { hashPassword, verifyPassword } from '../platform/auth/passwords.ts';
import type { AgentSession } from '../platform/auth/sessions.ts';
import type { MailService } from '../platform/mail/service.ts';
import { findAgentByEmail, type Accounts, type SessionMeta, type SignedIn } from './accounts.ts';
import { inviteMail } from './mails.ts';
import { agents, invites, memberships, sessions, teamMembers, workspaces } from './schema.ts';

const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

/** Who acts: the signed-in agent and their role in the workspace of the session. */
export type Actor = Pick<AgentSession, 'agentId' | 'workspaceId' | 'role'>;

const toInvite = (r: typeof invites.$inferSelect): Invite => ({
  id: r.id,
  email: r.email,
  role: r.role,
  expiresAt: r.expiresAt.toISOString(),
  createdAt: r.createdAt.toISOString(),
});

const inviteGone = () => new AppError('not_found', 'Invitation not found, used or expired');

/** Only an owner may hand out or take away ownership, or touch another owner. */
function assertMayGrant(actor: Actor, role: Role) {
  if (role === 'owner' && actor.role !== 'owner') throw new AppError('forbidden', 'Only an owner can make or change owners');
}

/** Locks the workspace's owner rows so two owners demoting each other cannot leave none. */
async function assertAnotherOwner(tx: DbOrTx, workspaceId: string, agentId: string) {
  const owners = await tx
    .select({ agentId: memberships.agentId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, 'owner')))
    .for('update');
  if (!owners.some((o) => o.agentId !== agentId)) {
    throw new AppError('conflict', 'A workspace needs at least one owner: make someone else owner first');
  }
}

/** Members, invitations and roles of a workspace. */
export function createTeam(ctx: Ctx, mail: MailService, accounts: Accounts) {
  const pendingInvite = (tokenHash: string) =>
    and(eq(invites.tokenHash, tokenHash), isNull(invites.acceptedAt), isNull(invites.revokedAt), gt(invites.expiresAt, sql`now()`));

  async function findMember(tx: DbOrTx, workspaceId: string, agentId: string) {
    const [m] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.agentId, agentId)));
    if (!m) throw new AppError('not_found', 'Member not found');
    return m;
  }

  return {
    /** A member's name; null when the agent is not a member of the workspace. */
    async memberName(workspaceId: string, agentId: string): Promise<string | null> {
      const [m] = await ctx.db
        .select({ name: agents.name })
        .from(memberships)
        .innerJoin(agents, eq(agents.id, memberships.agentId))
        .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.agentId, agentId)));
      return m?.name ?? null;
    },

    async overview(workspaceId: string): Promise<TeamOverview> {
      const members: TeamMember[] = await ctx.db
        .select({ agentId: agents.id, name: agents.name, email: agents.email, role: memberships.role, capacity: memberships.capacity })
        .from(memberships)
        .innerJoin(agents, eq(agents.id, memberships.agentId))
        .where(eq(memberships.workspaceId, workspaceId))
        .orderBy(asc(agents.name), asc(agents.id));
      const pending = await ctx.db
        .select()
        .from(invites)
        .where(
          and(
            eq(invites.workspaceId, workspaceId),
            isNull(invites.acceptedAt),
            isNull(invites.revokedAt),
            gt(invites.expiresAt, sql`now()`),
          ),
        )
        .orderBy(asc(invites.createdAt), asc(invites.id));
      return { members, invites: pending.map(toInvite) };
    },

    /** A new invitation replaces any pending one for the same address. */
    async invite(actor: Actor, input: { email: string; role: Role }): Promise<Invite> {
      assertMayGrant(actor, input.role);
      const email = input.email.trim();
      const token = randomToken('', 32);
      const [ws] = await ctx.db.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, actor.workspaceId));
      const [inviter] = await ctx.db.select({ name: agents.name }).from(agents).where(eq(agents.id, actor.agentId));
      if (!ws || !inviter) throw new AppError('not_found', 'Workspace not found');
      const row = await ctx.db.transaction(async (tx) => {
        const existing = await findAgentByEmail(tx, email);
        if (existing) {
          const [member] = await tx
            .select({ role: memberships.role, capacity: memberships.capacity })
            .from(memberships)
            .where(and(eq(memberships.workspaceId, actor.workspaceId), eq(memberships.agentId, existing.id)));
          if (member) throw new AppError('conflict', `${email} is already a member of this workspace`, [{ field: 'body.email', message: 'is already a member' }]);
        }
        await tx
          .update(invites)
          .set({ revokedAt: new Date() })
          .where(
            and(
              eq(invites.workspaceId, actor.workspaceId),
              sql`lower(${invites.email}) = ${email.toLowerCase()}`,
              isNull(invites.acceptedAt),
              isNull(invites.revokedAt),
            ),
          );
        const [inserted] = await tx
          .insert(invites)
          .values({
            workspaceId: actor.workspaceId,
            id: newId(),
            email,
            role: input.role,
            tokenHash: hashToken(token),
            invitedBy: actor.agentId,
            expiresAt: new Date(Date.now() + INVITE_TTL_MS),
          })
          .returning();
        return inserted!;
      });
      const link = `${ctx.config.publicUrl}/app/accept-invite?token=${encodeURIComponent(token)}`;
      await mail.send(
        inviteMail({ workspaceId: actor.workspaceId, to: email, workspaceName: ws.name, inviterName: inviter.name, role: input.role, link }),
      );
      return toInvite(row);
    },

    async revokeInvite(workspaceId: string, id: string): Promise<void> {
      const rows = await ctx.db
        .update(invites)
        .set({ revokedAt: new Date() })
        .where(and(eq(invites.workspaceId, workspaceId), eq(invites.id, id), isNull(invites.acceptedAt), isNull(invites.revokedAt)))
        .returning({ id: invites.id });
      if (rows.length === 0) throw new AppError('not_found', 'Invitation not found');
    },

    /** The token is the credential here: it alone names the workspace. */
    async preview(token: string): Promise<InvitePreview> {
      const [row] = await ctx.db
        .select({ workspaceName: workspaces.name, email: invites.email, role: invites.role })
        .from(invites)
        .innerJoin(workspaces, eq(workspaces.id, invites.workspaceId))
        .where(pendingInvite(hashToken(token)));
      if (!row) throw inviteGone();
      return { ...row, existingAccount: Boolean(await findAgentByEmail(ctx.db, row.email)) };
    },

    /** The address a pending invitation is for, so acceptance can be rate-limited per address. */
    async inviteEmail(token: string): Promise<string | undefined> {
      const [row] = await ctx.db.select({ email: invites.email }).from(invites).where(pendingInvite(hashToken(token)));
      return row?.email;
    },

    /**
     * Joins the workspace: a new address becomes an agent with the given name and password; an
     * existing account must prove itself with its current password.
     */
    async accept(input: AcceptInviteBody, meta: SessionMeta): Promise<SignedIn> {
      const [invite] = await ctx.db.select().from(invites).where(pendingInvite(hashToken(input.token)));
      if (!invite) throw inviteGone();
      const existing = await findAgentByEmail(ctx.db, invite.email);
      let newHash: string | undefined;
      if (existing) {
        if (!(await verifyPassword(existing.passwordHash, input.password))) {
          throw badField('body.password', 'is not the current password of this account');
        }
      } else {
        if (!input.name) throw badField('body.name', 'is required for a new account');
        newHash = await hashPassword(input.password);
      }
      const agentId = await ctx.db.transaction(async (tx) => {
        // Claiming the invitation first makes a double submit accept it once.
        const claimed = await tx
          .update(invites)
          .set({ acceptedAt: new Date() })
          .where(and(eq(invites.workspaceId, invite.workspaceId), eq(invites.id, invite.id), isNull(invites.acceptedAt), isNull(invites.revokedAt)))
          .returning({ id: invites.id });
        if (claimed.length === 0) throw inviteGone();
        let id = existing?.id;
        if (!id) {
          id = newId();
          await tx.insert(agents).values({ id, email: invite.email, name: input.name!, passwordHash: newHash! });
        }
        await tx
          .insert(memberships)
          .values({ workspaceId: invite.workspaceId, agentId: id, role: invite.role })
          .onConflictDoNothing();
        return id;
      });
      return accounts.startSession(agentId, invite.workspaceId, meta);
    },

    async setRole(actor: Actor, agentId: string, role: Role): Promise<TeamMember> {
      await ctx.db.transaction(async (tx) => {
        const target = await findMember(tx, actor.workspaceId, agentId);
        assertMayGrant(actor, target.role);
        assertMayGrant(actor, role);
        if (target.role === 'owner' && role !== 'owner') await assertAnotherOwner(tx, actor.workspaceId, agentId);
        await tx
          .update(memberships)
          .set({ role })
          .where(and(eq(memberships.workspaceId, actor.workspaceId), eq(memberships.agentId, agentId)));
      });
      const [member] = await ctx.db
        .select({ agentId: agents.id, name: agents.name, email: agents.email, role: memberships.role, capacity: memberships.capacity })
        .from(memberships)
        .innerJoin(agents, eq(agents.id, memberships.agentId))
        .where(and(eq(memberships.workspaceId, actor.workspaceId), eq(memberships.agentId, agentId)));
      return member!;
    },

    /** Sets (null: removes) how many open conversations routing gives the member at most. */
    async setCapacity(actor: Actor, agentId: string, capacity: number | null): Promise<TeamMember> {
      await findMember(ctx.db, actor.workspaceId, agentId);
      await ctx.db
        .update(memberships)
        .set({ capacity })
        .where(and(eq(memberships.workspaceId, actor.workspaceId), eq(memberships.agentId, agentId)));
      const [member] = await ctx.db
        .select({ agentId: agents.id, name: agents.name, email: agents.email, role: memberships.role, capacity: memberships.capacity })
        .from(memberships)
        .innerJoin(agents, eq(agents.id, memberships.agentId))
        .where(and(eq(memberships.workspaceId, actor.workspaceId), eq(memberships.agentId, agentId)));
      return member!;
    },

    /** Removes the member, their team places and their sessions in this workspace. */
    async removeMember(actor: Actor, agentId: string): Promise<void> {
      await ctx.db.transaction(async (tx) => {
        const target = await findMember(tx, actor.workspaceId, agentId);
        assertMayGrant(actor, target.role);
        if (target.role === 'owner') await assertAnotherOwner(tx, actor.workspaceId, agentId);
        await tx.delete(teamMembers).where(and(eq(teamMembers.workspaceId, actor.workspaceId), eq(teamMembers.agentId, agentId)));
        await tx.delete(sessions).where(and(eq(sessions.workspaceId, actor.workspaceId), eq(sessions.agentId, agentId)));
        await tx.delete(memberships).where(and(eq(memberships.workspaceId, actor.workspaceId), eq(memberships.agentId, agentId)));
      });
    },
  };
}
