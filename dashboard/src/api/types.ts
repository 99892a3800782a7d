/**
 * Wire types the dashboard consumes, taken from the server's zod contracts (type-only imports, so
 * no zod code reaches the bundle).
 */
export type { Me, Role, InvitePreview } from '../../../contracts/auth.ts';
export type {
  TeamMember,
  Invite,
  TeamOverview,
  Team,
  WorkspaceSettings,
  ApiKey,
  CreatedApiKey,
} from '../../../contracts/workspaces.ts';
export type {
  Contact,
  ContactPage,
  Company,
  Event as TimelineEvent,
  EventPage,
  AttributeDefinition,
  AttributeType,
  Attributes,
  FilterCondition as Filter,
} from '../../../contracts/contacts.ts';
export type {
  Webhook,
  WebhookList,
  WebhookDelivery,
  DeliveryPage,
  WebhookEventTypeInfo,
} from '../../../contracts/webhooks.ts';
export type { MailboxItem, MailboxMessage } from '../../../contracts/mail.ts';

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export type FilterOp = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains' | 'starts_with' | 'exists' | 'not_exists';
export type {
  Segment,
  SegmentTarget,
  SegmentPreview,
  RuleGroup,
  Condition as RuleCondition,
  FieldCondition as RuleFieldCondition,
  EventCondition as RuleEventCondition,
  FieldOp as RuleFieldOp,
} from '../../../contracts/segments.ts';
export type { AnalysisResult, Comparison, SampleSize, VariantFigures } from '../../../contracts/experiments.ts';
export type {
  Series,
  SeriesCreate,
  SeriesStep,
  SeriesTrigger,
  SeriesLocale,
  StepContent,
  SeriesPreview,
} from '../../../contracts/engagement.ts';
export type {
  Article,
  ArticleTranslation,
  ArticlePage,
  Collection,
  Revision,
  HelpCenterSettings,
  Upload,
  SearchResult,
  KnowledgeAnalytics,
  UnansweredQuestion,
} from '../../../contracts/knowledge.ts';
export type {
  Conversation,
  ConversationPage,
  ConversationState,
  Message,
  MessageList,
  ServerFrame,
} from '../../../contracts/messenger.ts';
export type { SlaPolicy, SlaPolicyCreate, SlaStats, RoutingRule, RoutingRuleCreate, RoutingRuleUpdate, ConversationRouting, OfficeHours } from '../../../contracts/routing.ts';
export type { EmailChannelInfo } from '../../../contracts/email.ts';
export type { SupportReport, SupportMetrics, ReportGroup, ReportTime, SupportVolume, DigestSettings, Outcomes, OutcomeGroup, Outcome, TicketVolume, ActiveUnit } from '../../../contracts/insights.ts';
export type { ExperimentView, ExperimentCreate, MetricDefinition, Registration } from '../../../contracts/experiments.ts';
export type { ExperimentReport, Headline, ReportArm, ReportComparison } from '../../../contracts/experiment-report.ts';
export type {
  Note,
  Tag,
  SavedReply,
  RenderedReply,
  AgentNotification,
  ConversationCounts,
  TemplateVariable,
} from '../../../contracts/inbox-tools.ts';
export type { ContactSignals, SignalSettings } from '../../../contracts/signals.ts';
export type { ConversationReplay, ConversationReplayEvents, ReplaySettings } from '../../../contracts/replay.ts';
export type { QuestionResult, SurveyResults } from '../../../contracts/guides.ts';
export type {
  Criterion,
  Scorecard,
  ScorecardInput,
  Review,
  ReviewDetail,
  ReviewSubmit,
  Trend,
  Calibration,
} from '../../../contracts/qa.ts';
export type {
  ConversationFeedback,
  FeedbackItem,
  FeedbackItemDetail,
  FeedbackKind,
  FeedbackSort,
  FeedbackStatus,
  LinkedConversation,
  NotificationRun,
  NotifyChannel,
  StartNotification,
} from '../../../contracts/feedback.ts';
