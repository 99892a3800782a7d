import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import type { AttachmentRef } from '../../contracts/messenger.ts';
import type { Db, DbOrTx } from '../platform/db.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { newId, randomToken, safeEqual } from '../platform/ids.ts';
import { attachments } from './schema.ts';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** What may be sent. Only raster images are ever shown inline; everything else downloads. */
const ALLOWED = new Set([
  'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/svg+xml',
  'application/pdf', 'text/plain', 'text/csv', 'text/html', 'application/json', 'application/zip',
  'application/msword', 'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
]);
const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export interface IncomingFile {
  name: string;
  contentType: string;
  stream: Readable;
}

export interface Stored {
  id: string;
  token: string;
  name: string;
  contentType: string;
  size: number;
}

/** A file name without control characters or path separators, as shown and as downloaded. */
const cleanName = (name: string) =>
  ([...name].map((c) => (c.charCodeAt(0) < 32 || c === '\u007f' || c === '/' || c === '\\' ? '_' : c)).join('').trim() || 'file').slice(0, 200);

/** Files on disk under DATA_DIR/attachments/<workspace>/<id>; metadata in the attachments table. */
export function createAttachmentStore(db: Db, dataDir: string) {
  const root = path.resolve(dataDir, 'attachments');
  const fileOf = (ws: string, id: string) => path.join(root, ws, id);

  return {
    /** Streams the upload to disk, refusing a type not allowed (415) or a file too large (413). */
    async write(ws: string, file: IncomingFile): Promise<Stored> {
      const contentType = file.contentType.split(';')[0]!.trim().toLowerCase();
      if (!ALLOWED.has(contentType)) {
        file.stream.resume();
        throw new AppError('unsupported_media_type', `Files of type ${contentType} cannot be sent`, [{ field: 'file', message: 'type not allowed' }]);
      }
      const id = newId();
      const target = fileOf(ws, id);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      let size = 0;
      const count = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length;
          if (size > MAX_ATTACHMENT_BYTES) done(new AppError('payload_too_large', `A file may be at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`, [{ field: 'file', message: 'too large' }]));
          else done(null, chunk);
        },
      });
      try {
        await pipeline(file.stream, count, fs.createWriteStream(target, { flags: 'wx' }));
      } catch (err) {
        await fs.promises.rm(target, { force: true });
        throw err;
      }
      if ((file.stream as Readable & { truncated?: boolean }).truncated) {
        await fs.promises.rm(target, { force: true });
        throw new AppError('payload_too_large', `A file may be at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`, [{ field: 'file', message: 'too large' }]);
      }
      return { id, token: randomToken('', 24), name: cleanName(file.name), contentType, size };
    },

    async discard(ws: string, id: string): Promise<void> {
      await fs.promises.rm(fileOf(ws, id), { force: true });
    },

    refOf(ws: string, f: Stored): AttachmentRef {
      return { id: f.id, name: f.name, content_type: f.contentType, size: f.size, url: `/attachments/${ws}/${f.id}/${f.token}/${encodeURIComponent(f.name)}` };
    },

    async record(tx: DbOrTx, ws: string, conversationId: string, f: Stored): Promise<void> {
      await tx.insert(attachments).values({ workspaceId: ws, id: f.id, conversationId, token: f.token, name: f.name, contentType: f.contentType, size: f.size });
    },

    /** The file behind a download URL, only when its token matches; else "not found". */
    async open(ws: string, id: string, token: string) {
      const [row] = await db.select().from(attachments).where(and(eq(attachments.workspaceId, ws), eq(attachments.id, id)));
      if (!row || !safeEqual(row.token, token)) throw notFound('Attachment');
      const file = fileOf(ws, id);
      if (!fs.existsSync(file)) throw notFound('Attachment');
      return { row, stream: fs.createReadStream(file), inline: INLINE.has(row.contentType) };
    },
  };
}
