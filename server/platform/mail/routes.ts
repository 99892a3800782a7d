import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, problemResponses } from '../../../contracts/common.ts';
import { MailboxItem, MailboxMessage } from '../../../contracts/mail.ts';
import type { ModuleRoutes } from '../../app.ts';
import { requireAgent } from '../auth/plugin.ts';
import { notFound } from '../errors.ts';

/**
 * The dev mailbox. Owners and admins only: it holds invite links and, while no SMTP is set up,
 * the signed-in agent's own password-reset links.
 */
const routes: ModuleRoutes = async (fastify, { services }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/api/app/mailbox', { schema: { response: { 200: z.array(MailboxItem), ...problemResponses } } }, async (request) => {
    const auth = requireAgent(request, ['owner', 'admin']);
    const rows = await services.mail.list(auth.workspaceId, auth.agentId);
    return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
  });

  app.get(
    '/api/app/mailbox/:id',
    { schema: { params: IdParams, response: { 200: MailboxMessage, ...problemResponses } } },
    async (request) => {
      const auth = requireAgent(request, ['owner', 'admin']);
      const row = await services.mail.get(auth.workspaceId, auth.agentId, request.params.id);
      if (!row) throw notFound('Mail');
      return {
        id: row.id,
        to: row.to,
        from: row.from,
        subject: row.subject,
        status: row.status,
        text: row.text,
        html: row.html,
        error: row.error,
        createdAt: row.createdAt.toISOString(),
        sentAt: row.sentAt?.toISOString() ?? null,
      };
    },
  );
};

export default routes;
