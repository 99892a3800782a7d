import type { ModuleRoutes } from '../app.ts';
import { badField } from '../platform/errors.ts';
import { mayHoldUnstorable, unstorableText } from './sql.ts';
import { restRoutes } from './rest-routes.ts';
import { segmentRoutes } from './segment-routes.ts';
import { segmentsRoutes } from './segments/routes.ts';
import { streamRoutes } from './stream-routes.ts';

/** Contacts module: REST API v1, saved segments, Segment's tracking API and the dashboard's live stream. */
const routes: ModuleRoutes = async (app, { ctx, services }) => {
  // Fastify's own JSON parsing, plus one look at the text: a body whose text has no escape for
  // U+0000 or a surrogate needs no walk below (a batch is ~27 KB; walking it cost more than
  // parsing it).
  const plainBodies = new WeakSet<object>();
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body.toString();
    parseJson(req, text, (err, value: unknown) => {
      if (!err && typeof value === 'object' && value !== null && !mayHoldUnstorable(text)) plainBodies.add(value);
      done(err, value);
    });
  });
  // Checked before validation so such a value is a 400 naming the field, never a database error.
  app.addHook('preValidation', async (req) => {
    for (const [where, value] of [['body', req.body], ['querystring', req.query]] as const) {
      if (where === 'body' && typeof value === 'object' && value !== null && plainBodies.has(value)) continue;
      const bad = unstorableText(value);
      if (bad !== undefined) throw badField(bad ? `${where}.${bad}` : where, 'contains a character that cannot be stored (U+0000 or a lone surrogate)');
    }
  });
  await restRoutes(app, services);
  await segmentRoutes(app, ctx, services);
  await segmentsRoutes(app, services);
  await streamRoutes(app, ctx, services);
};

export default routes;
