import { z } from 'zod';

/** Wire schemas of the dashboard's sign-in API (/api/app/auth, /api/app/invites). */

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

export const Role = z.enum(['owner', 'admin', 'agent']);
export type Role = z.infer<typeof Role>;

export const Email = z.email().max(254);

/** A password someone chooses now; old passwords are only compared, never re-validated. */
export const NewPassword = z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH);

export const LoginBody = z.object({
  // Deliberately loose: every wrong sign-in answers the same 401, malformed or not.
  email: z.string().min(1).max(320),
  password: z.string().min(1).max(1024),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const Me = z.object({
  agent: z.object({ id: z.string(), email: z.string(), name: z.string(), locale: z.string() }),
  workspace: z.object({ id: z.string(), name: z.string(), slug: z.string(), isDemo: z.boolean() }),
  role: Role,
  /** Send as `x-csrf-token` on every POST/PUT/PATCH/DELETE. */
  csrfToken: z.string(),
  workspaces: z.array(z.object({ id: z.string(), name: z.string(), role: Role })),
});
export type Me = z.infer<typeof Me>;

export const SwitchWorkspaceBody = z.object({ workspaceId: z.uuid() });

export const PasswordResetBody = z.object({ email: z.string().min(1).max(320) });

export const PasswordResetConfirmBody = z.object({ token: z.string().min(1).max(200), password: NewPassword });

export const ChangePasswordBody = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: NewPassword,
});

export const InviteTokenParams = z.object({ token: z.string().min(1).max(200) });

export const InvitePreview = z.object({
  workspaceName: z.string(),
  email: z.string(),
  role: Role,
  /** True when the address already has a Baton account: accepting then asks for its current password, not a name. */
  existingAccount: z.boolean(),
});
export type InvitePreview = z.infer<typeof InvitePreview>;

export const AcceptInviteBody = z.object({
  token: z.string().min(1).max(200),
  /** Required for a new account; ignored when the address already has one. */
  name: z.string().trim().min(1).max(100).optional(),
  /** A new account's password, or the existing account's current one. */
  password: NewPassword,
});
export type AcceptInviteBody = z.infer<typeof AcceptInviteBody>;
