import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import type { SurveyResults } from './types.ts';

/** A survey's results; refreshed while the page is open, as answers keep coming. */
export const useSurveyResults = (campaignId: string) =>
  useQuery({ queryKey: ['survey-results', campaignId], queryFn: () => api.get<SurveyResults>(`/api/app/campaigns/${campaignId}/survey-results`), refetchInterval: 15_000 });
