import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  HelpArticle,
  HelpArticleParams,
  HelpEventBody,
  HelpHome,
  HelpLocaleQuery,
  HelpSearchQuery,
  HelpSearchResults,
  PageSuggestions,
  WidgetFlags,
} from '../../contracts/help.ts';
import { APP_HEADER, VISITOR_HEADER, visitorOf } from '../inbox/widget-routes.ts';
import { requireAgent } from '../platform/auth/plugin.ts';
import type { Ctx } from '../platform/context.ts';
import { badField } from '../platform/errors.ts';
import type { Services } from '../services.ts';
import { createWidgetHelp } from './widget-help.ts';

/**
 * The Messenger's help space and flags (`/widget/help/*`, `/widget/flags`), authorised like every
 * widget call by the app id and visitor token; and the dashboard's page-suggestion rules.
 */
export async function widgetHelpRoutes(base: FastifyInstance, ctx: Ctx, services: Services): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const help = createWidgetHelp(ctx, services.knowledge);
  const visitor = visitorOf(services.inbox);
  const hidden = { hide: true } as const;

  // Called from customers' pages: the same CORS answer as the inbox's widget routes (whose
  // OPTIONS handler serves the preflight for every /widget path).
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/widget/')) return;
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-allow-headers', `content-type, ${APP_HEADER}, ${VISITOR_HEADER}`);
  });

  app.get('/widget/help/home', { schema: { ...hidden, querystring: HelpLocaleQuery, response: { 200: HelpHome } } }, async (req) => {
    const { viewer } = await visitor(req);
    return help.home(viewer.workspaceId, req.query.locale);
  });

  app.get('/widget/help/search', { schema: { ...hidden, querystring: HelpSearchQuery, response: { 200: HelpSearchResults } } }, async (req) => {
    const { viewer } = await visitor(req);
    const q = req.query;
    return { data: await help.search(viewer.workspaceId, q.q, q.locale, { limit: q.limit, logged: q.purpose === 'search' }) };
  });

  app.get('/widget/help/articles/:ref', { schema: { ...hidden, params: HelpArticleParams, querystring: HelpLocaleQuery, response: { 200: HelpArticle } } }, async (req) => {
    const { viewer } = await visitor(req);
    return help.article(viewer.workspaceId, req.params.ref, req.query.locale);
  });

  /** Help events go on the contact's timeline, where segments and experiment metrics read them. */
  app.post('/widget/help/events', { schema: { ...hidden, body: HelpEventBody } }, async (req, reply) => {
    const { viewer } = await visitor(req);
    const b = req.body;
    const articleId = await help.articleId(viewer.workspaceId, b.article_id);
    if (!articleId) throw badField('body.article_id', 'No such published article');
    const { locale } = await help.readerLocale(viewer.workspaceId, b.locale);
    if (b.name === 'article_viewed') {
      await services.knowledge.feedback.view(viewer.workspaceId, articleId, locale, req.ip, req.headers['user-agent'] ?? '');
    }
    const properties = { article_id: articleId, locale, ...(b.source ? { source: b.source } : {}), ...(b.query ? { query: b.query } : {}), ...(b.path ? { path: b.path } : {}) };
    await services.inbox.trackVisitorEvent(viewer, b.name, properties);
    return reply.status(202).send();
  });

  /**
   * The flags of this visitor's contact, its company and the visitor itself, decided by the
   * experiments' assignment; the experiments service records each unit's first exposure.
   */
  app.get('/widget/flags', { schema: { ...hidden, response: { 200: WidgetFlags } } }, async (req) => {
    const { viewer } = await visitor(req);
    const contact = await services.contacts.getContact(viewer.workspaceId, viewer.contactId);
    const company = contact.companies[0]?.id;
    const evaluation = await services.experiments.evaluate(viewer.workspaceId, {
      units: { contact: viewer.contactId, visitor: viewer.visitorId, ...(company ? { company } : {}) },
    });
    return { flags: Object.fromEntries(Object.entries(evaluation.flags).map(([k, v]) => [k, v.value])) };
  });

  app.get('/api/app/knowledge/page-suggestions', { schema: { response: { 200: PageSuggestions } } }, async (req) => ({
    data: await help.rules(requireAgent(req).workspaceId),
  }));
  app.put('/api/app/knowledge/page-suggestions', { schema: { body: PageSuggestions, response: { 200: PageSuggestions } } }, async (req) => ({
    data: await help.setRules(requireAgent(req).workspaceId, req.body.data),
  }));
}
