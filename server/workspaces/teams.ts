import { and, asc, eq, inArray } from 'drizzle-orm';
import { DEFAULT_AGENT_CAPACITY, type Team } from '../../contracts/workspaces.ts';
import type { Ctx } from '../platform/context.ts';
import type { DbOrTx } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { isUniqueViolation } from '../platform/db-errors.ts';
import { memberships, teamMembers, teams } from './schema.ts';

const nameTaken = () =>
  new AppError('conflict', 'A team with this name already exists', [{ field: 'body.name', message: 'is already taken' }]);

/** Every id must be a member of the workspace; the first stranger is named by its position. */
async function assertMembers(tx: DbOrTx, workspaceId: string, agentIds: string[]) {
  if (agentIds.length === 0) return;
  const rows = await tx
    .select({ agentId: memberships.agentId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), inArray(memberships.agentId, agentIds)));
  const found = new Set(rows.map((r) => r.agentId));
  const i = agentIds.findIndex((id) => !found.has(id));
  if (i >= 0) {
    throw new AppError('validation_failed', `body.agentIds.${i}: is not a member of this workspace`, [
      { field: `body.agentIds.${i}`, message: 'is not a member of this workspace' },
    ]);
  }
}

async function setMembers(tx: DbOrTx, workspaceId: string, teamId: string, agentIds: string[]) {
  await assertMembers(tx, workspaceId, agentIds);
  await tx.delete(teamMembers).where(and(eq(teamMembers.workspaceId, workspaceId), eq(teamMembers.teamId, teamId)));
  const unique = [...new Set(agentIds)];
  if (unique.length) await tx.insert(teamMembers).values(unique.map((agentId) => ({ workspaceId, teamId, agentId })));
}

/** Named groups of agents, for routing conversations later. */
export function createTeams(ctx: Ctx) {
  async function get(db: DbOrTx, workspaceId: string, id: string): Promise<Team> {
    const [team] = await db.select().from(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id)));
    if (!team) throw new AppError('not_found', 'Team not found');
    const members = await db
      .select({ agentId: teamMembers.agentId })
      .from(teamMembers)
      .where(and(eq(teamMembers.workspaceId, workspaceId), eq(teamMembers.teamId, id)))
      .orderBy(asc(teamMembers.agentId));
    return { id: team.id, name: team.name, agentIds: members.map((m) => m.agentId), agentCapacity: team.agentCapacity };
  }

  /** Runs a write and turns a duplicate team name into 409 naming the field. */
  async function write<T>(fn: (tx: DbOrTx) => Promise<T>): Promise<T> {
    try {
      return await ctx.db.transaction(fn);
    } catch (err) {
      if (isUniqueViolation(err)) throw nameTaken();
      throw err;
    }
  }

  return {
    async list(workspaceId: string): Promise<Team[]> {
      const rows = await ctx.db.select().from(teams).where(eq(teams.workspaceId, workspaceId)).orderBy(asc(teams.name));
      const members = await ctx.db
        .select({ teamId: teamMembers.teamId, agentId: teamMembers.agentId })
        .from(teamMembers)
        .where(eq(teamMembers.workspaceId, workspaceId))
        .orderBy(asc(teamMembers.agentId));
      return rows.map((t) => ({
        id: t.id,
        name: t.name,
        agentIds: members.filter((m) => m.teamId === t.id).map((m) => m.agentId),
        agentCapacity: t.agentCapacity,
      }));
    },

    /**
     * How many open conversations routing may give each member of a team: the member's own
     * limit, else the team's, else the default. Empty for a team of another workspace.
     */
    async capacities(workspaceId: string, teamId: string): Promise<Map<string, number>> {
      const rows = await ctx.db
        .select({ agentId: teamMembers.agentId, own: memberships.capacity, team: teams.agentCapacity })
        .from(teamMembers)
        .innerJoin(teams, and(eq(teams.workspaceId, teamMembers.workspaceId), eq(teams.id, teamMembers.teamId)))
        .innerJoin(memberships, and(eq(memberships.workspaceId, teamMembers.workspaceId), eq(memberships.agentId, teamMembers.agentId)))
        .where(and(eq(teamMembers.workspaceId, workspaceId), eq(teamMembers.teamId, teamId)));
      return new Map(rows.map((r) => [r.agentId, r.own ?? r.team ?? DEFAULT_AGENT_CAPACITY]));
    },

    async create(workspaceId: string, input: { name: string; agentIds?: string[]; agentCapacity?: number | null }): Promise<Team> {
      return write(async (tx) => {
        const id = newId();
        await tx.insert(teams).values({ workspaceId, id, name: input.name, agentCapacity: input.agentCapacity ?? null });
        await setMembers(tx, workspaceId, id, input.agentIds ?? []);
        return get(tx, workspaceId, id);
      });
    },

    async update(workspaceId: string, id: string, patch: { name?: string; agentIds?: string[]; agentCapacity?: number | null }): Promise<Team> {
      return write(async (tx) => {
        await get(tx, workspaceId, id);
        const set = {
          ...(patch.name !== undefined && { name: patch.name }),
          ...(patch.agentCapacity !== undefined && { agentCapacity: patch.agentCapacity }),
        };
        if (Object.keys(set).length) await tx.update(teams).set(set).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id)));
        if (patch.agentIds) await setMembers(tx, workspaceId, id, patch.agentIds);
        return get(tx, workspaceId, id);
      });
    },

    async remove(workspaceId: string, id: string): Promise<void> {
      await ctx.db.transaction(async (tx) => {
        await tx.delete(teamMembers).where(and(eq(teamMembers.workspaceId, workspaceId), eq(teamMembers.teamId, id)));
        const rows = await tx
          .delete(teams)
          .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id)))
          .returning({ id: teams.id });
        if (rows.length === 0) throw new AppError('not_found', 'Team not found');
      });
    },
  };
}
