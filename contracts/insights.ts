import { z } from 'zod';

/** Support reports: the metrics of docs/metrics.md over a period, grouped, beside the period before. */

export const ReportGroup = z.enum(['none', 'team', 'sla_policy', 'channel', 'assignee', 'tier', 'tag']);
export type ReportGroup = z.infer<typeof ReportGroup>;

const TimeZone = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'is not an IANA time zone')
  .describe('IANA time zone for days and hours of the week (default UTC)');

/** Whether response and resolution times count every hour or only the team's office hours. */
export const ReportTime = z.enum(['calendar', 'office']);
export type ReportTime = z.infer<typeof ReportTime>;

const ReportRange = z.object({
  from: z.iso.datetime({ offset: true }).describe('Start of the period (inclusive)'),
  to: z.iso.datetime({ offset: true }).describe('End of the period (exclusive)'),
});

export const SupportReportQuery = ReportRange.extend({
  group_by: ReportGroup.default('none'),
  time: ReportTime.default('calendar').describe("First response and resolution times in calendar time, or only while the conversation's team was open"),
});
export type SupportReportQuery = z.input<typeof SupportReportQuery>;

export const SupportVolumeQuery = ReportRange.extend({ tz: TimeZone.default('UTC') });
export type SupportVolumeQuery = z.input<typeof SupportVolumeQuery>;

export const SupportMetrics = z.object({
  conversations: z.number().int(),
  responded: z.number().int(),
  median_first_response_seconds: z.number().nullable(),
  p90_first_response_seconds: z.number().nullable(),
  /** Customer turns after the first reply that got a next agent reply. */
  next_responses: z.number().int(),
  median_next_response_seconds: z.number().nullable(),
  p90_next_response_seconds: z.number().nullable(),
  closed: z.number().int(),
  median_resolution_seconds: z.number().nullable(),
  p90_resolution_seconds: z.number().nullable(),
  /** Mean agent replies in closed conversations that had at least one; null with none. */
  replies_to_resolution: z.number().nullable(),
  /** Share of closed, replied conversations closed after exactly one agent reply. */
  one_touch_rate: z.number().nullable(),
  /** Share of conversations closed at least once that were reopened. */
  reopen_rate: z.number().nullable(),
  /** Conversations with a first-response due time answered in time, and answered late or still overdue. */
  sla_met: z.number().int(),
  sla_breached: z.number().int(),
  /** sla_met ÷ (sla_met + sla_breached); null with neither. */
  sla_attainment: z.number().nullable(),
  csat_responses: z.number().int(),
  /** Share of ratings that are 4 or 5; null without ratings. */
  csat_score: z.number().nullable(),
  /** Share of closed conversations that were rated; null with none closed. */
  csat_response_rate: z.number().nullable(),
  /** Answers to NPS survey questions in the period (a contact's latest per question). */
  nps_responses: z.number().int(),
  /** % promoters (9–10) − % detractors (0–6), −100 to 100; null without answers. */
  nps_score: z.number().nullable(),
});
export type SupportMetrics = z.infer<typeof SupportMetrics>;

export const SupportReportRow = z.object({
  /** The group's id (team, policy, agent, tag, plan or channel name); null for "none" or an unset value. */
  key: z.string().nullable(),
  label: z.string().nullable(),
  current: SupportMetrics,
  previous: SupportMetrics,
});
export const SupportReport = z.object({
  from: z.string(),
  to: z.string(),
  previous_from: z.string(),
  group_by: ReportGroup,
  time: ReportTime,
  /** The facts rollup's last sweep; a conversation changed since may still show its state before (null: never swept). */
  as_of: z.string().nullable(),
  rows: z.array(SupportReportRow),
});
export type SupportReport = z.infer<typeof SupportReport>;

/** Conversations per day of the period beside the same day of the period before, and per hour of the week. */
export const SupportVolume = z.object({
  from: z.string(),
  to: z.string(),
  tz: z.string(),
  days: z.array(z.object({ day: z.string().describe('YYYY-MM-DD in tz'), current: z.number().int(), previous: z.number().int() })),
  /** 7 × 24 counts of the period: index 0 is Monday, hours 0–23 in tz. */
  hour_of_week: z.array(z.array(z.number().int())),
});
export type SupportVolume = z.infer<typeof SupportVolume>;

/** The signed-in agent's choice of the weekly support digest (owners and admins only). */
export const DigestSettings = z.strictObject({ weekly_digest: z.boolean() });
export type DigestSettings = z.infer<typeof DigestSettings>;

/** Customer outcomes: what happened to paying companies' MRR over a period, per support tier (docs/metrics.md). */
export const OutcomeGroup = z.enum(['tier', 'sla_policy', 'segment']);
export type OutcomeGroup = z.infer<typeof OutcomeGroup>;

export const OutcomesQuery = z.object({
  from: z.iso.datetime({ offset: true }).describe('Start of the period: who was a paying customer then'),
  to: z.iso.datetime({ offset: true }).describe('End of the period: what they pay now'),
  group_by: OutcomeGroup.default('tier'),
  segment_id: z.uuid().optional().describe('With group_by=segment: a company segment; members against everyone else'),
});
export type OutcomesQuery = z.input<typeof OutcomesQuery>;

export const Outcome = z.object({
  customers: z.number().int(),
  churned: z.number().int(),
  expanded: z.number().int(),
  contracted: z.number().int(),
  start_mrr: z.number(),
  end_mrr: z.number(),
  expansion_mrr: z.number(),
  contraction_mrr: z.number(),
  churned_mrr: z.number(),
  /** churned ÷ customers; null with none. */
  churn_rate: z.number().nullable(),
  retention_rate: z.number().nullable(),
  /** end_mrr ÷ start_mrr of the customers who paid at the start. */
  net_revenue_retention: z.number().nullable(),
  gross_revenue_retention: z.number().nullable(),
});
export type Outcome = z.infer<typeof Outcome>;

export const OutcomeRow = z.object({
  key: z.string().nullable(),
  label: z.string().nullable(),
  outcome: Outcome,
  /** Everyone else who paid at the start, for the "compared with comparable customers" line. */
  rest: Outcome,
  /** (churn_rate − rest.churn_rate) in percentage points; null when either has no customers. */
  churn_difference_points: z.number().nullable(),
});
export const CohortRow = z.object({
  month: z.string().describe('YYYY-MM of the companies’ sign-up (created_at, UTC)'),
  companies: z.number().int(),
  /** Share still paying at the end of the sign-up month and each month after, up to `to`. */
  retained: z.array(z.number()),
});
export const Outcomes = z.object({
  from: z.string(),
  to: z.string(),
  group_by: OutcomeGroup,
  /** The facts rollup's last sweep, which the SLA policy grouping is as of (null: never swept). */
  as_of: z.string().nullable(),
  rows: z.array(OutcomeRow),
  total: Outcome,
  cohorts: z.array(CohortRow),
});
export type Outcomes = z.infer<typeof Outcomes>;

/** Ticket volume per active customer per week, with help deflections and onboarding campaigns to mark on it (docs/metrics.md). */
export const ActiveUnit = z.enum(['contact', 'company']);
export type ActiveUnit = z.infer<typeof ActiveUnit>;

export const TicketVolumeQuery = z.object({
  from: z.iso.datetime({ offset: true }).describe('The first week is the UTC week (Monday 00:00) that holds this instant'),
  to: z.iso.datetime({ offset: true }).describe('The last week is the UTC week that holds the instant just before this one'),
  unit: ActiveUnit.default('contact').describe('Active contacts, or active companies (conversations of contacts in a company)'),
});
export type TicketVolumeQuery = z.input<typeof TicketVolumeQuery>;

export const TicketVolumeWeek = z.object({
  week: z.string().describe('YYYY-MM-DD of the week’s Monday (UTC)'),
  conversations: z.number().int(),
  active: z.number().int().describe('Contacts (or companies) with at least one event in the week'),
  /** conversations ÷ active; null when nobody was active. */
  per_active: z.number().nullable(),
  deflections: z.number().int().describe('help_deflection events in the week'),
});

export const CampaignRun = z.object({ started_at: z.string(), stopped_at: z.string().nullable() });
export const TimelineCampaign = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  /** Runs that overlap the weeks shown, in order. */
  runs: z.array(CampaignRun),
  control_pct: z.number().int(),
  /** The lab experiment of the campaign's control group ("prove it"); null without one. */
  experiment_id: z.string().nullable(),
});

export const TicketVolume = z.object({
  from: z.string().describe('Monday 00:00 UTC of the first week'),
  to: z.string().describe('Monday 00:00 UTC after the last week'),
  unit: ActiveUnit,
  weeks: z.array(TicketVolumeWeek),
  campaigns: z.array(TimelineCampaign),
});
export type TicketVolume = z.infer<typeof TicketVolume>;
