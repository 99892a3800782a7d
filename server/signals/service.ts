import type { InboxService } from '../inbox/service.ts';
import { eq } from 'drizzle-orm';
import {
  SIGNAL_EVENT_NAMES,
  SIGNAL_EVENTS,
  SIGNAL_KINDS,
  signalKindOfEvent,
  type ContactSignals,
  type SignalKind,
  type SignalSettings,
  type SignalSettingsUpdate,
  type WidgetSignalBody,
} from '../../contracts/signals.ts';
import type { Ctx } from '../platform/context.ts';
import type { ContactsService } from '../contacts/service.ts';
import { signalSettings } from './schema.ts';
import { signalDetail, signalProperties } from './present.ts';

const OFF: SignalSettings = { enabled: false, sample_rate: 1 };

export interface SignalViewer {
  workspaceId: string;
  contactId: string;
}

/**
 * Frustration signals: the workspace's opt-in, the signals a widget reports (stored as contact
 * events, so everything that reads events sees them) and a contact's recent ones.
 */
export function createSignalsService(ctx: Ctx, deps: { contacts: ContactsService; inbox: InboxService }) {
  const db = ctx.db;
  // Only a workspace that opted in has its visitors fetch the signals chunk at all.
  deps.inbox.registerWidgetChunk('signals', async (viewer) => (await settings(viewer.workspaceId)).enabled);

  async function settings(workspaceId: string): Promise<SignalSettings> {
    const [row] = await db.select().from(signalSettings).where(eq(signalSettings.workspaceId, workspaceId));
    return row ? { enabled: row.enabled, sample_rate: row.sampleRate } : OFF;
  }

  return {
    settings,

    async updateSettings(workspaceId: string, patch: SignalSettingsUpdate): Promise<SignalSettings> {
      const next = { ...(await settings(workspaceId)), ...patch };
      const values = { enabled: next.enabled, sampleRate: next.sample_rate, updatedAt: new Date() };
      await db
        .insert(signalSettings)
        .values({ workspaceId, ...values })
        .onConflictDoUpdate({ target: signalSettings.workspaceId, set: values });
      return next;
    },

    /**
     * A signal from a visitor's browser. Dropped, not stored, while the workspace has signals
     * off: a page may still run a widget that booted before the switch was turned off.
     */
    async record(viewer: SignalViewer, body: WidgetSignalBody): Promise<{ recorded: boolean }> {
      if (!(await settings(viewer.workspaceId)).enabled) return { recorded: false };
      await deps.contacts.trackEvent(viewer.workspaceId, {
        contact_id: viewer.contactId,
        name: SIGNAL_EVENTS[body.kind],
        properties: signalProperties(body),
      });
      return { recorded: true };
    },

    async forContact(workspaceId: string, contactId: string, days = 7): Promise<ContactSignals> {
      const since = new Date(Date.now() - days * 86_400_000);
      const events = await deps.contacts.recentEvents(workspaceId, contactId, { names: SIGNAL_EVENT_NAMES, since, limit: 200 });
      const counts = Object.fromEntries(SIGNAL_KINDS.map((k) => [k, 0])) as Record<SignalKind, number>;
      const recent: ContactSignals['recent'] = [];
      for (const e of events) {
        const kind = signalKindOfEvent(e.name);
        if (!kind) continue;
        counts[kind] += 1;
        if (recent.length < 10) {
          const path = typeof e.properties.path === 'string' ? e.properties.path : null;
          recent.push({ kind, path, detail: signalDetail(kind, e.properties), occurred_at: e.occurred_at });
        }
      }
      return { days, counts, recent };
    },
  };
}

export type SignalsService = ReturnType<typeof createSignalsService>;
