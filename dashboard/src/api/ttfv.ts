import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TtfvCohortUnit, TtfvReport, TtfvSettings } from '../../../contracts/ttfv.ts';
import { api, withQuery } from './client.ts';
import type { ReportRange } from './insights.ts';
import { useAction } from './settings.ts';

export interface TtfvView extends ReportRange {
  cohort: TtfvCohortUnit;
  within_days: number;
  /** Overrides the workspace's milestone for this view. */
  event?: string;
  campaign_id?: string;
}

const params = (v: TtfvView) => ({ ...v, event: v.event || undefined, campaign_id: v.campaign_id || undefined });

export function useTtfv(view: TtfvView, enabled = true) {
  return useQuery({
    queryKey: ['ttfv', view],
    queryFn: () => api.get<TtfvReport>('/api/app/ttfv', params(view)),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export const ttfvCsvUrl = (view: TtfvView) => withQuery('/api/app/ttfv.csv', params(view));

const settingsKey = ['ttfv-settings'];
export const useTtfvSettings = () => useQuery({ queryKey: settingsKey, queryFn: () => api.get<TtfvSettings>('/api/app/ttfv/settings') });
export const useSetTtfvSettings = () => useAction((v: TtfvSettings) => api.put<TtfvSettings>('/api/app/ttfv/settings', v), [settingsKey, ['ttfv']]);
