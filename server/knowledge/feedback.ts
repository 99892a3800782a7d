import { createHash } from 'node:crypto';
import { lt, sql } from 'drizzle-orm';
import type { Db } from '../platform/db.ts';
import { newId } from '../platform/ids.ts';
import { articleFeedback, articleViews, searchLog } from './schema.ts';

/** Analytics look back at most a year; reader logs are kept a little longer, then deleted. */
export const READER_LOG_DAYS = 400;

/** Reader signals from the Help Center: "was this helpful?" votes and article views. */
export function createFeedback(db: Db) {
  return {
    async vote(workspaceId: string, articleId: string, locale: string, helpful: boolean, comment: string | null): Promise<void> {
      await db.insert(articleFeedback).values({ workspaceId, id: newId(), articleId, locale, helpful, comment });
    },
    /**
     * A view, with the reader as a hash of address, browser and day: enough to count unique
     * readers per day, and nothing that identifies a person or follows them across days.
     */
    async view(workspaceId: string, articleId: string, locale: string, ip: string, userAgent: string): Promise<void> {
      const day = new Date().toISOString().slice(0, 10);
      const reader = createHash('sha256').update(`${workspaceId}\n${day}\n${ip}\n${userAgent}`).digest('base64url').slice(0, 22);
      await db.insert(articleViews).values({ workspaceId, id: newId(), articleId, locale, reader });
    },
    /** Deletes views and searches past retention, in every workspace (a daily job). */
    async prune(): Promise<void> {
      const cutoff = sql`now() - make_interval(days => ${READER_LOG_DAYS})`;
      await db.delete(articleViews).where(lt(articleViews.createdAt, cutoff));
      await db.delete(searchLog).where(lt(searchLog.createdAt, cutoff));
    },
  };
}
