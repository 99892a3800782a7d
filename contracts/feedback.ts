import { z } from 'zod';
import { Uuid } from './common.ts';
import { LOCALES } from './messenger-constants.ts';

/** What a customer's feedback is about; a conversation gets its kind by being linked to an item of it. */
export const FEEDBACK_KINDS = ['bug', 'ux', 'feature_request', 'known_limitation'] as const;
export const FeedbackKind = z.enum(FEEDBACK_KINDS);
export type FeedbackKind = z.infer<typeof FeedbackKind>;

/** An item's life: new → planned → in progress → shipped, or won't do. */
export const FEEDBACK_STATUSES = ['new', 'planned', 'in_progress', 'shipped', 'wont_do'] as const;
export const FeedbackStatus = z.enum(FEEDBACK_STATUSES);
export type FeedbackStatus = z.infer<typeof FeedbackStatus>;

/** How a conversation came to be linked: by an agent, by a suggestion an agent accepted, or by the REST API. */
export const FeedbackLinkSource = z.enum(['agent', 'suggestion', 'api']);
export type FeedbackLinkSource = z.infer<typeof FeedbackLinkSource>;

export const FeedbackLocale = z.enum(LOCALES);
export type FeedbackLocale = z.infer<typeof FeedbackLocale>;

const Title = z.string().trim().min(1).max(200);
const Description = z.string().trim().max(5000);

export const CreateFeedbackItem = z.object({
  kind: FeedbackKind,
  title: Title,
  description: Description.optional(),
});
export type CreateFeedbackItem = z.input<typeof CreateFeedbackItem>;

export const UpdateFeedbackItem = z
  .object({ kind: FeedbackKind, title: Title, description: Description, status: FeedbackStatus })
  .partial()
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' });
export type UpdateFeedbackItem = z.input<typeof UpdateFeedbackItem>;

export const FeedbackSort = z.enum(['customers', 'arr', 'recent']);
export type FeedbackSort = z.infer<typeof FeedbackSort>;

export const FeedbackListQuery = z.object({
  sort: FeedbackSort.default('customers').describe('customers: affected contacts; arr: their companies’ combined ARR; recent: newest first'),
  status: FeedbackStatus.optional(),
  kind: FeedbackKind.optional(),
});
export type FeedbackListQuery = z.input<typeof FeedbackListQuery>;

/** The numbers of docs/metrics.md (Voice of the customer). */
export const FeedbackNumbers = z.object({
  conversations: z.number().int(),
  contacts: z.number().int().describe('Distinct contacts of the linked conversations: the affected customers'),
  companies: z.number().int().describe('Distinct companies those contacts belong to'),
  arr: z.number().describe('Σ 12 × MRR over those companies (each counted once)'),
});
export type FeedbackNumbers = z.infer<typeof FeedbackNumbers>;

export const FeedbackItem = z.object({
  id: Uuid,
  kind: FeedbackKind,
  title: z.string(),
  description: z.string(),
  status: FeedbackStatus,
  created_at: z.string(),
  updated_at: z.string(),
  shipped_at: z.string().nullable(),
  ...FeedbackNumbers.shape,
});
export type FeedbackItem = z.infer<typeof FeedbackItem>;

export const FeedbackItemList = z.object({ data: z.array(FeedbackItem) });
export type FeedbackItemList = z.infer<typeof FeedbackItemList>;

export const PlanShare = z.object({
  plan: z.string().nullable().describe('Null: companies without a plan'),
  companies: z.number().int(),
  arr: z.number(),
});
export type PlanShare = z.infer<typeof PlanShare>;

export const TrendWeek = z.object({
  week: z.string().describe('The ISO week’s Monday (UTC), YYYY-MM-DD'),
  conversations: z.number().int(),
});
export type TrendWeek = z.infer<typeof TrendWeek>;

export const FeedbackItemDetail = FeedbackItem.extend({
  contacts_without_company: z.number().int(),
  plan_mix: z.array(PlanShare),
  trend: z.array(TrendWeek).describe('Linked conversations per week of their creation, the last 12 weeks'),
});
export type FeedbackItemDetail = z.infer<typeof FeedbackItemDetail>;

export const LinkedConversation = z.object({
  conversation_id: Uuid,
  contact_id: Uuid,
  contact_name: z.string().nullable(),
  contact_email: z.string().nullable(),
  channel: z.string(),
  state: z.string(),
  created_at: z.string(),
  linked_at: z.string(),
  source: FeedbackLinkSource,
});
export type LinkedConversation = z.infer<typeof LinkedConversation>;
export const LinkedConversationList = z.object({ data: z.array(LinkedConversation) });
export type LinkedConversationList = z.infer<typeof LinkedConversationList>;

export const LinkConversationBody = z.object({
  conversation_id: Uuid,
  source: FeedbackLinkSource.optional(),
});
export type LinkConversationBody = z.input<typeof LinkConversationBody>;

export const UnlinkParams = z.object({ id: Uuid, conversationId: Uuid });

/** The feedback side of one conversation: the items it is linked to and those it resembles. */
export const ConversationFeedback = z.object({
  linked: z.array(FeedbackItem.pick({ id: true, kind: true, title: true, status: true })),
  suggested: z.array(FeedbackItem.pick({ id: true, kind: true, title: true, status: true }).extend({ score: z.number() })),
});
export type ConversationFeedback = z.infer<typeof ConversationFeedback>;

export const NotifyChannel = z.enum(['messenger', 'email']);
export type NotifyChannel = z.infer<typeof NotifyChannel>;

const NotifyText = z.object({
  subject: z.string().trim().max(200).optional().describe('E-mail subject; the item title when empty'),
  body: z.string().trim().min(1).max(5000),
});

export const StartNotification = z
  .object({
    channel: NotifyChannel,
    default_locale: FeedbackLocale.describe('Whose text customers of a locale without their own get'),
    texts: z.partialRecord(FeedbackLocale, NotifyText).describe('The message per locale, Markdown'),
  })
  .superRefine((v, c) => {
    if (!v.texts[v.default_locale]) c.addIssue({ code: 'custom', path: ['texts', v.default_locale], message: 'the default locale needs a text' });
  });
export type StartNotification = z.input<typeof StartNotification>;

export const NotificationRun = z.object({
  id: Uuid,
  item_id: Uuid,
  channel: NotifyChannel,
  status: z.enum(['running', 'done']),
  total: z.number().int().describe('Affected customers when the run started'),
  sent: z.number().int(),
  skipped: z.number().int().describe('Notified before by an earlier run, or no e-mail address for an e-mail'),
  created_at: z.string(),
  finished_at: z.string().nullable(),
});
export type NotificationRun = z.infer<typeof NotificationRun>;
export const NotificationRunList = z.object({ data: z.array(NotificationRun) });
export type NotificationRunList = z.infer<typeof NotificationRunList>;
