import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AnalyticsQuery, AnalyticsTableParams, Article, ArticleFromReply, HelpCenterSettings, HelpCenterSettingsUpdate, KnowledgeAnalytics, PreviewBody, Upload } from '../../contracts/knowledge.ts';
import { requireAgent } from '../platform/auth/plugin.ts';
import { AppError } from '../platform/errors.ts';
import type { Services } from '../services.ts';
import { analyticsTables, toCsv, type AnalyticsTable } from './analytics.ts';
import { presentSettings } from './settings.ts';
import { MAX_UPLOAD_BYTES } from './uploads.ts';

/** Dashboard-only knowledge routes (/api/app/knowledge): the editor's preview, image uploads, Help Center settings. */
export async function appRoutes(base: FastifyInstance, services: Services): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const kb = services.knowledge;
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 0 } });

  app.post('/api/app/knowledge/preview', { schema: { body: PreviewBody, response: { 200: z.object({ html: z.string() }) } } }, async (req) => {
    requireAgent(req);
    return { html: kb.render(req.body.body) };
  });

  app.post('/api/app/knowledge/uploads', { schema: { response: { 201: Upload } } }, async (req, reply) => {
    const auth = requireAgent(req);
    if (!req.isMultipart()) throw new AppError('unsupported_media_type', 'Send the image as multipart/form-data in a field named file');
    const file = await req.file();
    if (!file || file.fieldname !== 'file') throw new AppError('validation_failed', 'file: missing', [{ field: 'file', message: 'missing' }]);
    const bytes = await file.toBuffer().catch((err: unknown) => {
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('payload_too_large', `file: images are limited to ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
      throw err;
    });
    const saved = await kb.uploads.save(auth.workspaceId, bytes, auth.agentId);
    return reply.status(201).send({ id: saved.id, url: `/help/files/${saved.name}`, content_type: saved.contentType, size: saved.size });
  });

  /** "Turn this reply into an article" in the Inbox: 201 with the new draft, 200 with the one this reply already became. */
  app.post('/api/app/knowledge/articles/from-reply', { schema: { body: ArticleFromReply, response: { 200: Article, 201: Article } } }, async (req, reply) => {
    const auth = requireAgent(req);
    const { article, created } = await kb.fromReply(auth.workspaceId, auth.agentId, req.body);
    return reply.status(created ? 201 : 200).send(article);
  });

  app.get('/api/app/knowledge/settings', { schema: { response: { 200: HelpCenterSettings } } }, async (req) =>
    presentSettings(await kb.settings.get(requireAgent(req).workspaceId)),
  );
  app.patch('/api/app/knowledge/settings', { schema: { body: HelpCenterSettingsUpdate, response: { 200: HelpCenterSettings } } }, async (req) =>
    presentSettings(await kb.settings.update(requireAgent(req, ['owner', 'admin']).workspaceId, req.body)),
  );

  app.get('/api/app/knowledge/analytics', { schema: { querystring: AnalyticsQuery, response: { 200: KnowledgeAnalytics } } }, async (req) =>
    kb.analytics(requireAgent(req).workspaceId, req.query.days),
  );
  app.get('/api/app/knowledge/analytics/:table', { schema: { params: AnalyticsTableParams, querystring: AnalyticsQuery } }, async (req, reply) => {
    const data = await kb.analytics(requireAgent(req).workspaceId, req.query.days);
    const table = analyticsTables[req.params.table.replace(/\.csv$/, '') as AnalyticsTable];
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${table.file}-${req.query.days}d.csv"`)
      .send(toCsv(table.header, table.rows(data)));
  });
}
