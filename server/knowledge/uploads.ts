import fs from 'node:fs/promises';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Ctx } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { newId, randomToken } from '../platform/ids.ts';
import { uploads } from './schema.ts';

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/**
 * Raster images only, recognised by their first bytes rather than by the name or the type the
 * browser claims. SVG and HTML can carry script, so they are never accepted.
 */
const SIGNATURES: { type: string; ext: string; test: (b: Buffer) => boolean }[] = [
  { type: 'image/png', ext: 'png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/jpeg', ext: 'jpg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/gif', ext: 'gif', test: (b) => b.subarray(0, 6).toString('latin1') === 'GIF87a' || b.subarray(0, 6).toString('latin1') === 'GIF89a' },
  { type: 'image/webp', ext: 'webp', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
];

export const sniffImage = (bytes: Buffer) => SIGNATURES.find((s) => s.test(bytes)) ?? null;

const NAME_RE = /^[A-Za-z0-9_-]{32}\.(png|jpg|gif|webp)$/;

/** Article images on disk under DATA_DIR/uploads, each under a random 192-bit name. */
export function createUploads(ctx: Ctx) {
  const dir = path.join(ctx.config.dataDir, 'uploads');

  return {
    async save(workspaceId: string, bytes: Buffer, uploadedBy: string | null) {
      if (bytes.length === 0) throw new AppError('bad_request', 'file: the file is empty', [{ field: 'file', message: 'empty' }]);
      if (bytes.length > MAX_UPLOAD_BYTES) throw new AppError('payload_too_large', `file: images are limited to ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
      const kind = sniffImage(bytes);
      if (!kind) {
        throw new AppError('unsupported_media_type', 'file: only PNG, JPEG, GIF and WebP images can be uploaded', [
          { field: 'file', message: 'not a PNG, JPEG, GIF or WebP image' },
        ]);
      }
      const name = `${randomToken('', 24)}.${kind.ext}`;
      await fs.mkdir(dir, { recursive: true });
      await fs.writeFile(path.join(dir, name), bytes, { flag: 'wx' });
      const id = newId();
      await ctx.db.insert(uploads).values({ workspaceId, id, name, contentType: kind.type, size: bytes.length, uploadedBy });
      return { id, name, contentType: kind.type, size: bytes.length };
    },

    /** The stored file by its public name; null for anything else (no path ever comes from the URL). */
    async open(name: string): Promise<{ bytes: Buffer; contentType: string } | null> {
      if (!NAME_RE.test(name)) return null;
      const [row] = await ctx.db.select({ contentType: uploads.contentType }).from(uploads).where(eq(uploads.name, name));
      if (!row) return null;
      try {
        return { bytes: await fs.readFile(path.join(dir, name)), contentType: row.contentType };
      } catch {
        return null;
      }
    },
  };
}

export type Uploads = ReturnType<typeof createUploads>;
