import { z } from 'zod';

/**
 * Session replay: what a consenting contact's browser recorded (rrweb events, inputs masked
 * before they leave the page) in the minutes before they started a conversation. Off per
 * workspace until an admin turns it on, and per contact until the page says the contact agreed
 * (`replay_consent: true` in the Messenger's boot or update settings, kept as a contact attribute).
 */

/** The settings key the host page sets to say its user agreed to be recorded. */
export const REPLAY_CONSENT_ATTRIBUTE = 'replay_consent';

export const ReplaySettings = z.object({
  enabled: z.boolean(),
  /** Recordings older than this are deleted by a daily job. */
  retention_days: z.number().int().min(1).max(90),
});
export type ReplaySettings = z.infer<typeof ReplaySettings>;
export const ReplaySettingsUpdate = z.strictObject({
  enabled: z.boolean().optional(),
  retention_days: z.number().int().min(1).max(90).optional(),
});
export type ReplaySettingsUpdate = z.infer<typeof ReplaySettingsUpdate>;

/** Whether this browser should record: the workspace has replay on and its contact consented. */
export const WidgetReplayConfig = z.object({ record: z.boolean() });
export type WidgetReplayConfig = z.infer<typeof WidgetReplayConfig>;

/** One rrweb event; its payload stays opaque to the server. */
const ReplayEvent = z.looseObject({ type: z.number().int().min(0).max(10), timestamp: z.number().int().positive() });

/** A batch of events of one recording (one page load), numbered so a retried upload is stored once. */
export const WidgetReplayChunk = z.strictObject({
  recording_id: z.uuid(),
  seq: z.number().int().min(0).max(100_000),
  events: z.array(ReplayEvent).min(1).max(5000),
});
export type WidgetReplayChunk = z.infer<typeof WidgetReplayChunk>;
export const WidgetReplayResult = z.object({ stored: z.boolean() });

/** The replay linked from a conversation: the minutes recorded before it started, if any. */
export const ConversationReplay = z.object({
  available: z.boolean(),
  minutes: z.number().int(),
  started_at: z.string().nullable(),
  ended_at: z.string().nullable(),
});
export type ConversationReplay = z.infer<typeof ConversationReplay>;
export const ConversationReplayEvents = z.object({ events: z.array(z.record(z.string(), z.unknown())) });
export type ConversationReplayEvents = z.infer<typeof ConversationReplayEvents>;
