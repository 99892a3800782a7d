import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, withQuery } from './client.ts';
import { useAction } from './settings.ts';
import type { ActiveUnit, DigestSettings, OutcomeGroup, Outcomes, ReportGroup, ReportTime, SupportReport, SupportVolume, TicketVolume } from './types.ts';

export interface ReportRange {
  from: string;
  to: string;
}

export function useSupportReport(range: ReportRange, groupBy: ReportGroup, time: ReportTime) {
  return useQuery({
    queryKey: ['support-report', range, groupBy, time],
    queryFn: () => api.get<SupportReport>('/api/v1/reports/support', { ...range, group_by: groupBy, time }),
    placeholderData: keepPreviousData,
  });
}

export const supportCsvUrl = (range: ReportRange, groupBy: ReportGroup, time: ReportTime) =>
  withQuery('/api/v1/reports/support.csv', { ...range, group_by: groupBy, time });

export function useSupportVolume(range: ReportRange, tz: string) {
  return useQuery({
    queryKey: ['support-volume', range, tz],
    queryFn: () => api.get<SupportVolume>('/api/v1/reports/support/volume', { ...range, tz }),
    placeholderData: keepPreviousData,
  });
}

const digestKey = ['insights-digest'];
export const useDigestSettings = () => useQuery({ queryKey: digestKey, queryFn: () => api.get<DigestSettings>('/api/app/insights/digest') });
export const useSetDigest = () => useAction((v: DigestSettings) => api.put<DigestSettings>('/api/app/insights/digest', v), [digestKey]);

export function useOutcomes(range: ReportRange, groupBy: OutcomeGroup, segmentId: string | null) {
  return useQuery({
    queryKey: ['outcomes', range, groupBy, segmentId],
    queryFn: () => api.get<Outcomes>('/api/v1/reports/outcomes', { ...range, group_by: groupBy, segment_id: segmentId }),
    enabled: groupBy !== 'segment' || !!segmentId,
    placeholderData: keepPreviousData,
  });
}

export function useTicketVolume(range: ReportRange, unit: ActiveUnit) {
  return useQuery({
    queryKey: ['ticket-volume', range, unit],
    queryFn: () => api.get<TicketVolume>('/api/app/insights/ticket-volume', { ...range, unit }),
    placeholderData: keepPreviousData,
  });
}

export const ticketVolumeCsvUrl = (range: ReportRange, unit: ActiveUnit) => withQuery('/api/app/insights/ticket-volume.csv', { ...range, unit });
