import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Ctx } from '../platform/context.ts';
import type { DbOrTx } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { hashToken, newId, randomToken } from '../platform/ids.ts';
import { API_KEY_PREFIX } from '../platform/auth/plugin.ts';
import { hashPassword } from '../platform/auth/passwords.ts';
import { agents, apiKeys, memberships, workspaces } from './schema.ts';

export interface CreateWorkspaceInput {
  name: string;
  owner: { email: string; name?: string; password: string };
  isDemo?: boolean;
  defaultLocale?: string;
}

function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return base || 'workspace';
}

export function createWorkspacesService(ctx: Ctx) {
  return {
    /** A new tenant with its owner, keys and one REST API key (returned once, stored hashed). */
    async create(input: CreateWorkspaceInput) {
      const passwordHash = await hashPassword(input.owner.password);
      return ctx.db.transaction(async (tx) => {
        const id = newId();
        const slug = `${slugify(input.name)}-${id.slice(-6)}`;
        const writeKey = randomToken('wk_', 18);
        await tx.insert(workspaces).values({
          id,
          name: input.name,
          slug,
          writeKey,
          identitySecret: randomToken('', 32),
          isDemo: input.isDemo ?? false,
          defaultLocale: input.defaultLocale ?? 'en',
        });
        const email = input.owner.email.trim();
        const [existing] = await tx
          .select({ id: agents.id })
          .from(agents)
          .where(sql`lower(${agents.email}) = lower(${email})`);
        let agentId = existing?.id;
        if (!agentId) {
          agentId = newId();
          await tx.insert(agents).values({
            id: agentId,
            email,
            name: input.owner.name ?? email.split('@')[0]!,
            passwordHash,
          });
        }
        await tx.insert(memberships).values({ workspaceId: id, agentId, role: 'owner' });
        const apiKey = await insertApiKey(tx, id, 'Default', agentId);
        return { workspaceId: id, slug, writeKey, ownerAgentId: agentId, apiKey: apiKey.key };
      });
    },

    async get(workspaceId: string) {
      const [row] = await ctx.db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
      if (!row) throw new AppError('not_found', 'Workspace not found');
      return row;
    },

    async createApiKey(workspaceId: string, name: string, createdBy: string | null) {
      return insertApiKey(ctx.db, workspaceId, name, createdBy);
    },

    async revokeApiKey(workspaceId: string, id: string) {
      const rows = await ctx.db
        .update(apiKeys)
        .set({ revokedAt: new Date() })
        .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
        .returning({ id: apiKeys.id });
      if (rows.length === 0) throw new AppError('not_found', 'API key not found');
    },
  };
}

async function insertApiKey(db: DbOrTx, workspaceId: string, name: string, createdBy: string | null) {
  const key = randomToken(API_KEY_PREFIX, 32);
  const id = newId();
  await db.insert(apiKeys).values({
    workspaceId,
    id,
    name,
    prefix: key.slice(0, 10),
    keyHash: hashToken(key),
    createdBy,
  });
  return { id, name, prefix: key.slice(0, 10), key };
}

export type WorkspacesService = ReturnType<typeof createWorkspacesService>;
