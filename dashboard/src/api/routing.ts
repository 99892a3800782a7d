import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import { useAction } from './settings.ts';
import type { ConversationRouting, OfficeHours, RoutingRule, RoutingRuleCreate, RoutingRuleUpdate, SlaPolicy, SlaPolicyCreate, SlaStats } from './types.ts';

const policiesKey = ['sla-policies'];
const rulesKey = ['routing-rules'];

export const useSlaPolicies = () =>
  useQuery({ queryKey: policiesKey, queryFn: () => api.get<{ data: SlaPolicy[] }>('/api/v1/sla-policies'), select: (r) => r.data });
export const useSlaStats = (id: string) =>
  useQuery({ queryKey: ['sla-stats', id], queryFn: () => api.get<SlaStats>(`/api/v1/sla-policies/${id}/stats`) });
export const useCreateSlaPolicy = () =>
  useAction((b: SlaPolicyCreate) => api.post<SlaPolicy>('/api/v1/sla-policies', b), [policiesKey], true);
export const useDeleteSlaPolicy = () => useAction((id: string) => api.delete(`/api/v1/sla-policies/${id}`), [policiesKey, rulesKey]);

export const useRoutingRules = () =>
  useQuery({ queryKey: rulesKey, queryFn: () => api.get<{ data: RoutingRule[] }>('/api/v1/routing-rules'), select: (r) => r.data });
export const useCreateRoutingRule = () =>
  useAction((b: RoutingRuleCreate) => api.post<RoutingRule>('/api/v1/routing-rules', b), [rulesKey], true);
export const useUpdateRoutingRule = () =>
  useAction(({ id, ...changes }: { id: string } & RoutingRuleUpdate) => api.patch<RoutingRule>(`/api/v1/routing-rules/${id}`, changes), [rulesKey]);
export const useReorderRoutingRules = () =>
  useAction((ids: string[]) => api.put<{ data: RoutingRule[] }>('/api/v1/routing-rules/order', { ids }), [rulesKey]);
export const useDeleteRoutingRule = () => useAction((id: string) => api.delete(`/api/v1/routing-rules/${id}`), [rulesKey]);

/** A conversation's routing and SLA status; refreshed while it is open, as the clock runs. */
export const useConversationRouting = (id: string, lastSeq: number) =>
  useQuery({
    queryKey: ['conversation-routing', id, lastSeq],
    queryFn: () => api.get<ConversationRouting>(`/api/v1/conversations/${id}/routing`),
    refetchInterval: 30_000,
  });

const hoursKey = (teamId: string) => ['office-hours', teamId];
export const useOfficeHours = (teamId: string | null) =>
  useQuery({
    queryKey: hoursKey(teamId ?? ''),
    queryFn: () => api.get<{ office_hours: OfficeHours | null }>(`/api/v1/teams/${teamId}/office-hours`),
    enabled: teamId !== null,
    select: (r) => r.office_hours,
  });
export const useSaveOfficeHours = (teamId: string) =>
  useAction((b: OfficeHours | null) => (b ? api.put(`/api/v1/teams/${teamId}/office-hours`, b) : api.delete(`/api/v1/teams/${teamId}/office-hours`)), [hoursKey(teamId)]);
