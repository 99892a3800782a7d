import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import {
  REPLAY_CONSENT_ATTRIBUTE,
  type ConversationReplay,
  type ReplaySettings,
  type ReplaySettingsUpdate,
  type WidgetReplayChunk,
} from '../../contracts/replay.ts';
import type { ContactsService } from '../contacts/service.ts';
import { rows } from '../contacts/sql.ts';
import type { InboxService, Viewer } from '../inbox/service.ts';
import type { Ctx } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { workspaces } from '../workspaces/schema.ts';
import { replayChunks } from './schema.ts';

export const REPLAY_DEFAULTS: ReplaySettings = { enabled: false, retention_days: 14 };
/** How far back from a conversation's start the Inbox offers a replay. */
export const REPLAY_WINDOW_MINUTES = 5;
export const PRUNE_QUEUE = 'replay.prune';

const settingsOf = (stored: Record<string, unknown>): ReplaySettings => ({
  ...REPLAY_DEFAULTS,
  ...(stored.replay as Partial<ReplaySettings> | undefined),
});

/**
 * Session replay: the workspace's opt-in and retention (kept under `replay` in the workspace's
 * settings), the widget's uploads, the replay linked from a conversation, and the retention job.
 * Nothing is stored unless the workspace has replay on and the contact consented.
 */
export function createReplayService(ctx: Ctx, deps: { contacts: ContactsService; inbox: InboxService }) {
  const db = ctx.db;
  deps.contacts.followMerges('replay_chunks');
  deps.contacts.onDelete(async (tx, ws, contactId) => {
    await tx.delete(replayChunks).where(and(eq(replayChunks.workspaceId, ws), eq(replayChunks.contactId, contactId)));
  });

  async function settings(workspaceId: string): Promise<ReplaySettings> {
    const [row] = await db.select({ settings: workspaces.settings }).from(workspaces).where(eq(workspaces.id, workspaceId));
    return settingsOf(row?.settings ?? {});
  }

  async function records(viewer: Pick<Viewer, 'workspaceId' | 'contactId'>): Promise<boolean> {
    if (!(await settings(viewer.workspaceId)).enabled) return false;
    const contact = await deps.contacts.getContact(viewer.workspaceId, viewer.contactId);
    return contact.attributes[REPLAY_CONSENT_ATTRIBUTE] === true;
  }

  // The recorder is part of the signals chunk (the loader has no room for another chunk name):
  // pages of consenting contacts in a workspace with replay on fetch it.
  deps.inbox.registerWidgetChunk('signals', (viewer) => records(viewer));

  async function prune(): Promise<{ deleted: number }> {
    const [gone] = await rows<{ n: number }>(db, sql`
      with gone as (
        delete from replay_chunks c using workspaces w
        where c.workspace_id = w.id
          and c.created_at < now() - make_interval(days => coalesce((w.settings->'replay'->>'retention_days')::int, ${REPLAY_DEFAULTS.retention_days}))
        returning 1
      ) select count(*)::int as n from gone`);
    return { deleted: Number(gone?.n ?? 0) };
  }
  ctx.jobs.define(PRUNE_QUEUE, async () => void (await prune()), { cron: '47 3 * * *', retryLimit: 2 });

  return {
    settings,
    records,
    prune,

    async updateSettings(workspaceId: string, patch: ReplaySettingsUpdate): Promise<ReplaySettings> {
      const next = { ...(await settings(workspaceId)), ...patch };
      await db
        .update(workspaces)
        .set({ settings: sql`${workspaces.settings} || jsonb_build_object('replay', ${JSON.stringify(next)}::jsonb)` })
        .where(eq(workspaces.id, workspaceId));
      return next;
    },

    /** One upload of the widget; a retried one (same recording and seq) is stored once. */
    async store(viewer: Viewer, chunk: WidgetReplayChunk, bytes: number): Promise<{ stored: boolean }> {
      if (!(await records(viewer))) throw new AppError('forbidden', 'Session replay is off for this workspace or this contact has not consented');
      const times = chunk.events.map((e) => e.timestamp);
      const inserted = await db
        .insert(replayChunks)
        .values({
          workspaceId: viewer.workspaceId,
          id: newId(),
          contactId: viewer.contactId,
          visitorId: viewer.visitorId,
          recordingId: chunk.recording_id,
          seq: chunk.seq,
          startedAt: new Date(Math.min(...times)),
          endedAt: new Date(Math.max(...times)),
          events: chunk.events,
          bytes,
        })
        .onConflictDoNothing()
        .returning({ id: replayChunks.id });
      return { stored: inserted.length > 0 };
    },

    /** The recording of the minutes before an agent's conversation started, if there is one. */
    async forConversation(workspaceId: string, conversationId: string, agentId: string): Promise<ConversationReplay> {
      const range = await window(workspaceId, conversationId, agentId);
      const [row] = await db
        .select({ from: sql<string | null>`min(${replayChunks.startedAt})`, to: sql<string | null>`max(${replayChunks.endedAt})` })
        .from(replayChunks)
        .where(inWindow(workspaceId, range));
      const from = row?.from ? new Date(row.from).toISOString() : null;
      const to = row?.to ? new Date(row.to).toISOString() : null;
      return { available: from !== null, minutes: REPLAY_WINDOW_MINUTES, started_at: from, ended_at: to };
    },

    /** The events of that recording, in order, for the dashboard's player. */
    async eventsForConversation(workspaceId: string, conversationId: string, agentId: string): Promise<Array<Record<string, unknown>>> {
      const range = await window(workspaceId, conversationId, agentId);
      const rows = await db
        .select({ events: replayChunks.events })
        .from(replayChunks)
        .where(inWindow(workspaceId, range))
        .orderBy(asc(replayChunks.startedAt), asc(replayChunks.recordingId), asc(replayChunks.seq));
      const from = range.from.getTime();
      const events = rows.flatMap((r) => r.events);
      // The player needs the page's snapshot (meta + full snapshot) before the window: keep the
      // last one before it and everything from there on.
      const first = lastSnapshotBefore(events, from);
      return events.slice(first);
    },
  };

  async function window(workspaceId: string, conversationId: string, agentId: string) {
    const conversation = await deps.inbox.row(workspaceId, conversationId, { kind: 'agent', agentId });
    const to = conversation.createdAt;
    return { contactId: conversation.contactId, from: new Date(to.getTime() - REPLAY_WINDOW_MINUTES * 60_000), to };
  }

  function inWindow(workspaceId: string, range: { contactId: string; from: Date; to: Date }) {
    return and(
      eq(replayChunks.workspaceId, workspaceId),
      eq(replayChunks.contactId, range.contactId),
      gte(replayChunks.endedAt, range.from),
      lte(replayChunks.startedAt, range.to),
    );
  }
}

/**
 * Where playback can start: the last meta event (type 4, followed by its full snapshot) at or
 * before `at`, else the first one; the player cannot draw incremental events before a snapshot.
 */
function lastSnapshotBefore(events: Array<Record<string, unknown>>, at: number): number {
  let found = -1;
  events.forEach((e, i) => {
    if (e.type === 4 && (found < 0 || Number(e.timestamp) <= at)) found = i;
  });
  return Math.max(0, found);
}

export type ReplayService = ReturnType<typeof createReplayService>;
