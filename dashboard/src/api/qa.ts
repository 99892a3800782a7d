import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import { useAction } from './settings.ts';
import type { Calibration, ReviewDetail, Review, ReviewSubmit, Scorecard, ScorecardInput, Trend } from './types.ts';

const scorecardsKey = ['qa-scorecards'];
const reviewsKey = ['qa-reviews'];
const trendKey = ['qa-trend'];
const calibrationKey = ['qa-calibration'];

export const useScorecards = () => useQuery({ queryKey: scorecardsKey, queryFn: () => api.get<{ data: Scorecard[] }>('/api/app/qa/scorecards') });
export const useSaveScorecard = () =>
  useAction(
    (v: { id?: string; input: ScorecardInput }) =>
      v.id ? api.put<Scorecard>(`/api/app/qa/scorecards/${v.id}`, v.input) : api.post<Scorecard>('/api/app/qa/scorecards', v.input),
    [scorecardsKey],
  );
export const useSampleNow = () =>
  useAction((v: { id: string; from: string; to: string }) => api.post<{ assigned: number }>(`/api/app/qa/scorecards/${v.id}/sample`, { from: v.from, to: v.to }), [reviewsKey], true);

export interface ReviewFilter {
  reviewer?: 'me';
  agent_id?: string;
  status?: 'pending' | 'done';
}
export const useReviews = (filter: ReviewFilter, enabled = true) =>
  useQuery({ queryKey: [...reviewsKey, filter], queryFn: () => api.get<{ data: Review[] }>('/api/app/qa/reviews', { ...filter }), enabled });
export const useReview = (id: string) => useQuery({ queryKey: [...reviewsKey, 'detail', id], queryFn: () => api.get<ReviewDetail>(`/api/app/qa/reviews/${id}`) });
export const useCreateReview = () =>
  useAction(
    (v: { conversation_id: string; scorecard_id: string; reviewer_ids?: string[] }) => api.post<{ data: Review[] }>('/api/app/qa/reviews', v),
    [reviewsKey],
    true,
  );
export const useSubmitReview = () =>
  useAction((v: { id: string; body: ReviewSubmit }) => api.put<ReviewDetail>(`/api/app/qa/reviews/${v.id}`, v.body), [reviewsKey, trendKey, calibrationKey], true);

export const useTrend = (who: { agent_id?: string; team_id?: string }, weeks = 12) =>
  useQuery({ queryKey: [...trendKey, who, weeks], queryFn: () => api.get<Trend>('/api/app/qa/trend', { ...who, weeks }) });
export const useCalibration = () => useQuery({ queryKey: calibrationKey, queryFn: () => api.get<Calibration>('/api/app/qa/calibration') });
