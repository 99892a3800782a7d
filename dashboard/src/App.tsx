import { Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { PageLoader } from './components/PageLoader.tsx';
import { RequireAuth } from './components/RequireAuth.tsx';
import { AppLayout } from './components/AppLayout.tsx';
import {
  SignIn,
  ForgotPassword,
  ResetPassword,
  AcceptInvite,
  InboxLayout,
  Thread,
  ContactsList,
  ContactProfile,
  CompaniesList,
  CompanyProfile,
  SegmentsList,
  SegmentEditor,
  SeriesList,
  CampaignsList,
  CampaignEditor,
  SupportReport,
  CustomerOutcomes,
  TimeToFirstValue,
  TicketVolume,
  QaLayout,
  ReviewQueue,
  ReviewScreen,
  QaResults,
  QaCalibration,
  ScorecardSettings,
  FeedbackList,
  FeedbackItemPage,
  SeriesEditor,
  KnowledgeHome,
  ArticleEditor,
  KnowledgeAnalytics,
  HelpCenterSettings,
  Settings,
  TeamSettings,
  TeamsSettings,
  SavedRepliesSettings,
  TagsSettings,
  RoutingSettings,
  ApiKeysSettings,
  InstallSettings,
  IdentitySettings,
  WebhooksSettings,
  WebhookDetail,
  MailboxSettings,
  AttributesSettings,
  AccountSettings,
  SignalsSettings,
  ReplaySettings,
  SurveyResults,
  AnalyzeUpload,
  ExperimentsList,
  ExperimentDesign,
  ExperimentReport,
  SharedReport,
} from './routes/screens.ts';

export function App() {
  return (
    <Suspense fallback={<PageLoader />}>
      <Routes>
        <Route path="/sign-in" element={<SignIn />} />
        <Route path="/forgot-password" element={<ForgotPassword />} />
        <Route path="/reset-password" element={<ResetPassword />} />
        <Route path="/accept-invite" element={<AcceptInvite />} />
        <Route path="/shared/experiments/:token" element={<SharedReport />} />
        <Route element={<RequireAuth />}>
          <Route element={<AppLayout />}>
            <Route index element={<Navigate to="/contacts" replace />} />
            <Route path="/inbox" element={<InboxLayout />}>
              <Route path=":id" element={<Thread />} />
            </Route>
            <Route path="/contacts" element={<ContactsList />} />
            <Route path="/contacts/:id" element={<ContactProfile />} />
            <Route path="/companies" element={<CompaniesList />} />
            <Route path="/companies/:id" element={<CompanyProfile />} />
            <Route path="/segments" element={<SegmentsList />} />
            <Route path="/segments/new" element={<SegmentEditor />} />
            <Route path="/segments/:id" element={<SegmentEditor />} />
            <Route path="/reports" element={<SupportReport />} />
            <Route path="/reports/outcomes" element={<CustomerOutcomes />} />
            <Route path="/reports/ttfv" element={<TimeToFirstValue />} />
            <Route path="/reports/ticket-volume" element={<TicketVolume />} />
            <Route path="/qa" element={<QaLayout />}>
              <Route index element={<ReviewQueue />} />
              <Route path="results" element={<QaResults />} />
              <Route path="calibration" element={<QaCalibration />} />
              <Route path="scorecards" element={<ScorecardSettings />} />
              <Route path="reviews/:id" element={<ReviewScreen />} />
            </Route>
            <Route path="/feedback" element={<FeedbackList />} />
            <Route path="/feedback/:id" element={<FeedbackItemPage />} />
            <Route path="/email-series" element={<SeriesList />} />
            <Route path="/email-series/new" element={<SeriesEditor />} />
            <Route path="/email-series/:id" element={<SeriesEditor />} />
            <Route path="/campaigns" element={<CampaignsList />} />
            <Route path="/campaigns/new" element={<CampaignEditor />} />
            <Route path="/campaigns/:id" element={<CampaignEditor />} />
            <Route path="/knowledge" element={<KnowledgeHome />} />
            <Route path="/knowledge/articles/:id" element={<ArticleEditor />} />
            <Route path="/knowledge/analytics" element={<KnowledgeAnalytics />} />
            <Route path="/knowledge/settings" element={<HelpCenterSettings />} />
            <Route path="/campaigns/:id/survey" element={<SurveyResults />} />
            <Route path="/experiments" element={<ExperimentsList />} />
            <Route path="/experiments/new" element={<ExperimentDesign />} />
            <Route path="/experiments/analyze" element={<AnalyzeUpload />} />
            <Route path="/experiments/:id" element={<ExperimentReport />} />
            <Route path="/settings" element={<Settings />}>
              <Route index element={<Navigate to="team" replace />} />
              <Route path="team" element={<TeamSettings />} />
              <Route path="teams" element={<TeamsSettings />} />
              <Route path="routing" element={<RoutingSettings />} />
              <Route path="saved-replies" element={<SavedRepliesSettings />} />
              <Route path="tags" element={<TagsSettings />} />
              <Route path="api-keys" element={<ApiKeysSettings />} />
              <Route path="install" element={<InstallSettings />} />
              <Route path="identity" element={<IdentitySettings />} />
              <Route path="webhooks" element={<WebhooksSettings />} />
              <Route path="webhooks/:id" element={<WebhookDetail />} />
              <Route path="mailbox" element={<MailboxSettings />} />
              <Route path="attributes" element={<AttributesSettings />} />
              <Route path="signals" element={<SignalsSettings />} />
              <Route path="replay" element={<ReplaySettings />} />
              <Route path="account" element={<AccountSettings />} />
            </Route>
            <Route path="*" element={<Navigate to="/contacts" replace />} />
          </Route>
        </Route>
      </Routes>
    </Suspense>
  );
}
