import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, ApiError, setCsrfToken } from './client.ts';
import type { InvitePreview, Me } from './types.ts';

export const meKey = ['me'] as const;

async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api.get<Me>('/api/app/auth/me');
    setCsrfToken(me.csrfToken);
    return me;
  } catch (err) {
    // Signed out is a state, not an error.
    if (err instanceof ApiError && err.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 60_000 });
}

/** A signed-in screen may assume Me exists: RequireAuth renders it only then. */
export function useSignedInMe(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useSignedInMe outside RequireAuth');
  return data;
}

function adoptMe(qc: QueryClient, me: Me): void {
  setCsrfToken(me.csrfToken);
  // Everything cached belongs to the previous session or workspace.
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== meKey[0] });
  qc.setQueryData(meKey, me);
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) => api.post<Me>('/api/app/auth/login', body),
    onSuccess: (me) => adoptMe(qc, me),
    meta: { silent: true },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/api/app/auth/logout'),
    onSettled: () => {
      setCsrfToken(null);
      qc.clear();
      qc.setQueryData(meKey, null);
    },
  });
}

export function useSwitchWorkspace() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (workspaceId: string) => api.post<Me>('/api/app/auth/switch-workspace', { workspaceId }),
    onSuccess: (me) => adoptMe(qc, me),
  });
}

export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (email: string) => api.post<void>('/api/app/auth/password-reset', { email }),
    meta: { silent: true },
  });
}

export function useConfirmPasswordReset() {
  return useMutation({
    mutationFn: (body: { token: string; password: string }) =>
      api.post<void>('/api/app/auth/password-reset/confirm', body),
    meta: { silent: true },
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      api.post<void>('/api/app/auth/change-password', body),
    meta: { silent: true },
  });
}

export function useInvitePreview(token: string, enabled = true) {
  return useQuery({
    queryKey: ['invite', token],
    queryFn: () => api.get<InvitePreview>(`/api/app/invites/${encodeURIComponent(token)}`),
    enabled: enabled && token.length > 0,
    retry: false,
  });
}

export function useAcceptInvite() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { token: string; name?: string; password: string }) =>
      api.post<Me>('/api/app/invites/accept', body),
    onSuccess: (me) => adoptMe(qc, me),
    meta: { silent: true },
  });
}
