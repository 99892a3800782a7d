import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import type { Page, Series, SeriesCreate, SeriesLocale, SeriesPreview, StepContent } from './types.ts';

const listKey = ['email-series'] as const;
const oneKey = (id: string) => ['email-series', id] as const;

export function useSeriesList() {
  return useQuery({
    queryKey: listKey,
    queryFn: () => api.get<Page<Series>>('/api/v1/email-series', { limit: 100 }),
    select: (page) => page.data,
  });
}

export function useSeries(id: string | undefined) {
  return useQuery({ queryKey: oneKey(id ?? ''), queryFn: () => api.get<Series>(`/api/v1/email-series/${id}`), enabled: Boolean(id) });
}

export function useSaveSeries(id: string | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SeriesCreate) =>
      id ? api.patch<Series>(`/api/v1/email-series/${id}`, body) : api.post<Series>('/api/v1/email-series', body),
    onSuccess: (saved) => {
      qc.setQueryData(oneKey(saved.id), saved);
      return qc.invalidateQueries({ queryKey: listKey });
    },
    meta: { silent: true },
  });
}

export function useSeriesState(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (action: 'start' | 'pause') => api.post<Series>(`/api/v1/email-series/${id}/${action}`),
    onSuccess: (saved) => {
      qc.setQueryData(oneKey(saved.id), saved);
      return qc.invalidateQueries({ queryKey: listKey });
    },
  });
}

export function useDeleteSeries() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/v1/email-series/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: listKey }),
  });
}

export function useStepPreview(content: StepContent | undefined, locale: SeriesLocale, track: boolean) {
  return useQuery({
    queryKey: ['email-series-preview', content, locale, track],
    queryFn: () => api.post<SeriesPreview>('/api/v1/email-series/preview', { content, locale, track }),
    enabled: Boolean(content?.subject.trim() && content.body.trim()),
    retry: false,
    meta: { silent: true },
  });
}
