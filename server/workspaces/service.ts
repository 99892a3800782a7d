import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import type { ApiKey, CreatedApiKey, WorkspaceSettings } from '../../contracts/workspaces.ts';
import type { Ctx } from '../platform/context.ts';
import type { DbOrTx } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { hashToken, newId, randomToken } from '../platform/ids.ts';
import { API_KEY_PREFIX } from '../platform/auth/plugin.ts';
import { hashPassword } from '../platform/auth/passwords.ts';
import type { MailService } from '../platform/mail/service.ts';
import { createAccounts } from './accounts.ts';
import { createTeam } from './team.ts';
import { createTeams } from './teams.ts';
import { agents, apiKeys, memberships, workspaces } from './schema.ts';

export interface CreateWorkspaceInput {
  name: string;
  owner: { email: string; name?: string; password: string };
  isDemo?: boolean;
  defaultLocale?: string;
}

export interface WorkspacePatch {
  name?: string;
  defaultLocale?: string;
  identityVerificationEnforced?: boolean;
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

const newIdentitySecret = () => randomToken('', 32);

function toSettings(row: typeof workspaces.$inferSelect): WorkspaceSettings {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    writeKey: row.writeKey,
    identitySecret: row.identitySecret,
    identityVerificationEnforced: row.identityVerificationEnforced,
    defaultLocale: row.defaultLocale,
    isDemo: row.isDemo,
  };
}

export function createWorkspacesService(ctx: Ctx, deps: { mail: MailService }) {
  const accounts = createAccounts(ctx, deps.mail);

  async function get(workspaceId: string) {
    const [row] = await ctx.db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
    if (!row) throw new AppError('not_found', 'Workspace not found');
    return row;
  }

  /** A new tenant with its owner, keys and one REST API key (returned once, stored hashed). */
  async function create(input: CreateWorkspaceInput, db: DbOrTx = ctx.db) {
    const passwordHash = await hashPassword(input.owner.password);
    return db.transaction(async (tx) => {
      const id = newId();
      const slug = `${slugify(input.name)}-${id.slice(-6)}`;
      const writeKey = randomToken('wk_', 18);
      await tx.insert(workspaces).values({
        id,
        name: input.name,
        slug,
        writeKey,
        identitySecret: newIdentitySecret(),
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
  }

  return {
    create,
    get,
    accounts,
    team: createTeam(ctx, deps.mail, accounts),
    teams: createTeams(ctx),

    /** Oldest first; the first-start message uses it to tell a demo install from a real one. */
    async list() {
      return ctx.db
        .select({ id: workspaces.id, name: workspaces.name, isDemo: workspaces.isDemo })
        .from(workspaces)
        .orderBy(asc(workspaces.createdAt));
    },

    /**
     * Creates the workspace only while there is none: several nodes starting on one empty
     * database race here, and an advisory lock lets exactly one of them win.
     */
    async createIfNone(input: CreateWorkspaceInput) {
      return ctx.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(7261002)`);
        const [row] = await tx.select({ n: count() }).from(workspaces);
        if ((row?.n ?? 0) > 0) return null;
        return create(input, tx);
      });
    },

    /** The workspace a public page (the Help Center) names in its URL. */
    async findBySlug(slug: string) {
      const [row] = await ctx.db
        .select({
          id: workspaces.id,
          name: workspaces.name,
          slug: workspaces.slug,
          defaultLocale: workspaces.defaultLocale,
          identitySecret: workspaces.identitySecret,
        })
        .from(workspaces)
        .where(eq(workspaces.slug, slug));
      return row ?? null;
    },

    /** The workspace a public write key (the Messenger's app_id) belongs to, or null. */
    async byWriteKey(writeKey: string): Promise<WorkspaceSettings | null> {
      const [row] = await ctx.db.select().from(workspaces).where(eq(workspaces.writeKey, writeKey));
      return row ? toSettings(row) : null;
    },

    async settings(workspaceId: string): Promise<WorkspaceSettings> {
      return toSettings(await get(workspaceId));
    },

    async update(workspaceId: string, patch: WorkspacePatch): Promise<WorkspaceSettings> {
      const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      if (Object.keys(set).length === 0) return toSettings(await get(workspaceId));
      const [row] = await ctx.db.update(workspaces).set(set).where(eq(workspaces.id, workspaceId)).returning();
      if (!row) throw new AppError('not_found', 'Workspace not found');
      return toSettings(row);
    },

    /** The old secret stops working at once: identities signed with it fail verification. */
    async rotateIdentitySecret(workspaceId: string): Promise<WorkspaceSettings> {
      const [row] = await ctx.db
        .update(workspaces)
        .set({ identitySecret: newIdentitySecret() })
        .where(eq(workspaces.id, workspaceId))
        .returning();
      if (!row) throw new AppError('not_found', 'Workspace not found');
      return toSettings(row);
    },

    async listApiKeys(workspaceId: string): Promise<ApiKey[]> {
      const rows = await ctx.db
        .select()
        .from(apiKeys)
        .where(eq(apiKeys.workspaceId, workspaceId))
        .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        prefix: r.prefix,
        createdAt: r.createdAt.toISOString(),
        lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
        revokedAt: r.revokedAt?.toISOString() ?? null,
      }));
    },

    async createApiKey(workspaceId: string, name: string, createdBy: string | null): Promise<CreatedApiKey> {
      await get(workspaceId);
      return insertApiKey(ctx.db, workspaceId, name, createdBy);
    },

    async revokeApiKey(workspaceId: string, id: string): Promise<void> {
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
