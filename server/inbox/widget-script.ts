import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../platform/errors.ts';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/widget');
/** What the build writes into dist/widget/chunks: `<name>-<hash>.js`. */
const CHUNK_FILE = /^[\w-]+\.js$/;

type Cached = { mtimeMs: number; body: Buffer; etag: string };

/** Files of the built widget, read once per change on disk, each with a content ETag. */
function fileCache() {
  const cached = new Map<string, Cached>();
  return async (file: string): Promise<Cached> => {
    const stat = await fs.stat(file).catch(() => null);
    if (!stat?.isFile()) throw new AppError('not_found', 'The Messenger is not built yet: run `npm run build`');
    let hit = cached.get(file);
    if (hit?.mtimeMs !== stat.mtimeMs) {
      const body = await fs.readFile(file);
      hit = { mtimeMs: stat.mtimeMs, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
      cached.set(file, hit);
    }
    return hit;
  };
}

function send(req: FastifyRequest, reply: FastifyReply, { body, etag }: Cached, cacheControl: string) {
  reply
    .header('etag', etag)
    .header('cache-control', cacheControl)
    // Chunks are module scripts, which browsers fetch in CORS mode from customers' pages.
    .header('access-control-allow-origin', '*')
    .header('cross-origin-resource-policy', 'cross-origin')
    .header('x-content-type-options', 'nosniff');
  const match = req.headers['if-none-match'];
  if (match && match.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return reply.status(304).send();
  return reply.type('text/javascript; charset=utf-8').send(body);
}

/**
 * GET /widget.js: the loader customers' pages load, revalidated every few minutes so a new Baton
 * version reaches pages quickly (304 while unchanged). GET /widget/chunks/<name>-<hash>.js: the
 * parts it fetches on demand; their names change with their content, so they are immutable.
 */
export function widgetScriptRoute(app: FastifyInstance): void {
  const load = fileCache();
  app.get('/widget.js', { schema: { hide: true } }, async (req, reply) =>
    send(req, reply, await load(path.join(dist, 'widget.js')), 'public, max-age=300, stale-while-revalidate=86400'),
  );
  app.get<{ Params: { file: string } }>('/widget/chunks/:file', { schema: { hide: true } }, async (req, reply) => {
    if (!CHUNK_FILE.test(req.params.file)) throw new AppError('not_found', 'No such chunk');
    return send(req, reply, await load(path.join(dist, 'chunks', req.params.file)), 'public, max-age=31536000, immutable');
  });
}
