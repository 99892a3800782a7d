import type { Ctx } from './platform/context.ts';
import { createContactsService } from './contacts/service.ts';
import { createSegmentsService } from './contacts/segments/service.ts';
import { createEngagementService } from './engagement/service.ts';
import { createCampaignsService } from './campaigns/service.ts';
import { createExperimentsService } from './experiments/service.ts';
import { createKnowledgeService } from './knowledge/service.ts';
import { createInboxService } from './inbox/service.ts';
import { createRoutingService } from './inbox/routing/service.ts';
import { createInboxToolsService } from './inbox/tools/service.ts';
import { createEmailChannel } from './inbox/email/service.ts';
import { createInsightsService } from './insights/service.ts';
import { createQaService } from './qa/service.ts';
import { createSignalsService } from './signals/service.ts';
import { createReplayService } from './replay/service.ts';
import { createGuidesService } from './guides/service.ts';
import { createFeedbackService } from './feedback/service.ts';
import { createReportService } from './experiments/report/service.ts';
import { createRollupService } from './experiments/rollup/service.ts';
import { createMailService } from './platform/mail/service.ts';
import { createWebhooksService } from './platform/webhooks/service.ts';
import { createWorkspacesService } from './workspaces/service.ts';

/**
 * Every module's service, built once per process from the platform context. Modules reach each
 * other only through this object, never through each other's tables.
 */
export function createServices(ctx: Ctx) {
  const mail = createMailService(ctx);
  const workspaces = createWorkspacesService(ctx, { mail });
  const webhooks = createWebhooksService(ctx);
  const contacts = createContactsService(ctx);
  const segments = createSegmentsService(ctx, { onContactDelete: contacts.onDelete });
  const engagement = createEngagementService(ctx, { mail, segments, contacts });
  const experiments = createExperimentsService(ctx, { segments, contacts });
  const experimentRollups = createRollupService(ctx, { contacts, experiments });
  const experimentReports = createReportService(ctx, { contacts, experiments, rollups: experimentRollups });
  const inbox = createInboxService(ctx, { contacts, workspaces, webhooks });
  const knowledge = createKnowledgeService(ctx, { workspaces, inbox, contacts });
  const routing = createRoutingService(ctx, { inbox, segments, experiments, workspaces, webhooks });
  inbox.useReplyTime((ws, contactId) => routing.replyTime(ws, contactId));
  const inboxTools = createInboxToolsService(ctx, { inbox, contacts, workspaces, mail });
  const email = createEmailChannel(ctx, { inbox, contacts, mail, workspaces });
  const insights = createInsightsService(ctx, { mail });
  const campaigns = createCampaignsService(ctx, { segments, experiments, experimentReports, contacts, inbox, workspaces, knowledge });
  const signals = createSignalsService(ctx, { contacts, inbox });
  const replay = createReplayService(ctx, { contacts, inbox });
  const guides = createGuidesService(ctx, { contacts });
  const qa = createQaService(ctx, {
    inbox, workspaces, contacts,
    notify: {
      reviewed: (ws, n) => inboxTools.notifications.notify(ws, { agentId: n.agentId, kind: 'qa_review', conversationId: n.conversationId, actorName: n.reviewerName, excerpt: n.excerpt }),
    },
  });
  const feedback = createFeedbackService(ctx, { inbox, mail, workspaces });
  return {
    mail, workspaces, webhooks, contacts, segments, engagement, experiments, experimentRollups, experimentReports, knowledge, inbox, routing, inboxTools, email, insights, campaigns, signals, replay, guides, qa, feedback,
  };
}

export type Services = ReturnType<typeof createServices>;
