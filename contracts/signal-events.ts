/**
 * The frustration signals and the contact events they are stored as. No zod here: the dashboard
 * and the widget read these names without pulling the schemas into their bundles.
 */
export const SIGNAL_KINDS = ['rage_click', 'dead_click', 'quick_back', 'error'] as const;
export type SignalKindName = (typeof SIGNAL_KINDS)[number];

export const SIGNAL_EVENTS = {
  rage_click: 'rage_click',
  dead_click: 'dead_click',
  quick_back: 'quick_back',
  error: 'error_reported',
} as const satisfies Record<SignalKindName, string>;
export const SIGNAL_EVENT_NAMES: readonly string[] = Object.values(SIGNAL_EVENTS);

const KIND_OF_EVENT = new Map<string, SignalKindName>(SIGNAL_KINDS.map((k) => [SIGNAL_EVENTS[k], k]));

/** The signal an event name stands for, if it is one. */
export function signalKindOfEvent(name: string | null | undefined): SignalKindName | undefined {
  return name ? KIND_OF_EVENT.get(name) : undefined;
}
