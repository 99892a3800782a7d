import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import type { Page, RuleGroup, Segment, SegmentPreview, SegmentTarget } from './types.ts';

const segmentsKey = ['segments'] as const;

/** Every segment of the workspace (they are few; the list pages through them all). */
export function useSegments() {
  return useQuery({
    queryKey: segmentsKey,
    queryFn: async () => {
      const all: Segment[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<Segment> = await api.get<Page<Segment>>('/api/v1/segments', { cursor: cursor ?? undefined, limit: 100 });
        all.push(...page.data);
        cursor = page.next_cursor;
      } while (cursor);
      return all.sort((a, b) => a.name.localeCompare(b.name));
    },
  });
}

export function useSegment(id: string | undefined) {
  return useQuery({
    queryKey: ['segment', id],
    queryFn: () => api.get<Segment>(`/api/v1/segments/${id}`),
    enabled: Boolean(id),
  });
}

export interface SegmentDraft {
  name: string;
  description: string | null;
  target: SegmentTarget;
  rule: RuleGroup;
}

export function useSaveSegment(id: string | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ target, ...draft }: SegmentDraft) =>
      id ? api.patch<Segment>(`/api/v1/segments/${id}`, draft) : api.post<Segment>('/api/v1/segments', { ...draft, target }),
    onSuccess: (saved) => {
      qc.setQueryData(['segment', saved.id], saved);
      return qc.invalidateQueries({ queryKey: segmentsKey });
    },
    meta: { silent: true },
  });
}

export function useDeleteSegment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/v1/segments/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: segmentsKey }),
  });
}

/** Who the rule being edited matches right now; the old count stays while a new one loads. */
export function useSegmentPreview(target: SegmentTarget, rule: RuleGroup) {
  return useQuery({
    queryKey: ['segment-preview', target, rule],
    queryFn: () => api.post<SegmentPreview>('/api/v1/segments/preview', { target, rule }),
    placeholderData: keepPreviousData,
    retry: false,
    meta: { silent: true },
  });
}

export function useEventNames() {
  return useQuery({
    queryKey: ['event-names'],
    queryFn: () => api.get<{ data: string[] }>('/api/v1/events/names'),
    select: (res) => res.data,
    staleTime: 60_000,
  });
}

/** The segments a contact or company is in, as of their last refresh. */
export function useMemberSegments(kind: 'contacts' | 'companies', id: string) {
  return useQuery({
    queryKey: ['member-segments', kind, id],
    queryFn: () => api.get<{ data: Segment[] }>(`/api/v1/${kind}/${id}/segments`),
    select: (res) => res.data,
  });
}
