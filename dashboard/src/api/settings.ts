import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import type {
  ApiKey,
  CreatedApiKey,
  DeliveryPage,
  MailboxItem,
  MailboxMessage,
  Role,
  Team,
  TeamOverview,
  Webhook,
  WebhookEventTypeInfo,
  WebhookList,
  WorkspaceSettings,
} from './types.ts';

/** A mutation that refreshes the given queries once it succeeds. */
export function useAction<V, R = unknown>(fn: (v: V) => Promise<R>, invalidate: readonly unknown[][], silent = false) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => Promise.all(invalidate.map((queryKey) => qc.invalidateQueries({ queryKey }))),
    meta: { silent },
  });
}

// Team and invites
const teamKey = ['team'];
export const useTeam = () => useQuery({ queryKey: teamKey, queryFn: () => api.get<TeamOverview>('/api/app/team') });
export const useInvite = () =>
  useAction((b: { email: string; role: Role }) => api.post('/api/app/team/invites', b), [teamKey], true);
export const useRevokeInvite = () => useAction((id: string) => api.delete(`/api/app/team/invites/${id}`), [teamKey]);
export const useChangeRole = () =>
  useAction((v: { agentId: string; role: Role }) => api.patch(`/api/app/team/members/${v.agentId}`, { role: v.role }), [teamKey]);
export const useSetMemberCapacity = () =>
  useAction((v: { agentId: string; capacity: number | null }) => api.put(`/api/app/team/members/${v.agentId}/capacity`, { capacity: v.capacity }), [teamKey]);
export const useRemoveMember = () => useAction((agentId: string) => api.delete(`/api/app/team/members/${agentId}`), [teamKey]);

// Teams
const teamsKey = ['teams'];
export const useTeams = () =>
  useQuery({
    queryKey: teamsKey,
    queryFn: () => api.get<Team[]>('/api/app/teams'),
  });
export const useCreateTeam = () =>
  useAction((b: { name: string; agentIds: string[] }) => api.post('/api/app/teams', b), [teamsKey], true);
export const useUpdateTeam = () =>
  useAction(
    (v: { id: string; name?: string; agentIds?: string[]; agentCapacity?: number | null }) =>
      api.patch(`/api/app/teams/${v.id}`, { name: v.name, agentIds: v.agentIds, agentCapacity: v.agentCapacity }),
    [teamsKey],
  );
export const useDeleteTeam = () => useAction((id: string) => api.delete(`/api/app/teams/${id}`), [teamsKey]);

// Workspace, keys and identity verification
const workspaceKey = ['workspace'];
export const useWorkspace = () =>
  useQuery({ queryKey: workspaceKey, queryFn: () => api.get<WorkspaceSettings>('/api/app/workspace') });
export const useUpdateWorkspace = () =>
  useAction(
    (b: { name?: string; defaultLocale?: string; identityVerificationEnforced?: boolean }) => api.patch('/api/app/workspace', b),
    [workspaceKey, ['me']],
  );
export const useRotateIdentitySecret = () =>
  useAction(() => api.post('/api/app/workspace/rotate-identity-secret'), [workspaceKey]);

const apiKeysKey = ['api-keys'];
export const useApiKeys = () =>
  useQuery({
    queryKey: apiKeysKey,
    queryFn: () => api.get<ApiKey[]>('/api/app/api-keys'),
  });
export const useCreateApiKey = () =>
  useAction((name: string) => api.post<CreatedApiKey>('/api/app/api-keys', { name }), [apiKeysKey], true);
export const useRevokeApiKey = () => useAction((id: string) => api.delete(`/api/app/api-keys/${id}`), [apiKeysKey]);

// Webhooks
const webhooksKey = ['webhooks'];
export const useWebhooks = () =>
  useQuery({ queryKey: webhooksKey, queryFn: () => api.get<WebhookList>('/api/app/webhooks'), select: (r) => r.data });
export const useWebhook = (id: string) =>
  useQuery({ queryKey: [...webhooksKey, id], queryFn: () => api.get<Webhook>(`/api/app/webhooks/${id}`) });
export const useWebhookEventTypes = () =>
  useQuery({
    queryKey: ['webhook-event-types'],
    queryFn: () => api.get<WebhookEventTypeInfo[]>('/api/app/webhook-event-types'),
    staleTime: Infinity,
  });
export const useDeliveries = (id: string) =>
  useQuery({
    queryKey: [...webhooksKey, id, 'deliveries'],
    queryFn: () => api.get<DeliveryPage>(`/api/app/webhooks/${id}/deliveries`, { limit: 50 }),
    // Retries land in the background; keep the log current while it is open.
    refetchInterval: 5000,
  });
export const useCreateWebhook = () =>
  useAction(
    (b: { url: string; description?: string | null; event_types: string[] }) => api.post<Webhook>('/api/app/webhooks', b),
    [webhooksKey],
    true,
  );
export const useUpdateWebhook = () =>
  useAction(
    (v: { id: string; url?: string; description?: string | null; event_types?: string[]; active?: boolean }) => {
      const { id, ...body } = v;
      return api.patch<Webhook>(`/api/app/webhooks/${id}`, body);
    },
    [webhooksKey],
  );
export const useDeleteWebhook = () => useAction((id: string) => api.delete(`/api/app/webhooks/${id}`), [webhooksKey]);
export const useTestWebhook = () => useAction((id: string) => api.post(`/api/app/webhooks/${id}/test`), [webhooksKey]);
export const useRotateWebhookSecret = () =>
  useAction((id: string) => api.post<Webhook>(`/api/app/webhooks/${id}/rotate-secret`), [webhooksKey]);

// Dev mailbox
export const useMailbox = () =>
  useQuery({
    queryKey: ['mailbox'],
    queryFn: () => api.get<MailboxItem[]>('/api/app/mailbox'),
  });
export const useMail = (id: string | null) =>
  useQuery({
    queryKey: ['mailbox', id],
    queryFn: () => api.get<MailboxMessage>(`/api/app/mailbox/${id}`),
    enabled: id !== null,
  });
