import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { PageLoader } from './components/PageLoader.tsx';
import { RequireAuth } from './components/RequireAuth.tsx';
import { AppLayout } from './components/AppLayout.tsx';

// Each screen is its own chunk: signing in downloads none of the settings code.
const SignIn = lazy(() => import('./routes/auth/SignIn.tsx'));
const ForgotPassword = lazy(() => import('./routes/auth/ForgotPassword.tsx'));
const ResetPassword = lazy(() => import('./routes/auth/ResetPassword.tsx'));
const AcceptInvite = lazy(() => import('./routes/auth/AcceptInvite.tsx'));
const ContactsList = lazy(() => import('./routes/contacts/ContactsList.tsx'));
const ContactProfile = lazy(() => import('./routes/contacts/ContactProfile.tsx'));
const CompaniesList = lazy(() => import('./routes/companies/CompaniesList.tsx'));
const CompanyProfile = lazy(() => import('./routes/companies/CompanyProfile.tsx'));
const Settings = lazy(() => import('./routes/settings/SettingsLayout.tsx'));
const TeamSettings = lazy(() => import('./routes/settings/TeamSettings.tsx'));
const TeamsSettings = lazy(() => import('./routes/settings/TeamsSettings.tsx'));
const ApiKeysSettings = lazy(() => import('./routes/settings/ApiKeysSettings.tsx'));
const InstallSettings = lazy(() => import('./routes/settings/InstallSettings.tsx'));
const IdentitySettings = lazy(() => import('./routes/settings/IdentitySettings.tsx'));
const WebhooksSettings = lazy(() => import('./routes/settings/WebhooksSettings.tsx'));
const WebhookDetail = lazy(() => import('./routes/settings/WebhookDetail.tsx'));
const MailboxSettings = lazy(() => import('./routes/settings/MailboxSettings.tsx'));
const AttributesSettings = lazy(() => import('./routes/settings/AttributesSettings.tsx'));
const AccountSettings = lazy(() => import('./routes/settings/AccountSettings.tsx'));

export function App() {
  return (
    <Suspense fallback={<PageLoader />}>
      <Routes>
        <Route path="/sign-in" element={<SignIn />} />
        <Route path="/forgot-password" element={<ForgotPassword />} />
        <Route path="/reset-password" element={<ResetPassword />} />
        <Route path="/accept-invite" element={<AcceptInvite />} />
        <Route element={<RequireAuth />}>
          <Route element={<AppLayout />}>
            <Route index element={<Navigate to="/contacts" replace />} />
            <Route path="/contacts" element={<ContactsList />} />
            <Route path="/contacts/:id" element={<ContactProfile />} />
            <Route path="/companies" element={<CompaniesList />} />
            <Route path="/companies/:id" element={<CompanyProfile />} />
            <Route path="/settings" element={<Settings />}>
              <Route index element={<Navigate to="team" replace />} />
              <Route path="team" element={<TeamSettings />} />
              <Route path="teams" element={<TeamsSettings />} />
              <Route path="api-keys" element={<ApiKeysSettings />} />
              <Route path="install" element={<InstallSettings />} />
              <Route path="identity" element={<IdentitySettings />} />
              <Route path="webhooks" element={<WebhooksSettings />} />
              <Route path="webhooks/:id" element={<WebhookDetail />} />
              <Route path="mailbox" element={<MailboxSettings />} />
              <Route path="attributes" element={<AttributesSettings />} />
              <Route path="account" element={<AccountSettings />} />
            </Route>
            <Route path="*" element={<Navigate to="/contacts" replace />} />
          </Route>
        </Route>
      </Routes>
    </Suspense>
  );
}
