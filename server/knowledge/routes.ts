import type { ModuleRoutes } from '../app.ts';
import { badField } from '../platform/errors.ts';
import { unstorablePath } from './storable.ts';
import { appRoutes } from './app-routes.ts';
import { helpRoutes } from './help/routes.ts';
import { restRoutes } from './rest-routes.ts';
import { widgetHelpRoutes } from './widget-routes.ts';

/** Knowledge module: REST API v1 (articles, collections, search), dashboard routes and the public Help Center. */
const routes: ModuleRoutes = async (app, { ctx, services }) => {
  // Custom Help Center domains must be known before the first request is routed.
  await services.knowledge.domains.load();
  app.addHook('preValidation', async (req) => {
    if (req.routeOptions.config.publicPage) return;
    for (const [where, value] of [['body', req.body], ['querystring', req.query], ['params', req.params]] as const) {
      const field = unstorablePath(value, where);
      if (field !== undefined) throw badField(field, 'contains a character that cannot be stored (U+0000 or a lone surrogate)');
    }
  });
  restRoutes(app, services);
  await appRoutes(app, services);
  await helpRoutes(app, ctx, services);
  await widgetHelpRoutes(app, ctx, services);
};

export default routes;
