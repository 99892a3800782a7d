import type { Ctx } from './platform/context.ts';
import { createMailService } from './platform/mail/service.ts';
import { createWorkspacesService } from './workspaces/service.ts';

/**
 * Every module's service, built once per process from the platform context. Modules reach each
 * other only through this object, never through each other's tables.
 */
export function createServices(ctx: Ctx) {
  const mail = createMailService(ctx);
  const workspaces = createWorkspacesService(ctx);
  return { mail, workspaces };
}

export type Services = ReturnType<typeof createServices>;
