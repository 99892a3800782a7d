import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, problemResponses } from '../../contracts/common.ts';
import {
  Article,
  ArticleCreate,
  ArticleListQuery,
  ArticlePage,
  ArticleSearchQuery,
  ArticleUpdate,
  Collection,
  CollectionCreate,
  CollectionUpdate,
  Revision,
  RevisionParams,
  SearchResults,
  TranslationInput,
  TranslationParams,
} from '../../contracts/knowledge.ts';
import { requireWorkspace } from '../platform/auth/plugin.ts';
import type { Services } from '../services.ts';

const Deleted = z.null().describe('Deleted');

/** REST API v1 for the knowledge base; the dashboard calls the same routes with its session. */
export function restRoutes(base: FastifyInstance, services: Services): void {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const kb = services.knowledge;
  const ws = (req: FastifyRequest) => requireWorkspace(req).workspaceId;
  /** The signed-in agent writing, or null for an API key (an integration has no author). */
  const agent = (req: FastifyRequest) => {
    const auth = requireWorkspace(req);
    return auth.kind === 'agent' ? auth.agentId : null;
  };

  const search = { tags: ['Articles'] };
  app.get('/api/v1/articles/search', {
    schema: {
      ...search,
      summary: "Search published articles in the reader's locale (falls back to other locales)",
      querystring: ArticleSearchQuery,
      response: { 200: SearchResults, ...problemResponses },
    },
  }, async (req) => {
    const source = requireWorkspace(req).kind === 'agent' ? 'dashboard' : 'api';
    return { data: await kb.search.search(ws(req), req.query.q, { locale: req.query.locale, limit: req.query.limit, source }) };
  });

  const articles = { tags: ['Articles'] };
  app.get('/api/v1/articles', {
    schema: { ...articles, summary: 'List articles with all their translations', querystring: ArticleListQuery, response: { 200: ArticlePage, ...problemResponses } },
  }, (req) => kb.articles.list(ws(req), req.query));
  app.post('/api/v1/articles', {
    schema: { ...articles, summary: 'Create an article with one or more translations', body: ArticleCreate, response: { 201: Article, ...problemResponses } },
  }, async (req, reply) => reply.status(201).send(await kb.articles.create(ws(req), req.body, agent(req))));
  app.get('/api/v1/articles/:id', {
    schema: { ...articles, summary: 'Get an article', params: IdParams, response: { 200: Article, ...problemResponses } },
  }, (req) => kb.articles.get(ws(req), req.params.id));
  app.patch('/api/v1/articles/:id', {
    schema: { ...articles, summary: 'Move an article or change its alternative formats', params: IdParams, body: ArticleUpdate, response: { 200: Article, ...problemResponses } },
  }, (req) => kb.articles.update(ws(req), req.params.id, req.body));
  app.delete('/api/v1/articles/:id', {
    schema: { ...articles, summary: 'Delete an article with all its translations and revisions', params: IdParams, response: { 204: Deleted, ...problemResponses } },
  }, async (req, reply) => {
    await kb.articles.delete(ws(req), req.params.id);
    return reply.status(204).send(null);
  });
  app.put('/api/v1/articles/:id/translations/:locale', {
    schema: { ...articles, summary: "Save a translation's draft (creates it when new)", params: TranslationParams, body: TranslationInput, response: { 200: Article, ...problemResponses } },
  }, (req) => kb.articles.saveTranslation(ws(req), req.params.id, req.params.locale, req.body, agent(req)));
  app.delete('/api/v1/articles/:id/translations/:locale', {
    schema: { ...articles, summary: 'Delete one translation', params: TranslationParams, response: { 200: Article, ...problemResponses } },
  }, (req) => kb.articles.deleteTranslation(ws(req), req.params.id, req.params.locale));
  app.post('/api/v1/articles/:id/translations/:locale/publish', {
    schema: { ...articles, summary: "Publish a translation's current draft", params: TranslationParams, response: { 200: Article, ...problemResponses } },
  }, (req) => kb.articles.publish(ws(req), req.params.id, req.params.locale, agent(req)));
  app.post('/api/v1/articles/:id/translations/:locale/unpublish', {
    schema: { ...articles, summary: 'Take a translation off the Help Center (the draft stays)', params: TranslationParams, response: { 200: Article, ...problemResponses } },
  }, (req) => kb.articles.unpublish(ws(req), req.params.id, req.params.locale));
  app.get('/api/v1/articles/:id/translations/:locale/revisions', {
    schema: { ...articles, summary: "A translation's revisions, newest first", params: TranslationParams, response: { 200: z.object({ data: z.array(Revision) }), ...problemResponses } },
  }, async (req) => ({ data: await kb.articles.revisions(ws(req), req.params.id, req.params.locale) }));
  app.post('/api/v1/articles/:id/translations/:locale/revisions/:revision_id/restore', {
    schema: { ...articles, summary: "Make a revision the translation's draft again", params: RevisionParams, response: { 200: Article, ...problemResponses } },
  }, (req) => kb.articles.restore(ws(req), req.params.id, req.params.locale, req.params.revision_id, agent(req)));

  const collections = { tags: ['Collections'] };
  app.get('/api/v1/collections', {
    schema: { ...collections, summary: 'List collections', response: { 200: z.object({ data: z.array(Collection) }), ...problemResponses } },
  }, async (req) => ({ data: await kb.collections.list(ws(req)) }));
  app.post('/api/v1/collections', {
    schema: { ...collections, summary: 'Create a collection', body: CollectionCreate, response: { 201: Collection, ...problemResponses } },
  }, async (req, reply) => reply.status(201).send(await kb.collections.create(ws(req), req.body)));
  app.get('/api/v1/collections/:id', {
    schema: { ...collections, summary: 'Get a collection', params: IdParams, response: { 200: Collection, ...problemResponses } },
  }, (req) => kb.collections.get(ws(req), req.params.id));
  app.patch('/api/v1/collections/:id', {
    schema: { ...collections, summary: 'Rename, move or reorder a collection', params: IdParams, body: CollectionUpdate, response: { 200: Collection, ...problemResponses } },
  }, (req) => kb.collections.update(ws(req), req.params.id, req.body));
  app.delete('/api/v1/collections/:id', {
    schema: { ...collections, summary: 'Delete a collection (its articles stay, outside any collection)', params: IdParams, response: { 204: Deleted, ...problemResponses } },
  }, async (req, reply) => {
    await kb.collections.delete(ws(req), req.params.id);
    return reply.status(204).send(null);
  });
}
