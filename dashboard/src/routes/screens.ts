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
export const ContactsList = screen(() => import('./contacts/ContactsList.tsx'));
export const ContactProfile = screen(() => import('./contacts/ContactProfile.tsx'));
export const CompaniesList = screen(() => import('./companies/CompaniesList.tsx'));
export const CompanyProfile = screen(() => import('./companies/CompanyProfile.tsx'));
export const Settings = screen(() => import('./settings/SettingsLayout.tsx'));
export const TeamSettings = screen(() => import('./settings/TeamSettings.tsx'));
export const TeamsSettings = screen(() => import('./settings/TeamsSettings.tsx'));
export const ApiKeysSettings = screen(() => import('./settings/ApiKeysSettings.tsx'));
export const InstallSettings = screen(() => import('./settings/InstallSettings.tsx'));
export const IdentitySettings = screen(() => import('./settings/IdentitySettings.tsx'));
export const WebhooksSettings = screen(() => import('./settings/WebhooksSettings.tsx'));
export const WebhookDetail = screen(() => import('./settings/WebhookDetail.tsx'));
export const MailboxSettings = screen(() => import('./settings/MailboxSettings.tsx'));
export const AttributesSettings = screen(() => import('./settings/AttributesSettings.tsx'));
export const AccountSettings = screen(() => import('./settings/AccountSettings.tsx'));

const WARM = [ContactsList, ContactProfile, CompaniesList, CompanyProfile, Settings, TeamSettings];

/** Once the shell is up and idle, fetch the main screens' code so their first visit is instant. */
export function useWarmScreens(): void {
  useEffect(() => {
    const timer = setTimeout(() => WARM.forEach((s) => void s.preload()), 2000);
    return () => clearTimeout(timer);
  }, []);
}
