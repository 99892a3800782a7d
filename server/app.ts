import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Ctx } from './platform/context.ts';
import { installErrorHandler } from './platform/errors.ts';
import { loggerOptions } from './platform/logger.ts';
import { authPlugin } from './platform/auth/plugin.ts';
import type { Services } from './services.ts';
import webhookRoutes from './platform/webhooks/routes.ts';
import mailRoutes from './platform/mail/routes.ts';
import workspaceRoutes from './workspaces/routes.ts';
import contactRoutes from './contacts/routes.ts';
import engagementRoutes from './engagement/routes.ts';
import campaignRoutes from './campaigns/routes.ts';
import experimentRoutes from './experiments/routes.ts';
import knowledgeRoutes from './knowledge/routes.ts';
import inboxRoutes from './inbox/routes.ts';
import routingRoutes from './inbox/routing/routes.ts';
import emailRoutes from './inbox/email/routes.ts';
import insightsRoutes from './insights/routes.ts';
import signalRoutes from './signals/routes.ts';
import replayRoutes from './replay/routes.ts';
import guideRoutes from './guides/routes.ts';
import qaRoutes from './qa/routes.ts';
import feedbackRoutes from './feedback/routes.ts';

export type App = FastifyInstance;
export type ZodApp = ReturnType<FastifyInstance['withTypeProvider']> & FastifyInstance;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dashboardDist = path.join(root, 'dist/dashboard');

export interface BuildOptions {
  ctx: Ctx;
  services: Services;
  /** Resolves true once the node can take traffic (database migrated, jobs started). */
  ready?: () => boolean;
}

export async function buildApp({ ctx, services, ready = () => true }: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: ctx.config.LOG_LEVEL === 'silent' ? false : loggerOptions(ctx.config.LOG_LEVEL),
    trustProxy: ctx.config.TRUST_PROXY,
    bodyLimit: 1024 * 1024,
    // Short ids in logs; request ids are not security-relevant.
    genReqId: () => Math.random().toString(36).slice(2, 10),
    // A Help Center's custom domain serves that Help Center at its root.
    rewriteUrl: (req) => services.knowledge.domains.rewrite(req.headers.host, req.url ?? '/'),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Baton REST API',
        version: '1.0.0',
        description: 'Contacts, companies, events and more. Authenticate with `Authorization: Bearer bk_…`.',
      },
      servers: [{ url: ctx.config.publicUrl }],
      components: {
        securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'A REST API key (bk_…)' } },
      },
      security: [{ apiKey: [] }],
    },
    // Only the public REST API is documented; dashboard and ingestion routes are not a contract.
    transform: (input) =>
      input.url.startsWith('/api/v1/')
        ? jsonSchemaTransform(input)
        : { schema: { ...input.schema, hide: true }, url: input.url },
    // Schemas registered with an id (recursive ones) go to components.schemas.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(authPlugin, { ctx });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    if (!ready()) return reply.status(503).send({ status: 'starting' });
    await ctx.database.query('select 1');
    return { status: 'ready' };
  });

  await registerModules(app, ctx, services);

  if (fs.existsSync(dashboardDist)) {
    await app.register(fastifyStatic, { root: dashboardDist, prefix: '/app/', decorateReply: false, wildcard: false });
    // Client-side routes of the SPA all load its index.
    app.get('/app', (_req, reply) => reply.redirect('/app/'));
    app.get('/app/*', (_req, reply) =>
      reply.type('text/html').send(fs.createReadStream(path.join(dashboardDist, 'index.html'))),
    );
  }
  app.get('/', { schema: { hide: true } }, (_req, reply) => reply.redirect('/app/'));

  return app;
}

async function registerModules(app: FastifyInstance, ctx: Ctx, services: Services): Promise<void> {
  const modules: ModuleRoutes[] = [
    webhookRoutes, mailRoutes, workspaceRoutes, contactRoutes, inboxRoutes, routingRoutes, emailRoutes, knowledgeRoutes, engagementRoutes, campaignRoutes, experimentRoutes,
    insightsRoutes, signalRoutes, replayRoutes, guideRoutes, qaRoutes, feedbackRoutes,
  ];
  for (const register of modules) await app.register(register, { ctx, services });
}

/** Each module's routes.ts default-exports one of these. */
export type ModuleRoutes = (app: FastifyInstance, opts: { ctx: Ctx; services: Services }) => Promise<void>;
