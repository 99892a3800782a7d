import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AgentIdParams,
  CreateInviteBody,
  CreateTeamBody,
  IdParams,
  Invite,
  MemberCapacityBody,
  Team,
  TeamMember,
  TeamOverview,
  UpdateMemberBody,
  UpdateTeamBody,
} from '../../contracts/workspaces.ts';
import { requireAgent } from '../platform/auth/plugin.ts';
import type { Services } from '../services.ts';

const MANAGERS = ['owner', 'admin'] as const;

/** Members, invitations and teams (/api/app/team, /api/app/teams). Everyone sees; owners and admins change. */
export function teamRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { team, teams } = services.workspaces;
  const manager = (req: Parameters<typeof requireAgent>[0]) => requireAgent(req, [...MANAGERS]);

  r.get('/api/app/team', { schema: { response: { 200: TeamOverview } } }, async (req) =>
    team.overview(requireAgent(req).workspaceId),
  );

  r.post('/api/app/team/invites', { schema: { body: CreateInviteBody, response: { 201: Invite } } }, async (req, reply) =>
    reply.status(201).send(await team.invite(manager(req), req.body)),
  );

  r.delete('/api/app/team/invites/:id', { schema: { params: IdParams } }, async (req, reply) => {
    await team.revokeInvite(manager(req).workspaceId, req.params.id);
    return reply.status(204).send();
  });

  r.patch(
    '/api/app/team/members/:agentId',
    { schema: { params: AgentIdParams, body: UpdateMemberBody, response: { 200: TeamMember } } },
    async (req) => team.setRole(manager(req), req.params.agentId, req.body.role),
  );

  r.put(
    '/api/app/team/members/:agentId/capacity',
    { schema: { params: AgentIdParams, body: MemberCapacityBody, response: { 200: TeamMember } } },
    async (req) => team.setCapacity(manager(req), req.params.agentId, req.body.capacity),
  );

  r.delete('/api/app/team/members/:agentId', { schema: { params: AgentIdParams } }, async (req, reply) => {
    await team.removeMember(manager(req), req.params.agentId);
    return reply.status(204).send();
  });

  r.get('/api/app/teams', { schema: { response: { 200: z.array(Team) } } }, async (req) => teams.list(requireAgent(req).workspaceId));

  r.post('/api/app/teams', { schema: { body: CreateTeamBody, response: { 201: Team } } }, async (req, reply) =>
    reply.status(201).send(await teams.create(manager(req).workspaceId, req.body)),
  );

  r.patch('/api/app/teams/:id', { schema: { params: IdParams, body: UpdateTeamBody, response: { 200: Team } } }, async (req) =>
    teams.update(manager(req).workspaceId, req.params.id, req.body),
  );

  r.delete('/api/app/teams/:id', { schema: { params: IdParams } }, async (req, reply) => {
    await teams.remove(manager(req).workspaceId, req.params.id);
    return reply.status(204).send();
  });
}
