import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import type {
  AttributeDefinition,
  AttributeType,
  Company,
  Contact,
  ContactPage,
  EventPage,
  Filter,
  Page,
} from './types.ts';

/** Rows per request: enough to fill a tall screen, small enough to answer fast at 100,000 contacts. */
export const PAGE_SIZE = 50;

export interface ListParams {
  q?: string;
  filter?: Filter[];
  sort?: string;
  order?: 'asc' | 'desc';
  segment_id?: string;
}

export interface ContactListParams extends ListParams {
  role?: 'user' | 'lead';
}

function listQuery(params: ListParams & Record<string, unknown>, cursor: string | null) {
  const { filter, ...rest } = params;
  return {
    ...(rest as Record<string, string | undefined>),
    filter: filter && filter.length > 0 ? JSON.stringify(filter) : undefined,
    cursor: cursor ?? undefined,
    limit: PAGE_SIZE,
  };
}

export function useContactList(params: ContactListParams) {
  return useInfiniteQuery({
    queryKey: ['contacts', params],
    queryFn: ({ pageParam }) => api.get<ContactPage>('/api/v1/contacts', listQuery({ ...params }, pageParam)),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    // Keep the old rows on screen while a new filter loads, instead of flashing an empty table.
    placeholderData: keepPreviousData,
  });
}

/** How many rows the list's filters match in all (the list itself pages through them). */
function useCount(path: string, params: ListParams & Record<string, unknown>) {
  const { sort: _sort, order: _order, ...filters } = params;
  const query = listQuery(filters, null);
  return useQuery({
    queryKey: [path, filters],
    queryFn: () => api.get<{ count: number }>(path, { ...query, limit: undefined }),
    select: (res) => res.count,
    placeholderData: keepPreviousData,
  });
}

export const useContactCount = (params: ContactListParams) => useCount('/api/v1/contacts/count', { ...params });
export const useCompanyCount = (params: ListParams) => useCount('/api/v1/companies/count', { ...params });

export const contactKey = (id: string) => ['contact', id] as const;
export const eventsKey = (id: string) => ['contact', id, 'events'] as const;

export function useContact(id: string) {
  return useQuery({ queryKey: contactKey(id), queryFn: () => api.get<Contact>(`/api/v1/contacts/${id}`) });
}

export function useContactEvents(id: string) {
  return useInfiniteQuery({
    queryKey: eventsKey(id),
    queryFn: ({ pageParam }) =>
      api.get<EventPage>(`/api/v1/contacts/${id}/events`, { cursor: pageParam ?? undefined, limit: PAGE_SIZE }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
}

export function useCompanyList(params: ListParams) {
  return useInfiniteQuery({
    queryKey: ['companies', params],
    queryFn: ({ pageParam }) => api.get<Page<Company>>('/api/v1/companies', listQuery({ ...params }, pageParam)),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    placeholderData: keepPreviousData,
  });
}

export function useCompany(id: string) {
  return useQuery({ queryKey: ['company', id], queryFn: () => api.get<Company>(`/api/v1/companies/${id}`) });
}

export function useCompanyContacts(id: string) {
  return useInfiniteQuery({
    queryKey: ['company', id, 'contacts'],
    queryFn: ({ pageParam }) =>
      api.get<ContactPage>(`/api/v1/companies/${id}/contacts`, { cursor: pageParam ?? undefined, limit: PAGE_SIZE }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
}

const attributesKey = ['attributes'] as const;

export function useAttributeDefinitions() {
  return useQuery({
    queryKey: attributesKey,
    queryFn: () => api.get<{ data: AttributeDefinition[] }>('/api/v1/attributes'),
    select: (res) => res.data,
    staleTime: 60_000,
  });
}

export function useCreateAttribute() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { target: 'contact' | 'company'; key: string; label: string; type: AttributeType }) =>
      api.post<AttributeDefinition>('/api/v1/attributes', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: attributesKey }),
    meta: { silent: true },
  });
}

export function useDeleteAttribute() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/v1/attributes/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: attributesKey }),
  });
}

export function useUpdateContact(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: Record<string, unknown>) => api.patch<Contact>(`/api/v1/contacts/${id}`, patch),
    onSuccess: (contact) => {
      qc.setQueryData(contactKey(id), contact);
      return qc.invalidateQueries({ queryKey: ['contacts'] });
    },
    meta: { silent: true },
  });
}
