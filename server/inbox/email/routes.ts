import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { problemResponses } from '../../../contracts/common.ts';
import { EmailChannelInfo, InboundQuery, InboundResult } from '../../../contracts/email.ts';
import type { ModuleRoutes } from '../../app.ts';
import { requireWorkspace } from '../../platform/auth/plugin.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { safeEqual } from '../../platform/ids.ts';
import { MAX_INBOUND_BYTES } from './service.ts';

/**
 * The e-mail channel's HTTP side: the inbound hook (raw MIME, for a mail provider's inbound
 * webhook or an MTA pipe), the channel's settings, and the built-in SMTP receiver's lifetime.
 */
const routes: ModuleRoutes = async (base: FastifyInstance, { ctx, services }) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const email = services.email;

  app.addContentTypeParser(['message/rfc822', 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: MAX_INBOUND_BYTES }, (_req, body, done) =>
    done(null, body),
  );

  app.post('/inbound/email/mime', {
    config: { publicPage: true },
    bodyLimit: MAX_INBOUND_BYTES,
    schema: { hide: true, querystring: InboundQuery, response: { 202: InboundResult, ...problemResponses } },
  }, async (req, reply) => {
    const secret = ctx.config.MAIL_INBOUND_SECRET;
    if (!secret) throw notFound('Route');
    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Bearer ') || !safeEqual(header.slice(7).trim(), secret)) {
      throw new AppError('unauthorized', 'Wrong or missing inbound mail token', [{ field: 'headers.authorization', message: 'Bearer MAIL_INBOUND_SECRET' }]);
    }
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
      throw new AppError('unsupported_media_type', 'Send the raw e-mail as message/rfc822', [{ field: 'body', message: 'raw MIME expected' }]);
    }
    const to = req.query.to === undefined ? [] : [req.query.to].flat();
    return reply.status(202).send(await email.receive(req.body, to));
  });

  app.get('/api/v1/email-channel', {
    schema: { tags: ['E-mail channel'], summary: "The workspace's support address and inbound mail setup", response: { 200: EmailChannelInfo, ...problemResponses } },
  }, async (req) => ({
    ...(await email.supportAddress(requireWorkspace(req).workspaceId)),
    smtp_receiver_port: email.receiverPort(),
    hook_enabled: Boolean(ctx.config.MAIL_INBOUND_SECRET),
    offline_reply_minutes: ctx.config.MAIL_OFFLINE_REPLY_MINUTES,
  }));

  if (ctx.config.SMTP_INBOUND_PORT !== undefined && ctx.config.roles.has('web')) {
    app.addHook('onReady', () => email.listen());
    app.addHook('onClose', () => email.stopListening());
  }
};

export default routes;
