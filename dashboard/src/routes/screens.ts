import { lazy, useEffect, type ComponentType } from 'react';

/** A code-split screen that can also be fetched ahead of its first visit. */
function screen<T extends ComponentType>(load: () => Promise<{ default: T }>) {
  return Object.assign(lazy(load), { preload: load });
}

// Each screen is its own chunk: signing in downloads none of the settings code.
export const SignIn = screen(() => import('./auth/SignIn.tsx'));
export const ForgotPassword = screen(() => import('./auth/ForgotPassword.tsx'));
export const ResetPassword = screen(() => import('./auth/ResetPassword.tsx'));
export const AcceptInvite = screen(() => import('./auth/AcceptInvite.tsx'));
export const InboxLayout = screen(() => import('./inbox/InboxLayout.tsx'));
export const Thread = screen(() => import('./inbox/Thread.tsx'));
export const ContactsList = screen(() => import('./contacts/ContactsList.tsx'));
export const ContactProfile = screen(() => import('./contacts/ContactProfile.tsx'));
export const CompaniesList = screen(() => import('./companies/CompaniesList.tsx'));
export const CompanyProfile = screen(() => import('./companies/CompanyProfile.tsx'));
export const SegmentsList = screen(() => import('./segments/SegmentsList.tsx'));
export const SegmentEditor = screen(() => import('./segments/SegmentEditor.tsx'));
export const SeriesList = screen(() => import('./engagement/SeriesList.tsx'));
export const SeriesEditor = screen(() => import('./engagement/SeriesEditor.tsx'));
export const CampaignsList = screen(() => import('./campaigns/CampaignsList.tsx'));
export const CampaignEditor = screen(() => import('./campaigns/CampaignEditor.tsx'));
export const KnowledgeHome = screen(() => import('./knowledge/KnowledgeHome.tsx'));
export const ArticleEditor = screen(() => import('./knowledge/ArticleEditor.tsx'));
export const KnowledgeAnalytics = screen(() => import('./knowledge/KnowledgeAnalytics.tsx'));
export const HelpCenterSettings = screen(() => import('./knowledge/HelpCenterSettings.tsx'));
export const SupportReport = screen(() => import('./insights/SupportReport.tsx'));
export const CustomerOutcomes = screen(() => import('./insights/CustomerOutcomes.tsx'));
export const TimeToFirstValue = screen(() => import('./insights/TimeToFirstValue.tsx'));
export const TicketVolume = screen(() => import('./insights/TicketVolume.tsx'));
export const QaLayout = screen(() => import('./qa/QaLayout.tsx'));
export const ReviewQueue = screen(() => import('./qa/ReviewQueue.tsx'));
export const ReviewScreen = screen(() => import('./qa/ReviewScreen.tsx'));
export const QaResults = screen(() => import('./qa/Results.tsx'));
export const QaCalibration = screen(() => import('./qa/CalibrationView.tsx'));
export const ScorecardSettings = screen(() => import('./qa/ScorecardSettings.tsx'));
export const FeedbackList = screen(() => import('./feedback/FeedbackList.tsx'));
export const FeedbackItemPage = screen(() => import('./feedback/FeedbackItemPage.tsx'));
export const Settings = screen(() => import('./settings/SettingsLayout.tsx'));
export const TeamSettings = screen(() => import('./settings/TeamSettings.tsx'));
export const TeamsSettings = screen(() => import('./settings/TeamsSettings.tsx'));
export const SavedRepliesSettings = screen(() => import('./settings/SavedRepliesSettings.tsx'));
export const TagsSettings = screen(() => import('./settings/TagsSettings.tsx'));
export const RoutingSettings = screen(() => import('./settings/RoutingSettings.tsx'));
export const ApiKeysSettings = screen(() => import('./settings/ApiKeysSettings.tsx'));
export const InstallSettings = screen(() => import('./settings/InstallSettings.tsx'));
export const IdentitySettings = screen(() => import('./settings/IdentitySettings.tsx'));
export const WebhooksSettings = screen(() => import('./settings/WebhooksSettings.tsx'));
export const WebhookDetail = screen(() => import('./settings/WebhookDetail.tsx'));
export const MailboxSettings = screen(() => import('./settings/MailboxSettings.tsx'));
export const AttributesSettings = screen(() => import('./settings/AttributesSettings.tsx'));
export const SurveyResults = screen(() => import('./guides/SurveyResults.tsx'));
export const SignalsSettings = screen(() => import('./settings/SignalsSettings.tsx'));
export const ReplaySettings = screen(() => import('./settings/ReplaySettings.tsx'));
export const AccountSettings = screen(() => import('./settings/AccountSettings.tsx'));
export const AnalyzeUpload = screen(() => import('./experiments/AnalyzeUpload.tsx'));
export const ExperimentsList = screen(() => import('./experiments/ExperimentsList.tsx'));
export const ExperimentDesign = screen(() => import('./experiments/DesignForm.tsx'));
export const ExperimentReport = screen(() => import('./experiments/ExperimentReport.tsx'));
export const SharedReport = screen(() => import('./experiments/SharedReport.tsx'));

const WARM = [InboxLayout, Thread, ContactsList, ContactProfile, CompaniesList, CompanyProfile, Settings, TeamSettings];

/** Once the shell is up and idle, fetch the main screens' code so their first visit is instant. */
export function useWarmScreens(): void {
  useEffect(() => {
    const timer = setTimeout(() => WARM.forEach((s) => void s.preload()), 2000);
    return () => clearTimeout(timer);
  }, []);
}
