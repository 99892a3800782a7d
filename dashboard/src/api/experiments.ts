import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import type { AnalysisResult, ExperimentReport, ExperimentView, SampleSize } from './types.ts';

/** The offline analysis of an uploaded units CSV and design (nothing is stored). */
export const useAnalyzeUpload = () =>
  useMutation({
    mutationFn: (v: { design: unknown; unitsCsv: string }) =>
      api.post<AnalysisResult>('/api/v1/experiments/analyze', { design: v.design, units_csv: v.unitsCsv }),
    meta: { silent: true },
  });

/** The design form's calculator: units per arm (and days) for a conversion-rate experiment. */
export const useSampleSize = () =>
  useMutation({
    mutationFn: (v: { baseline: number; mde: number; alpha: number; power: number; daily_units?: number; traffic: number }) =>
      api.post<SampleSize>('/api/v1/experiments/sample-size', { kind: 'proportions', ...v }),
    meta: { silent: true },
  });

const experimentsKey = ['experiments'] as const;

export const useExperiments = () =>
  useQuery({ queryKey: experimentsKey, queryFn: async () => (await api.get<{ data: ExperimentView[] }>('/api/v1/experiments')).data });

/** Creates a draft (with its pre-registration) and, when asked, starts it at once. */
export function useCreateExperiment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (v: { body: unknown; start: boolean }) => {
      const created = await api.post<ExperimentView>('/api/v1/experiments', v.body);
      return v.start ? api.post<ExperimentView>(`/api/v1/experiments/${created.id}/start`) : created;
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: experimentsKey }),
    meta: { silent: true },
  });
}

export function useExperimentAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (action: 'start' | 'stop') => api.post<ExperimentView>(`/api/v1/experiments/${id}/${action}`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: experimentsKey });
      void qc.invalidateQueries({ queryKey: ['experiment-report', id] });
    },
  });
}

export const useExperimentReport = (id: string, breakdown: string | null) =>
  useQuery({
    queryKey: ['experiment-report', id, breakdown],
    queryFn: () => api.get<ExperimentReport>(`/api/v1/experiments/${id}/report`, { breakdown }),
    placeholderData: keepPreviousData,
    retry: false,
  });

/** The report behind a share link: no session needed, the token is the credential. */
export const useSharedReport = (token: string, breakdown: string | null) =>
  useQuery({
    queryKey: ['shared-report', token, breakdown],
    queryFn: () => api.get<ExperimentReport>(`/api/v1/shared/experiment-reports/${encodeURIComponent(token)}`, { breakdown }),
    placeholderData: keepPreviousData,
    retry: false,
  });

export interface ShareLink {
  id: string;
  created_at: string;
  revoked_at: string | null;
}

export const useShareLinks = (id: string) =>
  useQuery({ queryKey: ['share-links', id], queryFn: async () => (await api.get<{ data: ShareLink[] }>(`/api/v1/experiments/${id}/share-links`)).data });

export function useShareLinkActions(id: string) {
  const qc = useQueryClient();
  const done = () => qc.invalidateQueries({ queryKey: ['share-links', id] });
  return {
    create: useMutation({ mutationFn: () => api.post<ShareLink & { token: string; path: string }>(`/api/v1/experiments/${id}/share-links`), onSuccess: done }),
    revoke: useMutation({ mutationFn: (linkId: string) => api.delete(`/api/v1/experiments/${id}/share-links/${linkId}`), onSuccess: done }),
  };
}
