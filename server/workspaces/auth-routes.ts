import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AcceptInviteBody,
  ChangePasswordBody,
  InvitePreview,
  InviteTokenParams,
  LoginBody,
  Me,
  PasswordResetBody,
  PasswordResetConfirmBody,
  SwitchWorkspaceBody,
} from '../../contracts/auth.ts';
import type { Ctx } from '../platform/context.ts';
import { clearSessionCookie, requireAgent, setSessionCookie } from '../platform/auth/plugin.ts';
import type { AuthLimits } from '../platform/auth/rate-limit.ts';
import type { Services } from '../services.ts';
import type { SessionMeta, SignedIn } from './accounts.ts';


/** Sign-in, sessions, passwords and invitation acceptance (/api/app/auth, /api/app/invites). */
export function authRoutes(app: FastifyInstance, ctx: Ctx, services: Services, limits: AuthLimits): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { accounts, team } = services.workspaces;

  const meta = (req: FastifyRequest): SessionMeta => ({ ip: req.ip, userAgent: req.headers['user-agent'] });
  const signIn = (reply: FastifyReply, s: SignedIn) => {
    setSessionCookie(reply, s.token, s.expiresAt, ctx.config.publicUrl.startsWith('https:'));
    return s.me;
  };

  r.post('/api/app/auth/login', { schema: { body: LoginBody, response: { 200: Me } } }, async (req, reply) => {
    await limits.login.consume(req.ip, req.body.email);
    const signedIn = await accounts.login(req.body.email, req.body.password, meta(req));
    await limits.login.reset(req.body.email);
    return signIn(reply, signedIn);
  });

  r.post('/api/app/auth/logout', async (req, reply) => {
    if (req.auth?.kind === 'agent') await accounts.logout(req.auth);
    clearSessionCookie(reply);
    return reply.status(204).send();
  });

  r.get('/api/app/auth/me', { schema: { response: { 200: Me } } }, async (req) => accounts.me(requireAgent(req)));

  r.post('/api/app/auth/switch-workspace', { schema: { body: SwitchWorkspaceBody, response: { 200: Me } } }, async (req) =>
    accounts.switchWorkspace(requireAgent(req), req.body.workspaceId),
  );

  r.post('/api/app/auth/password-reset', { schema: { body: PasswordResetBody } }, async (req, reply) => {
    await limits.password_reset.consume(req.ip, req.body.email);
    await accounts.requestPasswordReset(req.body.email);
    return reply.status(202).send();
  });

  r.post(
    '/api/app/auth/password-reset/confirm',
    { schema: { body: PasswordResetConfirmBody } },
    async (req, reply) => {
      await limits.password_reset.consume(req.ip);
      await accounts.confirmPasswordReset(req.body.token, req.body.password);
      return reply.status(204).send();
    },
  );

  r.post('/api/app/auth/change-password', { schema: { body: ChangePasswordBody } }, async (req, reply) => {
    const auth = requireAgent(req);
    // A stolen session must not become a way to guess the current password.
    await limits.login.consume(req.ip, auth.agentId);
    await accounts.changePassword(auth, req.body.currentPassword, req.body.newPassword);
    return reply.status(204).send();
  });

  r.get(
    '/api/app/invites/:token',
    // The token is in the URL, and request logs carry URLs: a logged token would let its reader join.
    { logLevel: 'silent', schema: { params: InviteTokenParams, response: { 200: InvitePreview } } },
    async (req) => team.preview(req.params.token),
  );

  r.post('/api/app/invites/accept', { schema: { body: AcceptInviteBody, response: { 200: Me } } }, async (req, reply) => {
    await limits.invite_accept.consume(req.ip, await team.inviteEmail(req.body.token));
    return signIn(reply, await team.accept(req.body, meta(req)));
  });
}
