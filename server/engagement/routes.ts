import type { ModuleRoutes } from '../app.ts';
import { publicRoutes } from './public-routes.ts';
import { restRoutes } from './rest-routes.ts';

/** Engagement module: e-mail series over REST v1, and the links inside the e-mails they send. */
const routes: ModuleRoutes = async (app, { services }) => {
  await restRoutes(app, services);
  await app.register(publicRoutes, { services });
};

export default routes;
