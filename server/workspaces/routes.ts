import type { ModuleRoutes } from '../app.ts';
import { createAuthLimits, limitPrefix } from '../platform/auth/rate-limit.ts';
import { authRoutes } from './auth-routes.ts';
import { settingsRoutes } from './settings-routes.ts';
import { teamRoutes } from './team-routes.ts';

/** The dashboard's sign-in, team and workspace-settings API. */
const routes: ModuleRoutes = async (app, { ctx, services }) => {
  const limits = await createAuthLimits({ redisUrl: ctx.config.REDIS_URL, keyPrefix: limitPrefix(ctx.config) });
  app.addHook('onClose', () => limits.close());
  authRoutes(app, ctx, services, limits);
  teamRoutes(app, services);
  settingsRoutes(app, services);
};

export default routes;
