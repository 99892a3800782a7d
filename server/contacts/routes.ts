import type { ModuleRoutes } from '../app.ts';
import { badField } from '../platform/errors.ts';
import { unstorableText } from './sql.ts';
import { restRoutes } from './rest-routes.ts';
import { segmentRoutes } from './segment-routes.ts';
import { streamRoutes } from './stream-routes.ts';

/** Contacts module: REST API v1, Segment tracking API and the dashboard's live stream. */
const routes: ModuleRoutes = async (app, { ctx, services }) => {
  // Checked before validation so such a value is a 400 naming the field, never a database error.
  app.addHook('preValidation', async (req) => {
    for (const [where, value] of [['body', req.body], ['querystring', req.query]] as const) {
      const bad = unstorableText(value);
      if (bad !== undefined) throw badField(bad ? `${where}.${bad}` : where, 'contains a character that cannot be stored (U+0000 or a lone surrogate)');
    }
  });
  await restRoutes(app, services);
  await segmentRoutes(app, ctx, services);
  await streamRoutes(app, ctx, services);
};

export default routes;
