import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams, problemResponses } from '../../contracts/common.ts';
import { ClientId, Message } from '../../contracts/messenger.ts';
import { AppError, badField } from '../platform/errors.ts';
import type { IpLimit } from '../platform/auth/rate-limit.ts';
import type { Services } from '../services.ts';
import { MAX_ATTACHMENT_BYTES } from './attachments.ts';
import { toMessage } from './records.ts';
import type { Actor } from './service.ts';

const DownloadParams = z.object({ ws: z.uuid(), id: z.uuid(), token: z.string().min(16).max(100), name: z.string().max(400) });

/** Reads the one file of a multipart upload and its `client_id` / `body` fields. */
async function readUpload(req: FastifyRequest) {
  if (!req.isMultipart()) throw new AppError('unsupported_media_type', 'Send the file as multipart/form-data', [{ field: 'file', message: 'required' }]);
  const part = await req.file({ limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 5 } });
  if (!part) throw badField('file', 'required');
  const field = (name: string) => {
    const f = part.fields[name];
    const v = f && !Array.isArray(f) && 'value' in f ? f.value : undefined;
    return typeof v === 'string' ? v : undefined;
  };
  const clientId = field('client_id');
  if (clientId !== undefined && !ClientId.safeParse(clientId).success) throw badField('client_id', 'Use 8–64 letters, digits, _ or -');
  const body = field('body');
  if (body !== undefined && body.length > 10_000) throw badField('body', 'at most 10000 characters');
  return { file: { name: part.filename, contentType: part.mimetype, stream: part.file }, clientId, body };
}

/**
 * Uploads (the widget's and the REST API's; send `client_id` and `body` before the file) and
 * downloads. A download is served only under its unguessable URL, checked against the database
 * each time; anything but a raster image downloads as a file, never renders on Baton's origin.
 */
export async function attachmentRoutes(
  base: FastifyInstance,
  services: Services,
  opts: { uploads: IpLimit; visitor: (req: FastifyRequest) => Promise<Extract<Actor, { kind: 'visitor' }>>; caller: (req: FastifyRequest) => { ws: string; actor: Actor } },
) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  await app.register(multipart);
  const inbox = services.inbox;

  app.post('/widget/conversations/:id/attachments', { schema: { hide: true, params: IdParams, response: { 200: Message, 201: Message } } }, async (req, reply) => {
    const actor = await opts.visitor(req);
    await inbox.row(actor.viewer.workspaceId, req.params.id, actor);
    await opts.uploads.consume(req.ip);
    const upload = await readUpload(req);
    const sent = await inbox.attach(actor.viewer.workspaceId, actor, req.params.id, upload);
    return reply.status(sent.created ? 201 : 200).send(toMessage(sent.message));
  });

  app.post('/api/v1/conversations/:id/attachments', {
    schema: {
      tags: ['Conversations'],
      summary: 'Reply with a file (multipart/form-data: optional client_id and body, then file; at most 10 MB)',
      params: IdParams,
      response: { 200: Message, 201: Message, ...problemResponses },
    },
  }, async (req, reply) => {
    const { ws, actor } = opts.caller(req);
    await inbox.row(ws, req.params.id, actor);
    const upload = await readUpload(req);
    const sent = await inbox.attach(ws, actor, req.params.id, upload);
    return reply.status(sent.created ? 201 : 200).send(toMessage(sent.message));
  });

  app.get('/attachments/:ws/:id/:token/:name', { schema: { hide: true, params: DownloadParams } }, async (req, reply) => {
    const { row, stream, inline } = await inbox.openAttachment(req.params.ws, req.params.id, req.params.token);
    const filename = encodeURIComponent(row.name);
    return reply
      .header('content-type', row.contentType)
      .header('content-length', String(row.size))
      .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${filename}`)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, max-age=3600')
      .header('access-control-allow-origin', '*')
      .send(stream);
  });
}
