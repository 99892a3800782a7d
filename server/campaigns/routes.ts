import type { ModuleRoutes } from '../app.ts';
import { restRoutes } from './rest-routes.ts';
import { widgetRoutes } from './widget-routes.ts';

/** Campaigns module: REST v1 (also the dashboard's) and the widget's decision and receipt calls. */
const routes: ModuleRoutes = async (app, { services }) => {
  await restRoutes(app, services);
  await widgetRoutes(app, services);
};

export default routes;
