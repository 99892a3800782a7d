import { z } from 'zod';
import { Cursor, Limit, pageOf, Uuid } from './common.ts';
import { CONTENT_SCHEMAS, type ContentType } from './campaign-content/index.ts';
import { LOCALES } from './messenger-constants.ts';

/**
 * Campaigns: one model and one delivery engine for every proactive content type shown in the
 * widget. A campaign has an audience (a segment), a trigger, page patterns, a schedule, frequency
 * rules, a priority, a goal and a control group; its content is per type (campaign-content/) and
 * per locale. The widget asks `/widget/campaigns/decide` at each page view or trigger and reports
 * what happened with receipts; receipts become events on the contact.
 */

export const CAMPAIGN_TYPES = ['in_app_message', 'banner', 'tooltip', 'tour', 'checklist', 'survey'] as const;
export const CampaignType = z.enum(CAMPAIGN_TYPES);
export type CampaignType = z.infer<typeof CampaignType>;

export const CAMPAIGN_LOCALES_LIST = LOCALES;
export const CampaignLocale = z.enum(LOCALES);
export type CampaignLocale = z.infer<typeof CampaignLocale>;

export const CampaignState = z.enum(['draft', 'live', 'paused']);
export type CampaignState = z.infer<typeof CampaignState>;

export const FRUSTRATION_SIGNALS = ['rage_click', 'dead_click', 'quick_back', 'error'] as const;
export const FrustrationSignal = z.enum(FRUSTRATION_SIGNALS);
export type FrustrationSignal = z.infer<typeof FrustrationSignal>;

/**
 * What makes a campaign show (always on a page that matches `pages`): the page view itself after
 * `delay_seconds`; an event the page tracks; the next page view after the contact entered a
 * segment (since the campaign started); a frustration signal; or only the JS API (`manual`:
 * `Baton('showCampaign' | 'startTour' | 'startChecklist' | 'startSurvey', id)`).
 */
export const CampaignTrigger = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('page_view'), delay_seconds: z.number().int().min(0).max(3600).default(0) }),
  z.strictObject({ type: z.literal('event'), event: z.string().trim().min(1).max(200) }),
  z.strictObject({ type: z.literal('segment_entered'), segment_id: Uuid }),
  z.strictObject({ type: z.literal('frustration'), signal: FrustrationSignal }),
  z.strictObject({ type: z.literal('manual') }),
]);
export type CampaignTrigger = z.infer<typeof CampaignTrigger>;

/** Path patterns (`*` one segment, `**` anything, the rest literal); no include means every page. */
export const PagePattern = z.string().trim().min(1).max(500).regex(/^\//, 'a path pattern starts with /');
export const CampaignPages = z.strictObject({
  include: z.array(PagePattern).max(20).default([]),
  exclude: z.array(PagePattern).max(20).default([]),
});
export type CampaignPages = z.infer<typeof CampaignPages>;

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM');

/** When the campaign may show; days and hours are in the contact's time zone (else the browser's). */
export const CampaignSchedule = z.strictObject({
  starts_at: z.iso.datetime({ offset: true }).nullable().default(null),
  ends_at: z.iso.datetime({ offset: true }).nullable().default(null),
  /** 0 = Sunday … 6 = Saturday; empty means every day. */
  days: z.array(z.number().int().min(0).max(6)).max(7).default([]),
  hours: z.strictObject({ from: Clock, to: Clock }).nullable().default(null),
});
export type CampaignSchedule = z.infer<typeof CampaignSchedule>;

/** Per-campaign frequency; `capped` campaigns also count toward the workspace caps. */
export const CampaignFrequency = z.strictObject({
  max_shows: z.number().int().min(1).max(100).default(1),
  min_hours_between: z.number().int().min(0).max(8760).default(24),
  stop_after_dismiss: z.boolean().default(true),
  capped: z.boolean().default(true),
});
export type CampaignFrequency = z.infer<typeof CampaignFrequency>;

/** Reaching the goal: the contact does `event` within `within_days` of first seeing the campaign. */
export const CampaignGoal = z.strictObject({
  event: z.string().trim().min(1).max(200),
  within_days: z.number().int().min(1).max(90).default(7),
});
export type CampaignGoal = z.infer<typeof CampaignGoal>;

/** Content per locale; each value is validated against CONTENT_SCHEMAS[type] by the server. */
export const CampaignContentByLocale = z.partialRecord(CampaignLocale, z.record(z.string(), z.unknown()));

const campaignFields = {
  name: z.string().trim().min(1).max(120),
  /** Contacts in this segment (as of its last refresh, or the re-evaluation after their events); null = everyone. */
  audience_segment_id: Uuid.nullable().default(null),
  trigger: CampaignTrigger,
  pages: CampaignPages.default({ include: [], exclude: [] }),
  schedule: CampaignSchedule.default({ starts_at: null, ends_at: null, days: [], hours: null }),
  frequency: CampaignFrequency.default({ max_shows: 1, min_hours_between: 24, stop_after_dismiss: true, capped: true }),
  /** Higher shows first when several qualify. */
  priority: z.number().int().min(0).max(100).default(50),
  goal: CampaignGoal.nullable().default(null),
  /** Share of qualifying contacts held out (they see nothing) to measure the campaign; 0 = none. */
  control_pct: z.number().int().min(0).max(50).default(0),
  /** The language shown when the contact's has no version; its content is required. */
  default_locale: CampaignLocale.default('en'),
  content: CampaignContentByLocale,
};

export const CampaignCreate = z.strictObject({ type: CampaignType, ...campaignFields });
export type CampaignCreate = z.input<typeof CampaignCreate>;
/** A live campaign's type cannot change; its control group share is fixed once started. */
export const CampaignUpdate = z.strictObject(campaignFields).partial();
export type CampaignUpdate = z.input<typeof CampaignUpdate>;

export const Campaign = z.object({
  id: Uuid,
  type: CampaignType,
  state: CampaignState,
  name: z.string(),
  audience_segment_id: Uuid.nullable(),
  trigger: CampaignTrigger,
  pages: CampaignPages,
  schedule: CampaignSchedule,
  frequency: CampaignFrequency,
  priority: z.number().int(),
  goal: CampaignGoal.nullable(),
  control_pct: z.number().int(),
  default_locale: CampaignLocale,
  content: CampaignContentByLocale,
  /** The lab experiment measuring the control group (created when a campaign with one starts). */
  experiment_id: Uuid.nullable(),
  started_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Campaign = z.infer<typeof Campaign>;

export const CampaignListQuery = z.object({
  cursor: Cursor,
  limit: Limit,
  type: CampaignType.optional(),
  state: CampaignState.optional(),
});
export const CampaignPage = pageOf(Campaign);
export type CampaignPage = z.infer<typeof CampaignPage>;

/** Workspace-wide rules across all `capped` campaigns. */
export const DeliverySettings = z.strictObject({
  max_per_session: z.number().int().min(0).max(100).default(1),
  max_per_week: z.number().int().min(0).max(1000).default(3),
  /** No capped campaign shows between these times in the contact's time zone; null = none. */
  quiet_hours: z.strictObject({ from: Clock, to: Clock }).nullable().default(null),
  /** The accent colour campaigns are drawn in (the Messenger's). */
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'use #RRGGBB').default('#3b4cca'),
});
export type DeliverySettings = z.infer<typeof DeliverySettings>;

// ---- widget ↔ server ----

export const SessionId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

/** What happened on the page that asks for a decision. */
export const DecideTrigger = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('page_view') }),
  z.strictObject({ type: z.literal('event'), event: z.string().min(1).max(200) }),
  z.strictObject({ type: z.literal('frustration'), signal: FrustrationSignal }),
  z.strictObject({ type: z.literal('manual'), campaign_id: Uuid }),
]);
export type DecideTrigger = z.infer<typeof DecideTrigger>;

/** POST /widget/campaigns/decide — the contact comes from the widget session (visitor token). */
export const DecideBody = z.strictObject({
  session_id: SessionId,
  url: z.string().min(1).max(2000),
  locale: z.string().min(2).max(35).optional(),
  /** IANA zone of the browser, used when the contact has none. */
  time_zone: z.string().max(64).optional(),
  trigger: DecideTrigger.default({ type: 'page_view' }),
});
export type DecideBody = z.input<typeof DecideBody>;

/** One campaign to show: content already resolved to one locale, with the theme to use. */
export const DeliveredCampaign = z.object({
  id: Uuid,
  type: CampaignType,
  priority: z.number().int(),
  /** Wait this long on the page before showing (page_view triggers). */
  delay_seconds: z.number().int(),
  locale: CampaignLocale,
  content: z.record(z.string(), z.unknown()),
  /** Whether it counts toward the workspace caps: the widget shows one capped campaign at a time. */
  capped: z.boolean(),
  /** Sender of a chat-style message, resolved by the server. */
  sender: z.object({ name: z.string(), avatar_url: z.string().nullable() }).nullable(),
});
export type DeliveredCampaign = z.infer<typeof DeliveredCampaign>;

export const DecideResponse = z.object({
  campaigns: z.array(DeliveredCampaign),
  theme: z.object({ color: z.string() }),
});
export type DecideResponse = z.infer<typeof DecideResponse>;

/** What the widget reports; what a decision hands out the server records itself (campaign_sends). */
export const RECEIPT_KINDS = ['seen', 'clicked', 'completed', 'dismissed', 'anchor_missing'] as const;
export const ReceiptKind = z.enum(RECEIPT_KINDS);
export type ReceiptKind = z.infer<typeof ReceiptKind>;

/** POST /widget/campaigns/receipts. `step` is the step of a multi-step type (tour, survey, checklist item). */
export const ReceiptsBody = z.strictObject({
  session_id: SessionId,
  receipts: z
    .array(
      z.strictObject({
        campaign_id: Uuid,
        kind: ReceiptKind,
        step: z.number().int().min(0).max(100).optional(),
        /** Dismissed for good ("don't show again"), whatever the frequency says. */
        permanent: z.boolean().optional(),
      }),
    )
    .min(1)
    .max(50),
});
export type ReceiptsBody = z.input<typeof ReceiptsBody>;

/** The event a receipt records on the contact, e.g. `campaign_seen` {campaign_id, campaign_type, step}. */
export const receiptEvent = (kind: ReceiptKind) => `campaign_${kind}`;

// ---- results ----

export const FunnelCounts = z.object({
  sent: z.number().int(),
  seen: z.number().int(),
  clicked: z.number().int(),
  completed: z.number().int(),
  dismissed: z.number().int(),
  goal: z.number().int(),
});
export type FunnelCounts = z.infer<typeof FunnelCounts>;

export const StepFunnel = z.object({
  step: z.number().int(),
  item_id: z.string().nullable(),
  sent: z.number().int(),
  seen: z.number().int(),
  clicked: z.number().int(),
  completed: z.number().int(),
  goal: z.number().int(),
});
export type StepFunnel = z.infer<typeof StepFunnel>;

export const ArmConversion = z.object({ contacts: z.number().int(), converted: z.number().int(), rate: z.number() });

export const CampaignStats = z.object({
  campaign_id: Uuid,
  /** Distinct contacts at each stage. */
  funnel: FunnelCounts,
  /**
   * Per step of multi-step types (a tour's steps, a survey's questions, a checklist's items with
   * `item_id`): sent is the campaign's, then distinct contacts who saw, clicked and completed the
   * step, and of those who saw it (a checklist item: who did it) those who reached the goal.
   */
  steps: z.array(StepFunnel),
  anchor_missing: z.number().int(),
  /** Receivers vs. control goal conversion, from the lab's statistics; null without a control group or goal. */
  control: z
    .object({
      experiment_id: Uuid,
      receivers: ArmConversion,
      control: ArmConversion,
      /** Absolute difference in conversion (receivers − control) with its 95% interval. */
      difference: z.number().nullable(),
      ci_low: z.number().nullable(),
      ci_high: z.number().nullable(),
      p_value: z.number().nullable(),
      /** Dashboard path of the full report in the experiments lab. */
      report_path: z.string(),
    })
    .nullable(),
});
export type CampaignStats = z.infer<typeof CampaignStats>;

/**
 * Validates one locale's content against its type's schema. Returns the parsed content (defaults
 * applied) or the issues, paths relative to the content object.
 */
export function parseContent(type: CampaignType, content: unknown): { ok: true; value: Record<string, unknown> } | { ok: false; issues: { path: string; message: string }[] } {
  const schema = (CONTENT_SCHEMAS as Partial<Record<CampaignType, z.ZodType>>)[type];
  if (!schema) return { ok: false, issues: [{ path: '', message: `campaigns of type ${type} are not available yet` }] };
  const parsed = schema.safeParse(content);
  if (parsed.success) return { ok: true, value: parsed.data as Record<string, unknown> };
  return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
}

export const isContentType = (type: CampaignType): type is ContentType & CampaignType => type in CONTENT_SCHEMAS;

/** Opens the widget's element picker: the builder puts it in the page URL as `#baton-pick=<token>`. */
export const PickToken = z.object({ token: z.string(), expires_at: z.string() });
export type PickToken = z.infer<typeof PickToken>;

/** What the picker posts back to the builder window that opened the page. */
export interface PickMessage {
  type: 'baton:pick';
  token: string;
  selector: string;
}
