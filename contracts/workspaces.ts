import { z } from 'zod';
import { Email, Role } from './auth.ts';

/** Wire schemas of workspace settings, team, teams and API keys (/api/app). */

/** The dashboard's languages; a workspace's default locale is one of them. */
export const LOCALES = ['en', 'zh-Hans', 'zh-Hant', 'ru', 'kk'] as const;
export const Locale = z.enum(LOCALES);

export const IdParams = z.object({ id: z.uuid() });
export const AgentIdParams = z.object({ agentId: z.uuid() });

/** Open conversations routing gives an agent when neither they nor their team set a limit. */
export const DEFAULT_AGENT_CAPACITY = 10;
const Capacity = z.number().int().min(0).max(1000);

export const TeamMember = z.object({
  agentId: z.string(),
  name: z.string(),
  email: z.string(),
  role: Role,
  /** Open conversations routing gives this agent at most; null: their team's limit. */
  capacity: z.number().int().nullable(),
});
export type TeamMember = z.infer<typeof TeamMember>;

export const Invite = z.object({
  id: z.string(),
  email: z.string(),
  role: Role,
  expiresAt: z.string(),
  createdAt: z.string(),
});
export type Invite = z.infer<typeof Invite>;

export const TeamOverview = z.object({ members: z.array(TeamMember), invites: z.array(Invite) });
export type TeamOverview = z.infer<typeof TeamOverview>;

export const CreateInviteBody = z.object({ email: Email, role: Role });
export const UpdateMemberBody = z.object({ role: Role });
export const MemberCapacityBody = z.strictObject({ capacity: Capacity.nullable() });

const TeamName = z.string().trim().min(1).max(80);
const AgentIds = z.array(z.uuid()).max(1000);

export const Team = z.object({
  id: z.string(),
  name: z.string(),
  agentIds: z.array(z.string()),
  /** Open conversations routing gives each member at most (a member's own limit wins); null: DEFAULT_AGENT_CAPACITY. */
  agentCapacity: z.number().int().nullable(),
});
export type Team = z.infer<typeof Team>;

export const CreateTeamBody = z.object({ name: TeamName, agentIds: AgentIds.optional(), agentCapacity: Capacity.nullable().optional() });
export const UpdateTeamBody = z.object({ name: TeamName.optional(), agentIds: AgentIds.optional(), agentCapacity: Capacity.nullable().optional() });

export const WorkspaceSettings = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  /** Public: ships in web pages (widget, Segment-style ingestion). */
  writeKey: z.string(),
  /** Secret: signs end-user identities on the customer's server. */
  identitySecret: z.string(),
  identityVerificationEnforced: z.boolean(),
  defaultLocale: z.string(),
  isDemo: z.boolean(),
});
export type WorkspaceSettings = z.infer<typeof WorkspaceSettings>;

export const UpdateWorkspaceBody = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  defaultLocale: Locale.optional(),
  identityVerificationEnforced: z.boolean().optional(),
});

export const ApiKey = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;

export const CreateApiKeyBody = z.object({ name: z.string().trim().min(1).max(80) });

/** The only time a key is ever shown. */
export const CreatedApiKey = z.object({ id: z.string(), name: z.string(), prefix: z.string(), key: z.string() });
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;
