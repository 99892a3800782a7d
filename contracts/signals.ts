import { z } from 'zod';
import { SIGNAL_KINDS } from './signal-events.ts';

export { SIGNAL_EVENTS, SIGNAL_EVENT_NAMES, SIGNAL_KINDS, signalKindOfEvent } from './signal-events.ts';

/**
 * Frustration signals: what the widget notices on a customer's page (rage clicks, dead clicks,
 * quick backs) and the errors the product reports with `Baton('trackError', …)`. Each becomes an
 * event on the contact (named in signal-events.ts), so the timeline, segments, campaign triggers and experiment
 * metrics read them like any other event. Opt-in per workspace and sampled per visitor; nothing
 * typed is ever recorded: no keystrokes, no input values — only where on the page it happened.
 */

export const SignalKind = z.enum(SIGNAL_KINDS);
export type SignalKind = z.infer<typeof SignalKind>;

export const SignalSettings = z.object({
  enabled: z.boolean(),
  /** Share of visitors (0–1) whose browsers run the detector; the rest send nothing. */
  sample_rate: z.number().min(0).max(1),
});
export type SignalSettings = z.infer<typeof SignalSettings>;
export const SignalSettingsUpdate = z.strictObject({
  enabled: z.boolean().optional(),
  sample_rate: z.number().min(0).max(1).optional(),
});
export type SignalSettingsUpdate = z.infer<typeof SignalSettingsUpdate>;

const Path = z.string().max(500);
/** Where on the page: a CSS selector and a short visible label, never the value of a field. */
const Target = {
  selector: z.string().max(300).optional(),
  label: z.string().max(80).optional(),
};
const ErrorProperty = z.union([z.string().max(200), z.number(), z.boolean(), z.null()]);

export const WidgetSignalBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('rage_click'), path: Path, clicks: z.number().int().min(2).max(1000), ...Target }),
  z.strictObject({ kind: z.literal('dead_click'), path: Path, ...Target }),
  z.strictObject({ kind: z.literal('quick_back'), path: Path, pages: z.array(Path).min(1).max(10), seconds: z.number().min(0).max(3600) }),
  z.strictObject({
    kind: z.literal('error'),
    path: Path,
    message: z.string().trim().min(1).max(500),
    error_name: z.string().max(100).optional(),
    properties: z.record(z.string().max(64), ErrorProperty).optional(),
  }),
]);
export type WidgetSignalBody = z.infer<typeof WidgetSignalBody>;
export const WidgetSignalResult = z.object({ recorded: z.boolean() });

/** What the widget needs to decide whether to run the detector in this browser. */
export const WidgetSignalConfig = SignalSettings;
export type WidgetSignalConfig = SignalSettings;

export const ContactSignal = z.object({
  kind: SignalKind,
  path: z.string().nullable(),
  detail: z.string().nullable(),
  occurred_at: z.string(),
});
export type ContactSignal = z.infer<typeof ContactSignal>;
/** A contact's recent signals, for the Inbox's side bar: counts over the window and the latest ones. */
export const ContactSignals = z.object({
  days: z.number().int(),
  counts: z.record(SignalKind, z.number().int()),
  recent: z.array(ContactSignal),
});
export type ContactSignals = z.infer<typeof ContactSignals>;
