import type { Ctx } from './platform/context.ts';
import { createContactsService } from './contacts/service.ts';
import { createMailService } from './platform/mail/service.ts';
import { createWebhooksService } from './platform/webhooks/service.ts';
import { createWorkspacesService } from './workspaces/service.ts';

/**
 * Every module's service, built once per process from the platform context. Modules reach each
 * other only through this object, never through each other's tables.
 */
export function createServices(ctx: Ctx) {
  const mail = createMailService(ctx);
  const workspaces = createWorkspacesService(ctx, { mail });
  const webhooks = createWebhooksService(ctx);
  const contacts = createContactsService(ctx);
  return { mail, workspaces, webhooks, contacts };
}

export type Services = ReturnType<typeof createServices>;
