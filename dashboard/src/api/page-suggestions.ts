import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PageSuggestion } from '../../../contracts/help.ts';
import { api } from './client.ts';

const key = ['knowledge', 'page-suggestions'];

/** The product pages mapped to suggested articles, shown on the Messenger's home. */
export const usePageSuggestions = () =>
  useQuery({ queryKey: key, queryFn: async () => (await api.get<{ data: PageSuggestion[] }>('/api/app/knowledge/page-suggestions')).data });

export const useSavePageSuggestions = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (data: PageSuggestion[]) => api.put<{ data: PageSuggestion[] }>('/api/app/knowledge/page-suggestions', { data }),
    onSuccess: (saved) => qc.setQueryData(key, saved.data),
    meta: { silent: true },
  });
};
