import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Campaign, CampaignCreate, CampaignStats, DeliverySettings, PickToken } from '../../../contracts/campaigns.ts';
import { api } from './client.ts';
import type { Page } from './types.ts';

const listKey = ['campaigns'] as const;
const oneKey = (id: string) => ['campaigns', id] as const;

export function useCampaigns() {
  return useQuery({ queryKey: listKey, queryFn: () => api.get<Page<Campaign>>('/api/v1/campaigns', { limit: 100 }), select: (p) => p.data });
}

export function useCampaign(id: string | undefined) {
  return useQuery({ queryKey: oneKey(id ?? ''), queryFn: () => api.get<Campaign>(`/api/v1/campaigns/${id}`), enabled: Boolean(id) });
}

export function useCampaignStats(id: string | undefined) {
  return useQuery({ queryKey: ['campaigns', id, 'stats'], queryFn: () => api.get<CampaignStats>(`/api/v1/campaigns/${id}/stats`), enabled: Boolean(id) });
}

export function useSaveCampaign(id: string | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CampaignCreate) => {
      if (!id) return api.post<Campaign>('/api/v1/campaigns', body);
      const { type: _type, ...patch } = body;
      return api.patch<Campaign>(`/api/v1/campaigns/${id}`, patch);
    },
    onSuccess: (saved) => {
      qc.setQueryData(oneKey(saved.id), saved);
      return qc.invalidateQueries({ queryKey: listKey });
    },
    meta: { silent: true },
  });
}

export function useCampaignState(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (action: 'start' | 'pause') => api.post<Campaign>(`/api/v1/campaigns/${id}/${action}`),
    onSuccess: (saved) => {
      qc.setQueryData(oneKey(saved.id), saved);
      return qc.invalidateQueries({ queryKey: ['campaigns'] });
    },
  });
}

const settingsKey = ['campaign-settings'] as const;

export function useDeliverySettings() {
  return useQuery({ queryKey: settingsKey, queryFn: () => api.get<DeliverySettings>('/api/v1/campaign-settings') });
}

export function useSaveDeliverySettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: DeliverySettings) => api.put<DeliverySettings>('/api/v1/campaign-settings', body),
    onSuccess: (saved) => qc.setQueryData(settingsKey, saved),
    meta: { silent: true },
  });
}

/** A ten-minute token for the element picker on the workspace's own pages. */
export function usePickToken() {
  return useMutation({ mutationFn: () => api.post<PickToken>('/api/v1/campaigns/pick-token') });
}
