import type { ModuleRoutes } from '../app.ts';
import { restRoutes } from './rest-routes.ts';
import { segmentRoutes } from './segment-routes.ts';
import { streamRoutes } from './stream-routes.ts';

/** Contacts module: REST API v1, Segment tracking API and the dashboard's live stream. */
const routes: ModuleRoutes = async (app, { ctx, services }) => {
  await restRoutes(app, services);
  await segmentRoutes(app, ctx, services);
  await streamRoutes(app, ctx, services);
};

export default routes;
