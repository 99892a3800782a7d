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
  ContactsList,
  ContactProfile,
  CompaniesList,
  CompanyProfile,
  Settings,
  TeamSettings,
  TeamsSettings,
  ApiKeysSettings,
  InstallSettings,
  IdentitySettings,
  WebhooksSettings,
  WebhookDetail,
  MailboxSettings,
  AttributesSettings,
  AccountSettings,
} from './routes/screens.ts';

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
