import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiKey,
  CreateApiKeyBody,
  CreatedApiKey,
  IdParams,
  UpdateWorkspaceBody,
  WorkspaceSettings,
} from '../../contracts/workspaces.ts';
import { requireAgent } from '../platform/auth/plugin.ts';
import type { Services } from '../services.ts';


/** Workspace settings and keys (/api/app/workspace, /api/app/api-keys): owners and admins only, as they hold secrets. */
export function settingsRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ws = services.workspaces;
  const manager = (req: Parameters<typeof requireAgent>[0]) => requireAgent(req, ['owner', 'admin']);

  r.get('/api/app/workspace', { schema: { response: { 200: WorkspaceSettings } } }, async (req) =>
    ws.settings(manager(req).workspaceId),
  );

  r.patch('/api/app/workspace', { schema: { body: UpdateWorkspaceBody, response: { 200: WorkspaceSettings } } }, async (req) =>
    ws.update(manager(req).workspaceId, req.body),
  );

  r.post('/api/app/workspace/rotate-identity-secret', { schema: { response: { 200: WorkspaceSettings } } }, async (req) =>
    ws.rotateIdentitySecret(manager(req).workspaceId),
  );

  r.get('/api/app/api-keys', { schema: { response: { 200: z.array(ApiKey) } } }, async (req) =>
    ws.listApiKeys(manager(req).workspaceId),
  );

  r.post('/api/app/api-keys', { schema: { body: CreateApiKeyBody, response: { 201: CreatedApiKey } } }, async (req, reply) => {
    const auth = manager(req);
    return reply.status(201).send(await ws.createApiKey(auth.workspaceId, req.body.name, auth.agentId));
  });

  r.delete('/api/app/api-keys/:id', { schema: { params: IdParams } }, async (req, reply) => {
    await ws.revokeApiKey(manager(req).workspaceId, req.params.id);
    return reply.status(204).send();
  });
}
