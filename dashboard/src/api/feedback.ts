import { useQuery } from '@tanstack/react-query';
import { api, withQuery } from './client.ts';
import { useAction } from './settings.ts';
import type {
  ConversationFeedback,
  FeedbackItem,
  FeedbackItemDetail,
  FeedbackKind,
  FeedbackSort,
  FeedbackStatus,
  LinkedConversation,
  NotificationRun,
  StartNotification,
} from './types.ts';

const listKey = ['feedback-items'];
const itemKey = (id: string) => ['feedback-item', id];
const conversationKey = (id: string) => ['conversation-feedback', id];

export const useFeedbackItems = (sort: FeedbackSort) =>
  useQuery({ queryKey: [...listKey, sort], queryFn: async () => (await api.get<{ data: FeedbackItem[] }>('/api/v1/feedback-items', { sort })).data });

export const feedbackCsvUrl = (sort: FeedbackSort) => withQuery('/api/v1/feedback-items.csv', { sort });

export const useFeedbackItem = (id: string) => useQuery({ queryKey: itemKey(id), queryFn: () => api.get<FeedbackItemDetail>(`/api/v1/feedback-items/${id}`) });

export const useLinkedConversations = (id: string) =>
  useQuery({
    queryKey: [...itemKey(id), 'conversations'],
    queryFn: async () => (await api.get<{ data: LinkedConversation[] }>(`/api/v1/feedback-items/${id}/conversations`)).data,
  });

export const useCreateFeedbackItem = () =>
  useAction((v: { kind: FeedbackKind; title: string; description?: string }) => api.post<FeedbackItem>('/api/v1/feedback-items', v), [listKey]);

export const useUpdateFeedbackItem = (id: string) =>
  useAction((v: { status?: FeedbackStatus; title?: string; kind?: FeedbackKind }) => api.patch<FeedbackItem>(`/api/v1/feedback-items/${id}`, v), [listKey, itemKey(id)]);

/** The runs of "notify affected customers"; polled while one is running, to show its progress. */
export const useNotificationRuns = (id: string) =>
  useQuery({
    queryKey: [...itemKey(id), 'notifications'],
    queryFn: async () => (await api.get<{ data: NotificationRun[] }>(`/api/v1/feedback-items/${id}/notifications`)).data,
    refetchInterval: (q) => (q.state.data?.[0]?.status === 'running' ? 1000 : false),
  });

export const useNotifyCustomers = (id: string) =>
  useAction((v: StartNotification) => api.post<NotificationRun>(`/api/v1/feedback-items/${id}/notifications`, v), [[...itemKey(id), 'notifications']]);

export const useConversationFeedback = (conversationId: string) =>
  useQuery({ queryKey: conversationKey(conversationId), queryFn: () => api.get<ConversationFeedback>(`/api/v1/conversations/${conversationId}/feedback`) });

export const useLinkConversation = (conversationId: string) =>
  useAction(
    (v: { itemId: string; source: 'agent' | 'suggestion' }) =>
      api.post<FeedbackItem>(`/api/v1/feedback-items/${v.itemId}/conversations`, { conversation_id: conversationId, source: v.source }),
    [conversationKey(conversationId), listKey],
  );

export const useUnlinkConversation = (conversationId: string) =>
  useAction((itemId: string) => api.delete(`/api/v1/feedback-items/${itemId}/conversations/${conversationId}`), [conversationKey(conversationId), listKey]);
